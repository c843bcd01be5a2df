package org.dnregistry.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.Baseline;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroFrameException;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.PublishedBaselines;

/**
 * Seeds the published baselines into a baselines topic, all of them or none, and completes a seeding that was
 * interrupted, without ever overwriting what an admin wrote.
 *
 * <p>The rule, and why:
 * <ol>
 *   <li>The whole published set is written in <b>one Kafka transaction</b>, together with a marker record (key: the
 *       baselines topic) in the small compacted topic {@value #MARKER_TOPIC}. A consumer reading read_committed
 *       (Streams with exactly-once does) sees every published baseline and the marker, or nothing. The seeder's
 *       transactional.id is fixed per topic, so a new run fences a seeder that is still running (or hung) and
 *       aborts the transaction a crashed one left open.</li>
 *   <li>With the marker present the seeding happened once; the topic belongs to the admins from then on and is never
 *       seeded again. Only a marker can tell this apart from an interrupted seeding: after an admin retracts a
 *       published baseline, compaction eventually removes both the baseline and its tombstone, and the topic then
 *       looks exactly like a seeding that stopped half way.</li>
 *   <li>Without a marker, the topic is seeded when every record it holds is a published baseline unchanged (same
 *       key, same value): then nothing but a seeder ever wrote there. That covers an empty topic, a transaction that
 *       was aborted (it left nothing visible), and a partial set left by the earlier, non-transactional seeder when
 *       it crashed; seeding again re-writes identical values, which is harmless on a compacted topic. When every
 *       published baseline is already there, only the marker is written.</li>
 *   <li>Without a marker, any other record (another value for a published key, a retraction, a baseline an admin
 *       added, bytes that are not a Baseline) means an admin has written: nothing is seeded, so no correction or
 *       retraction is ever overwritten.</li>
 * </ol>
 * The one case this cannot tell apart: a topic seeded before markers existed, where an admin retracted a published
 * baseline and compaction has since removed the tombstone; that baseline would be seeded once more.
 */
final class BaselineSeeding {
  /** Where seedings are marked done: one record per seeded baselines topic. */
  static final String MARKER_TOPIC = "dn.setup.v1";
  static final String TRANSACTIONAL_ID_PREFIX = "dnregistry-baseline-seed-";
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** What the topic holds now (read_committed). */
  record State(boolean marked, int publishedPresent, List<String> foreignKeys) {}

  private BaselineSeeding() {}

  /** Seeds {@code topic} by the rule above; the number of baselines written (0 when none were needed). */
  static int seed(Map<String, Object> kafka, Map<String, ?> registryConfig, String topic) {
    List<Baseline> published = PublishedBaselines.load();
    var byKey = new LinkedHashMap<String, Baseline>();
    published.forEach(b -> byKey.put(Keys.baseline(b.getCategory(), b.getSource()), b));
    try (Admin admin = Admin.create(adminConfig(kafka))) {
      ensureMarkerTopic(admin, topic);
    }
    SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(registryConfig);
    var serializer = new AvroSerializer<Baseline>(registry, false, true);
    try (registry;
         var producer = new KafkaProducer<>(producerConfig(kafka, topic), new StringSerializer(),
             new ByteArraySerializer())) {
      // First: fence an earlier seeder and abort what it left open, so the read below is not held up by it.
      producer.initTransactions();
      State state = read(kafka, registry, topic, byKey);
      if (state.marked() || !state.foreignKeys().isEmpty()) {
        return 0;
      }
      boolean complete = state.publishedPresent() == byKey.size();
      producer.beginTransaction();
      if (!complete) {
        byKey.forEach((key, b) -> producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, b))));
      }
      producer.send(new ProducerRecord<>(MARKER_TOPIC, topic, ("seeded " + byKey.size() + " published baselines at "
          + Instant.now()).getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
      return complete ? 0 : byKey.size();
    } catch (KafkaException e) {
      throw new KafkaException("cannot seed baselines into " + topic + ": " + e.getMessage(), e);
    }
  }

  /** The committed records of the baselines topic and its marker, judged against the published set. */
  static State read(Map<String, Object> kafka, SchemaRegistryClient registry, String topic,
      Map<String, Baseline> published) {
    var config = new HashMap<String, Object>(kafka);
    config.keySet().retainAll(ConsumerConfig.configNames());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dnregistry-baseline-seed-check");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    var values = new AvroDeserializer<Baseline>(registry, Baseline.class);
    var latest = new HashMap<String, byte[]>();
    boolean marked = false;
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = new ArrayList<TopicPartition>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.partitionsFor(MARKER_TOPIC).forEach(p -> partitions.add(new TopicPartition(MARKER_TOPIC,
          p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("could not read " + topic + " to its end within " + READ_TIMEOUT.toSeconds()
              + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(MARKER_TOPIC)) {
            if (topic.equals(r.key())) {
              marked = r.value() != null;
            }
          } else {
            latest.put(r.key(), r.value());
          }
        }
      }
    }
    int present = 0;
    var foreign = new ArrayList<String>();
    for (var entry : latest.entrySet()) {
      Baseline expected = published.get(entry.getKey());
      if (expected != null && entry.getValue() != null && expected.equals(decode(values, topic, entry.getValue()))) {
        present++;
      } else {
        foreign.add(String.valueOf(entry.getKey()));
      }
    }
    return new State(marked, present, List.copyOf(foreign));
  }

  /** The baseline a record holds, or null when its bytes are not one (then it is someone else's record). */
  private static Baseline decode(AvroDeserializer<Baseline> values, String topic, byte[] bytes) {
    try {
      return values.deserialize(topic, bytes);
    } catch (AvroFrameException e) {
      return null;
    }
  }

  /** The marker topic: compacted, one partition, replicated like the baselines topic it marks. */
  private static void ensureMarkerTopic(Admin admin, String baselinesTopic) {
    try {
      if (admin.listTopics().names().get().contains(MARKER_TOPIC)) {
        return;
      }
      TopicDescription d = admin.describeTopics(List.of(baselinesTopic)).allTopicNames().get().get(baselinesTopic);
      short replication = (short) d.partitions().get(0).replicas().size();
      var configs = new HashMap<String, String>(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT));
      configs.putAll(TopicSetup.durabilityConfigs(replication));
      try {
        admin.createTopics(List.of(new NewTopic(MARKER_TOPIC, 1, replication).configs(configs))).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException e) {
      throw new KafkaException("cannot create the topic " + MARKER_TOPIC + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating the topic " + MARKER_TOPIC, e);
    }
  }

  private static Map<String, Object> adminConfig(Map<String, Object> kafka) {
    var config = new HashMap<String, Object>(kafka);
    config.keySet().retainAll(AdminClientConfig.configNames());
    return config;
  }

  private static Map<String, Object> producerConfig(Map<String, Object> kafka, String topic) {
    var config = new HashMap<String, Object>(kafka);
    config.keySet().retainAll(ProducerConfig.configNames());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + topic);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "dnregistry-baseline-seed");
    return config;
  }
}
