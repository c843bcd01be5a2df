package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dnregistry.avro.Baseline;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.PublishedBaselines;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.TopicSpec.Cleanup;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class TopicSetupIT {
  private final LocalStack stack;

  TopicSetupIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void creatingTopicsAgainCreatesNothingAndKeepsThemAll() {
    var result = TopicSetup.createTopics(stack.bootstrapServers(), LocalStackExtension.PARTITIONS, (short) 1);

    assertThat(result.created()).isEmpty();
    assertThat(result.existing()).containsExactlyInAnyOrderElementsOf(
        Topics.ALL.stream().map(TopicSpec::name).toList());
  }

  @Test
  void anotherPartitionCountIsReportedNamingTheTopics() {
    try (Admin admin = admin()) {
      assertThatThrownBy(() -> TopicSetup.createTopics(admin, Topics.INPUTS, 6, (short) 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(Topics.EPISODES.name() + " has 3")
          .hasMessageContaining(Topics.BASELINES.name() + " has 3")
          .hasMessageContaining("6 asked for");
    }
  }

  @Test
  void newTopicsGetTheirSpecsAndPartitions() throws Exception {
    var spec = new TopicSpec<>("it.topic-setup.new", Baseline.class, Baseline.getClassSchema(), Cleanup.DELETE,
        Duration.ofDays(2), "a test topic");
    try (Admin admin = admin()) {
      var result = TopicSetup.createTopics(admin, List.of(spec), 2, (short) 1);

      assertThat(result.created()).containsExactly(spec.name());
      assertThat(admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name()).partitions())
          .hasSize(2);
    }
  }

  private static final String MOCK_REGISTRY = "mock://topic-setup-it";

  /** A fresh compacted baselines-like topic, so each test starts from its own history. */
  private String baselinesTopic(String name) {
    var spec = new TopicSpec<>("it.baselines." + name, Baseline.class, Baseline.getClassSchema(), Cleanup.COMPACT,
        Duration.ZERO, "a test baselines topic");
    try (Admin admin = admin()) {
      TopicSetup.createTopics(admin, List.of(spec), 3, (short) 1);
    }
    return spec.name();
  }

  private int seed(String topic) {
    int n = TopicSetup.seedBaselines(stack.bootstrapServers(), MOCK_REGISTRY, topic);
    System.out.printf("seeded %d baselines into %s%n", n, topic);
    return n;
  }

  private void assertHoldsExactlyThePublishedSet(String topic) {
    var published = PublishedBaselines.load();
    Map<String, Baseline> read = readCommitted(topic, MOCK_REGISTRY);
    assertThat(read).hasSize(published.size());
    for (Baseline b : published) {
      assertThat(read.get(Keys.baseline(b.getCategory(), b.getSource()))).isEqualTo(b);
    }
  }

  @Test
  void baselinesAreSeededOnceAllTogetherAndMarkedDone() throws Exception {
    String topic = baselinesTopic("seed");
    var published = PublishedBaselines.load();

    assertThat(seed(topic)).isEqualTo(published.size());
    assertThat(seed(topic)).isZero();

    assertHoldsExactlyThePublishedSet(topic);
    assertThat(readMarker(topic)).startsWith("seeded " + published.size() + " published baselines at ");
  }

  @Test
  void aSeedingThatNeverCommittedIsFencedAndDoneAgainInFull() throws Exception {
    String topic = baselinesTopic("interrupted");
    var published = PublishedBaselines.load();
    // A seeder that wrote half the set in its transaction and then hung (or was killed) before committing.
    var zombie = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, BaselineSeeding.TRANSACTIONAL_ID_PREFIX + topic),
        new StringSerializer(), new ByteArraySerializer());
    try {
      zombie.initTransactions();
      zombie.beginTransaction();
      published.subList(0, published.size() / 2).forEach(b -> zombie.send(record(topic, b)));
      zombie.flush();
      System.out.printf("left a transaction with %d of %d baselines open in %s%n", published.size() / 2,
          published.size(), topic);

      assertThat(seed(topic)).isEqualTo(published.size());
      assertHoldsExactlyThePublishedSet(topic);
      // The hung seeder can no longer commit its half: it was fenced.
      assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
    } finally {
      zombie.close(Duration.ZERO);
    }
    assertThat(seed(topic)).isZero();
  }

  @Test
  void aPartialSetLeftByTheEarlierNonTransactionalSeederIsCompleted() throws Exception {
    String topic = baselinesTopic("partial");
    var published = PublishedBaselines.load();
    try (var plain = plainProducer()) {
      published.subList(0, 5).forEach(b -> plain.send(record(topic, b)));
    }

    assertThat(seed(topic)).isEqualTo(published.size());
    assertHoldsExactlyThePublishedSet(topic);
  }

  @Test
  void whatAnAdminWroteIsNeverOverwritten() throws Exception {
    String topic = baselinesTopic("admin");
    var published = PublishedBaselines.load();
    Baseline corrected = Baseline.newBuilder(published.get(0)).setHigh(published.get(0).getHigh() + 0.01).build();
    try (var plain = plainProducer()) {
      plain.send(record(topic, published.get(1)));
      plain.send(record(topic, corrected));
    }

    assertThat(seed(topic)).isZero();
    Map<String, Baseline> read = readCommitted(topic, MOCK_REGISTRY);
    assertThat(read).hasSize(2);
    assertThat(read.get(Keys.baseline(corrected.getCategory(), corrected.getSource()))).isEqualTo(corrected);
    assertThat(readMarker(topic)).isNull();
  }

  @Test
  void afterTheMarkerAMissingBaselineIsAnAdminsRetractionAndStaysMissing() throws Exception {
    String topic = baselinesTopic("retracted");
    var published = PublishedBaselines.load();
    assertThat(seed(topic)).isEqualTo(published.size());
    Baseline retracted = published.get(3);
    String key = Keys.baseline(retracted.getCategory(), retracted.getSource());
    try (var plain = plainProducer()) {
      plain.send(new ProducerRecord<>(topic, key, null));
    }

    assertThat(seed(topic)).isZero();
    assertThat(readCommitted(topic, MOCK_REGISTRY)).hasSize(published.size() - 1).doesNotContainKey(key);
  }

  @Test
  void aCompleteSetWithoutMarkerOnlyGetsTheMarker() throws Exception {
    String topic = baselinesTopic("unmarked");
    var published = PublishedBaselines.load();
    try (var plain = plainProducer()) {
      published.forEach(b -> plain.send(record(topic, b)));
    }
    long before = endOffsetSum(topic);

    assertThat(seed(topic)).isZero();
    assertThat(readMarker(topic)).isNotNull();
    assertThat(endOffsetSum(topic)).isEqualTo(before);
  }

  private ProducerRecord<String, byte[]> record(String topic, Baseline b) {
    var serializer = new AvroSerializer<Baseline>(
        SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, MOCK_REGISTRY)), false, true);
    return new ProducerRecord<>(topic, Keys.baseline(b.getCategory(), b.getSource()), serializer.serialize(topic, b));
  }

  private KafkaProducer<String, byte[]> plainProducer() {
    return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
  }

  private long endOffsetSum(String topic) throws Exception {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The marker of {@code topic} in the setup topic, or null. */
  private String readMarker(String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      var partition = new TopicPartition(BaselineSeeding.MARKER_TOPIC, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      String marker = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (topic.equals(r.key())) {
            marker = r.value();
          }
        }
      }
      return marker;
    }
  }

  /** Every committed baseline of {@code topic}, latest value per key, retractions applied. */
  private Map<String, Baseline> readCommitted(String topic, String registryUrl) {
    var client = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new AvroDeserializer<Baseline>(client, Baseline.class))) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      var read = new java.util.HashMap<String, Baseline>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("read %s to its end in time", topic).isLessThan(deadline);
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            read.remove(r.key());
          } else {
            read.put(r.key(), r.value());
          }
        }
      }
      return read;
    }
  }

  /** Needs the REST client of SchemaRegistryClients (http URLs); fails until that lands in schemas. */
  @Test
  void baselinesAreSeededThroughTheRealRegistry() throws Exception {
    int seeded = TopicSetup.seedBaselines(stack.bootstrapServers(), stack.schemaRegistryUrl());

    assertThat(seeded).isEqualTo(PublishedBaselines.load().size());
    assertThat(TopicSetup.seedBaselines(stack.bootstrapServers(), stack.schemaRegistryUrl())).isZero();
    assertThat(LocalStackIT.get(HttpClient.newHttpClient(), stack.schemaRegistryUrl() + "/subjects"))
        .contains("\"" + Topics.BASELINES.valueSubject() + "\"");
    assertThat(readCommitted(Topics.BASELINES.name(), stack.schemaRegistryUrl())).hasSize(seeded);
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }
}
