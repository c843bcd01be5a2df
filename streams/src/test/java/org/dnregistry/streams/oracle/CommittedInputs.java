package org.dnregistry.streams.oracle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * A history on a real broker, and the history the topology sees there: for tests whose broker other tests share,
 * the oracle is computed from every committed record of the input topics read back, not only from what one test
 * produced.
 */
public final class CommittedInputs {
  private CommittedInputs() {}

  /** Produces the history in order (idempotent, acks=all), the values Avro-framed with the registry's ids. */
  public static void produce(String bootstrapServers, SchemaRegistryClient registry, List<TopicRecord> history) {
    var config = new HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        new AvroSerializer<SpecificRecord>(registry, false, true))) {
      for (TopicRecord r : history) {
        producer.send(new ProducerRecord<>(r.topic(), r.key(), r.valueOrNull()));
      }
      producer.flush();
    }
  }

  /**
   * Every committed record of the input topics, per partition in offset order (the order of each key), as the
   * topology takes them: a frame that cannot be read or a value FactChecks refuses is a dead letter, not a fact.
   */
  public static List<TopicRecord> readBack(String bootstrapServers, SchemaRegistryClient registry, Duration timeout) {
    var config = new HashMap<String, Object>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var out = new ArrayList<TopicRecord>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (TopicSpec<? extends SpecificRecord> topic : Topics.INPUTS) {
        var deserializer = new AvroDeserializer<SpecificRecord>(registry, topic.valueType());
        var partitions = consumer.partitionsFor(topic.name()).stream()
            .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Instant deadline = Instant.now().plus(timeout);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError("could not read back " + topic.name() + " within " + timeout);
          }
          for (var r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() == null) {
              continue;
            }
            if (r.value() == null) {
              out.add(TopicRecord.retraction(topic.name(), r.key()));
              continue;
            }
            SpecificRecord value;
            try {
              value = deserializer.deserialize(topic.name(), r.value());
            } catch (RuntimeException e) {
              continue;
            }
            if (valid(r.key(), value)) {
              out.add(new TopicRecord(topic.name(), r.key(), value));
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean valid(String key, SpecificRecord value) {
    List<String> problems;
    if (value instanceof Episode e) {
      problems = FactChecks.episode(key, e);
    } else if (value instanceof Session x) {
      problems = FactChecks.session(key, x);
    } else if (value instanceof Outcome o) {
      problems = FactChecks.outcome(key, o);
    } else if (value instanceof AdverseEvent a) {
      problems = FactChecks.adverseEvent(key, a);
    } else if (value instanceof Clinic c) {
      problems = FactChecks.clinic(key, c);
    } else if (value instanceof Practitioner p) {
      problems = FactChecks.practitioner(key, p);
    } else if (value instanceof Baseline b) {
      problems = FactChecks.baseline(key, b);
    } else {
      throw new IllegalStateException("not an input fact: " + value.getClass());
    }
    return problems.isEmpty();
  }
}
