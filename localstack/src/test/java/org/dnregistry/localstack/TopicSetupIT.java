package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dnregistry.avro.Baseline;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
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

  /** Against an in-memory registry, so the seeding logic is proven on the real broker today. */
  @Test
  void baselinesAreSeededOnlyIntoATopicNeverWrittenTo() throws Exception {
    var spec = new TopicSpec<>("it.baselines.seed", Baseline.class, Baseline.getClassSchema(), Cleanup.COMPACT,
        Duration.ZERO, "a test baselines topic");
    try (Admin admin = admin()) {
      TopicSetup.createTopics(admin, List.of(spec), 3, (short) 1);
    }
    String registry = "mock://topic-setup-it";
    var published = PublishedBaselines.load();

    assertThat(TopicSetup.seedBaselines(stack.bootstrapServers(), registry, spec.name())).isEqualTo(published.size());
    assertThat(TopicSetup.seedBaselines(stack.bootstrapServers(), registry, spec.name())).isZero();

    Map<String, Baseline> read = readBaselines(spec.name(), registry, published.size());
    assertThat(read).hasSize(published.size());
    for (Baseline b : published) {
      assertThat(read.get(Keys.baseline(b.getCategory(), b.getSource()))).isEqualTo(b);
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
    assertThat(readBaselines(Topics.BASELINES.name(), stack.schemaRegistryUrl(), seeded)).hasSize(seeded);
  }

  private Map<String, Baseline> readBaselines(String topic, String registryUrl, int expected) {
    var client = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "topic-setup-it-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new AvroDeserializer<Baseline>(client, Baseline.class))) {
      consumer.subscribe(List.of(topic));
      var records = new ArrayList<Map.Entry<String, Baseline>>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> records.add(Map.entry(r.key(), r.value())));
      }
      return records.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }
}
