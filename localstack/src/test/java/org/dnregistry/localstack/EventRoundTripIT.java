package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every event and output type of {@link Topics#ALL} through the real broker and the real registry: written by
 * {@link AvroSerializer} from an idempotent producer (acks=all), read back by {@link AvroDeserializer} from a
 * read_committed consumer, equal to what was sent; retractions (tombstones) read back as null.
 */
@ExtendWith(LocalStackExtension.class)
class EventRoundTripIT {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final LocalStack stack;

  EventRoundTripIT(LocalStack stack) {
    this.stack = stack;
  }

  /** Where a record landed. */
  private record Position(TopicPartition partition, long offset) {}

  /** What was sent to one position: a value, or null for a tombstone. */
  private record Sent(TopicSpec<?> spec, String key, SpecificRecord value) {}

  @Test
  void everyEventAndOutputTypeRoundTripsThroughTheBrokerAndTheRegistry() throws Exception {
    Map<TopicSpec<?>, String> topics = topicsToWrite();
    var records = new ArrayList<Sent>();
    for (TopicSpec<?> spec : Topics.ALL) {
      for (RoundTripSamples.Sample sample : RoundTripSamples.of(spec)) {
        records.add(new Sent(spec, sample.key(), sample.value()));
      }
    }
    // Retractions of an episode and an adverse event.
    String retractedEpisode = RoundTripSamples.keyed(RoundTripSamples.episodeMinimal()).key();
    String retractedAdverseEvent = RoundTripSamples.keyed(RoundTripSamples.adverseEventMinimal()).key();
    records.add(new Sent(Topics.EPISODES, retractedEpisode, null));
    records.add(new Sent(Topics.ADVERSE_EVENTS, retractedAdverseEvent, null));

    Map<Position, Sent> sent = produce(records, topics);

    try (SchemaRegistryClient registry = registry()) {
      Map<Position, ConsumerRecord<String, SpecificRecord>> read =
          readAt(sent.keySet(), new ValueDeserializerByTopic(topics, registry));
      assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
      sent.forEach((position, expected) -> {
        ConsumerRecord<String, SpecificRecord> got = read.get(position);
        String what = topics.get(expected.spec()) + " key " + expected.key();
        assertThat(got.key()).as(what).isEqualTo(expected.key());
        assertThat(got.value()).as(what).isEqualTo(expected.value());
        if (expected.value() != null) {
          assertThat(got.value()).as(what).isInstanceOf(expected.spec().valueType());
        }
      });
      assertThat(read.values()).filteredOn(r -> r.value() == null).extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder(retractedEpisode, retractedAdverseEvent);
    }
  }

  @Test
  void everyTopicsSubjectIsRegisteredAndEveryFramesSchemaIdResolvesToTheTopicsSchema() throws Exception {
    Map<TopicSpec<?>, String> topics = topicsToWrite();
    var records = new ArrayList<Sent>();
    for (TopicSpec<?> spec : Topics.ALL) {
      RoundTripSamples.Sample sample = RoundTripSamples.of(spec).get(0);
      records.add(new Sent(spec, sample.key(), sample.value()));
    }
    Map<Position, Sent> sent = produce(records, topics);
    Map<Position, ConsumerRecord<String, byte[]>> frames = readAt(sent.keySet(), new ByteArrayDeserializer());
    assertThat(frames.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());

    var rest = new RegistryRest(stack.schemaRegistryUrl());
    Set<String> subjects = new HashSet<>();
    rest.get("/subjects").forEach(s -> subjects.add(s.asText()));
    for (TopicSpec<?> spec : Topics.ALL) {
      assertThat(subjects).as("subjects in the registry").contains(topics.get(spec) + "-value");
    }
    sent.forEach((position, expected) -> {
      byte[] frame = frames.get(position).value();
      String subject = topics.get(expected.spec()) + "-value";
      assertThat(frame[0]).as(subject + ": magic byte").isZero();
      int id = ByteBuffer.wrap(frame, 1, 4).getInt();
      JsonNode byId = rest.get("/schemas/ids/" + id);
      Schema registered = new Schema.Parser().parse(byId.get("schema").asText());
      assertThat(registered).as(subject + ": schema id " + id).isEqualTo(expected.spec().valueSchema());
      assertThat(rest.get("/subjects/" + subject + "/versions/latest").get("id").asInt())
          .as(subject + ": latest version's id").isEqualTo(id);
    });
  }

  /**
   * The topic each spec is written to: its own, except baselines. The extension leaves the baselines topic
   * empty for TopicSetupIT, which seeds it; these go to a copy with the same spec.
   */
  private Map<TopicSpec<?>, String> topicsToWrite() {
    TopicSpec<?> baselines = Topics.BASELINES;
    var copy = new TopicSpec<>("it.round-trip." + baselines.name(), baselines.valueType(), baselines.valueSchema(),
        baselines.cleanup(), baselines.retention(), baselines.description());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      TopicSetup.createTopics(admin, List.of(copy), LocalStackExtension.PARTITIONS, (short) 1);
    }
    var topics = new LinkedHashMap<TopicSpec<?>, String>();
    for (TopicSpec<?> spec : Topics.ALL) {
      topics.put(spec, spec == baselines ? copy.name() : spec.name());
    }
    return topics;
  }

  private Map<Position, Sent> produce(List<Sent> records, Map<TopicSpec<?>, String> topics) throws Exception {
    var sends = new ArrayList<Map.Entry<Sent, Future<RecordMetadata>>>();
    try (SchemaRegistryClient registry = registry();
         var producer = new KafkaProducer<>(Map.<String, Object>of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
             ProducerConfig.ACKS_CONFIG, "all",
             ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
             ProducerConfig.CLIENT_ID_CONFIG, "event-round-trip-it"),
             new StringSerializer(), new AvroSerializer<SpecificRecord>(registry, false, true))) {
      for (Sent record : records) {
        sends.add(Map.entry(record,
            producer.send(new ProducerRecord<>(topics.get(record.spec()), record.key(), record.value()))));
      }
      producer.flush();
      var positions = new LinkedHashMap<Position, Sent>();
      for (var send : sends) {
        RecordMetadata metadata = send.getValue().get();
        positions.put(new Position(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset()),
            send.getKey());
      }
      return positions;
    }
  }

  /**
   * The records at exactly these positions. Other tests of this JVM write to the same topics (a plain string to
   * the clinics topic, say), so the consumer starts at the first position of each partition, not at the start.
   */
  private <V> Map<Position, ConsumerRecord<String, V>> readAt(Set<Position> positions, Deserializer<V> values) {
    var first = new HashMap<TopicPartition, Long>();
    positions.forEach(p -> first.merge(p.partition(), p.offset(), Math::min));
    var read = new HashMap<Position, ConsumerRecord<String, V>>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), values)) {
      consumer.assign(first.keySet());
      first.forEach(consumer::seek);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (read.size() < positions.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          var position = new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
          if (positions.contains(position)) {
            read.put(position, record);
          }
        }
      }
    }
    return read;
  }

  private SchemaRegistryClient registry() {
    return SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
  }

  /** One consumer over every topic, each topic's values read into its own record class, as streams does. */
  private static final class ValueDeserializerByTopic implements Deserializer<SpecificRecord> {
    private final Map<String, AvroDeserializer<SpecificRecord>> byTopic = new HashMap<>();

    ValueDeserializerByTopic(Map<TopicSpec<?>, String> topics, SchemaRegistryClient registry) {
      topics.forEach((spec, topic) -> byTopic.put(topic, new AvroDeserializer<>(registry, spec.valueType())));
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
      AvroDeserializer<SpecificRecord> values = byTopic.get(topic);
      if (values == null) {
        throw new IllegalStateException("no deserializer for topic " + topic);
      }
      return values.deserialize(topic, data);
    }
  }
}
