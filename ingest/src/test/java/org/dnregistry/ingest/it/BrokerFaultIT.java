package org.dnregistry.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.localstack.LocalKafka;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker of its own is stopped under load and started again: while it is down the gateway answers only 503,
 * no acknowledged event is missing afterwards, and the gateway recovers without being touched.
 */
@ExtendWith(LocalStackExtension.class)
class BrokerFaultIT {
  private static final Logger log = LoggerFactory.getLogger(BrokerFaultIT.class);

  /** One status observed by a load client, and when. */
  record Observation(long atNanos, int status, String sessionId) {}

  @Test
  void onlyServiceUnavailableWhileTheBrokerIsDownAndNothingAcknowledgedIsLost(LocalStack shared, @TempDir Path dir)
      throws Exception {
    Path kafkaDir = dir.resolve("kafka");
    LocalKafka kafka = LocalKafka.start(kafkaDir);
    IngestApplication app = null;
    ExecutorService load = Executors.newFixedThreadPool(4);
    try {
      String bootstrap = kafka.bootstrapServers();
      TopicSetup.createTopics(bootstrap, 3, (short) 1);
      app = IngestApplication.start(ItSettings.settings(dir, bootstrap, shared.schemaRegistryUrl(), Map.of(
          "kafka.max.block.ms", "2000", "kafka.request.timeout.ms", "2000", "kafka.delivery.timeout.ms", "4000",
          "ingest.unavailable.backoff.max.ms", "2000")));
      var client = new GatewayClient(app.url());
      client.awaitReady(Duration.ofSeconds(60));

      var running = new AtomicBoolean(true);
      var observations = new ConcurrentLinkedQueue<Observation>();
      var sequence = new AtomicInteger();
      for (int t = 0; t < 4; t++) {
        load.submit(() -> {
          while (running.get()) {
            String id = "fault-" + sequence.incrementAndGet();
            int status;
            try {
              status = client.post(ItSettings.CLINIC_1, "application/json",
                  TestEvents.session("C1", id, "E1").toString()).statusCode();
            } catch (RuntimeException e) {
              status = -1; // a transport error: must never happen, the gateway itself stays up
            }
            observations.add(new Observation(System.nanoTime(), status, id));
            if (status == 503) {
              sleep(100);
            }
          }
          return null;
        });
      }
      awaitAcknowledged(observations, 200, Duration.ofSeconds(60));

      log.info("stopping the broker under load");
      kafka.stop();
      long downFrom = System.nanoTime() + 500_000_000L; // answers already on their way when stop() returned
      sleep(8000);
      long downUntil = System.nanoTime();
      log.info("starting the broker again");
      kafka = LocalKafka.start(kafkaDir);
      assertThat(kafka.bootstrapServers()).as("the restarted broker keeps its port").isEqualTo(bootstrap);
      long restarted = System.nanoTime();

      // Recovers by itself: acknowledgements resume without anyone touching the gateway.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (observations.stream().noneMatch(o -> o.atNanos() > restarted && o.status() == 202)) {
        assertThat(System.nanoTime()).as("the gateway did not recover within 90 s").isLessThan(deadline);
        sleep(200);
      }
      long recoveredAt = observations.stream().filter(o -> o.atNanos() > restarted && o.status() == 202)
          .mapToLong(Observation::atNanos).min().orElseThrow();
      awaitAcknowledged(observations, countAcknowledged(observations) + 200, Duration.ofSeconds(60));
      running.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      var all = List.copyOf(observations);
      Map<Integer, Long> statuses = all.stream().collect(Collectors.groupingBy(Observation::status,
          Collectors.counting()));
      log.info("statuses under the fault: {}; recovered {} ms after the restart", statuses,
          (recoveredAt - restarted) / 1_000_000);
      assertThat(statuses.keySet()).as("only 202 and 503 ever").containsOnly(202, 503);
      // A request answered while the broker was down cannot have been acknowledged.
      assertThat(all.stream().filter(o -> o.atNanos() > downFrom && o.atNanos() < downUntil))
          .isNotEmpty().allSatisfy(o -> assertThat(o.status()).isEqualTo(503));

      Set<String> acknowledged = all.stream().filter(o -> o.status() == 202).map(Observation::sessionId)
          .collect(Collectors.toSet());
      try (var registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          shared.schemaRegistryUrl()))) {
        Set<String> written = ConcurrentHashMap.newKeySet();
        CommittedRecords.read(kafka.bootstrapServers(), registry, Topics.SESSIONS, k -> k.startsWith("C1|E1|fault-"))
            .forEach(r -> written.add(r.key().substring("C1|E1|".length())));
        var missing = new ArrayList<>(acknowledged);
        missing.removeAll(written);
        assertThat(missing).as("acknowledged but not in Kafka").isEmpty();
      }
    } finally {
      load.shutdownNow();
      if (app != null) {
        app.close();
      }
      kafka.stop();
    }
  }

  private static long countAcknowledged(ConcurrentLinkedQueue<Observation> observations) {
    return observations.stream().filter(o -> o.status() == 202).count();
  }

  private static void awaitAcknowledged(ConcurrentLinkedQueue<Observation> observations, long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countAcknowledged(observations) < n) {
      assertThat(System.nanoTime()).as("%d acknowledgements within %s", n, timeout).isLessThan(deadline);
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
