package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {
  private final LocalStack stack;

  LocalStackIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void everyTopicExistsWithThreePartitionsAndItsSpecsConfig() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      var names = Topics.ALL.stream().map(t -> t.name()).toList();
      var descriptions = admin.describeTopics(names).allTopicNames().get();
      assertThat(descriptions).hasSize(Topics.ALL.size());
      descriptions.values().forEach(d -> assertThat(d.partitions()).as(d.name()).hasSize(3));

      var episodes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.EPISODES.name());
      var alerts = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS.name());
      var configs = admin.describeConfigs(List.of(episodes, alerts)).all().get();
      assertThat(configs.get(episodes).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
      ConfigEntry retention = configs.get(alerts).get(TopicConfig.RETENTION_MS_CONFIG);
      assertThat(retention.value()).isEqualTo(Long.toString(Duration.ofDays(400).toMillis()));
    }
  }

  @Test
  void aRecordRoundTripsThroughTheBroker() throws Exception {
    String topic = Topics.CLINICS.name();
    var key = "clinic-roundtrip";
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      var sent = producer.send(new ProducerRecord<>(topic, key, "hello broker")).get();
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + System.nanoTime(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
          new StringDeserializer(), new StringDeserializer())) {
        var partition = new TopicPartition(topic, sent.partition());
        consumer.assign(Set.of(partition));
        consumer.seek(partition, sent.offset());
        ConsumerRecord<String, String> got = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got == null && System.nanoTime() < deadline) {
          for (var r : consumer.poll(Duration.ofMillis(500))) {
            got = r;
          }
        }
        assertThat(got).isNotNull();
        assertThat(got.key()).isEqualTo(key);
        assertThat(got.value()).isEqualTo("hello broker");
      }
    }
  }

  @Test
  void theRegistryRegistersASchemaOverItsConfluentApiWithBackwardCompatibility() throws Exception {
    var http = HttpClient.newHttpClient();
    String subject = "localstack-it-" + System.nanoTime() + "-value";
    String schema = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"org.dnregistry.it\","
        + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    String body = "{\"schema\":" + quote(schema) + "}";
    var register = http.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject
            + "/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(register.statusCode()).as(register.body()).isEqualTo(200);
    assertThat(register.body()).matches("\\{\"id\":\\d+}");

    var subjects = get(http, stack.schemaRegistryUrl() + "/subjects");
    assertThat(subjects).contains("\"" + subject + "\"");
    assertThat(get(http, stack.schemaRegistryUrl() + "/config")).contains("BACKWARD");

    // BACKWARD: a new required field without a default cannot read old records, so it is refused.
    String breaking = "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"org.dnregistry.it\","
        + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}";
    var refused = http.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject
            + "/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":" + quote(breaking) + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
  }

  static String get(HttpClient http, String url) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
