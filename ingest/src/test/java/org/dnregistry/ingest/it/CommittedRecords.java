package org.dnregistry.ingest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.topics.TopicSpec;

/** Reads a whole topic the way downstream consumers do: read_committed, values through the AvroDeserializer. */
final class CommittedRecords {
  /** One record as read back: key, value (null for a tombstone), partition and offset. */
  record Read(String topic, String key, SpecificRecord value, int partition, long offset) {}

  private CommittedRecords() {}

  static List<Read> read(String bootstrapServers, SchemaRegistryClient registry, TopicSpec<?> topic,
                         Predicate<String> keys) {
    var deserializer = new AvroDeserializer<SpecificRecord>(registry, topic.valueType());
    var out = new ArrayList<Read>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: everything committed so far.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end within 60 s");
        }
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          if (keys.test(r.key())) {
            out.add(new Read(r.topic(), r.key(), deserializer.deserialize(r.topic(), r.value()), r.partition(),
                r.offset()));
          }
        }
      }
    }
    return out;
  }
}
