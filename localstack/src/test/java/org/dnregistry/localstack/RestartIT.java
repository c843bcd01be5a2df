package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop, then start again on the same folder: records, topics, schemas and endpoints are still there. */
class RestartIT {
  private static final String TOPIC = "restart.it";
  private static final String SUBJECT = "restart.it-value";

  @TempDir Path dir;

  @AfterEach
  void leaveNothingRunning() {
    ChildProcesses.killAll(dir);
  }

  @Test
  void aRestartKeepsTopicsRecordsSchemasAndEndpoints() throws Exception {
    String bootstrap;
    String registryUrl;
    String clusterId;
    int schemaId;
    long kafkaPid;
    long registryPid;
    try (var stack = LocalStack.start(dir)) {
      bootstrap = stack.bootstrapServers();
      registryUrl = stack.schemaRegistryUrl();
      kafkaPid = stack.kafka().pid();
      registryPid = stack.registry().pid();
      try (Admin admin = admin(bootstrap)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        clusterId = admin.describeCluster().clusterId().get();
      }
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
          new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(TOPIC, "k", "kept across restarts")).get();
      }
      schemaId = register(registryUrl);
    }

    assertThat(ChildProcesses.alive(kafkaPid)).as("broker pid %d after close", kafkaPid).isFalse();
    assertThat(ChildProcesses.alive(registryPid)).as("registry pid %d after close", registryPid).isFalse();
    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
    // SIGTERM let the broker shut down cleanly, so the next start needs no log recovery.
    assertThat(dir.resolve("kafka/data/.kafka_cleanshutdown")).exists();

    try (var stack = LocalStack.start(dir)) {
      assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(stack.schemaRegistryUrl()).isEqualTo(registryUrl);
      try (Admin admin = admin(stack.bootstrapServers())) {
        assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
      }
      assertThat(readAll(stack.bootstrapServers())).containsExactly("kept across restarts");
      var http = HttpClient.newHttpClient();
      assertThat(LocalStackIT.get(http, registryUrl + "/subjects")).contains("\"" + SUBJECT + "\"");
      assertThat(LocalStackIT.get(http, registryUrl + "/schemas/ids/" + schemaId)).contains("Kept");
      // Registering the same schema again is idempotent and returns the id from before the restart.
      assertThat(register(registryUrl)).isEqualTo(schemaId);
    }
    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
  }

  private static int register(String registryUrl) throws Exception {
    String schema = "{\"type\":\"record\",\"name\":\"Kept\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    var response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + SUBJECT + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":" + LocalStackIT.quote(schema) + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Integer.parseInt(response.body().replaceAll("\\D", ""));
  }

  private static List<String> readAll(String bootstrap) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer())) {
      var partition = new TopicPartition(TOPIC, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      var values = new java.util.ArrayList<String>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
