package org.dnregistry.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.localstack.LocalRegistry;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry of its own (the real Apicurio) is down when the gateway starts, then comes up, then is stopped
 * and started again while the gateway runs: readiness follows it, every request meant for Kafka gets a quick 503 with
 * Retry-After meanwhile (not the serializer's tens of seconds of retries), through an outage of 20 s, nothing is
 * written, and the gateway recovers by itself.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(360)
class RegistryOutageIT {
  /** Far below the registry client's own retries (4 tries of up to 10 s): a hung request would exceed it. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
  /** The outage of issue 10's fault list. */
  static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void readinessAndRequestsFollowTheRegistryAndNothingIsWrittenMeanwhile(LocalStack shared, @TempDir Path dir)
      throws Exception {
    Path registryDir = dir.resolve("registry");
    LocalRegistry registry = LocalRegistry.start(registryDir);
    String url = registry.ccompatUrl();
    registry.stop();
    System.out.println("registry stopped before the gateway starts: " + url);
    IngestApplication app = null;
    var refusedIds = new ArrayList<String>();
    try {
      app = IngestApplication.start(ItSettings.settings(dir, shared.bootstrapServers(), url, Map.of(
          "ingest.registry.check.interval.ms", "500", "ingest.registry.check.timeout.ms", "1000")));
      var client = new GatewayClient(app.url());

      // 1. Down at start: not ready, and a quick 503.
      assertNotReady(client);
      refusedIds.add(assertQuick503(client, "outage-start"));

      // 2. The registry comes up: the gateway registers its schemas and becomes ready by itself.
      registry = LocalRegistry.start(registryDir);
      assertThat(registry.ccompatUrl()).as("the restarted registry keeps its port").isEqualTo(url);
      long up = System.nanoTime();
      client.awaitReady(Duration.ofSeconds(60));
      System.out.printf("ready %d ms after the registry answered again%n", (System.nanoTime() - up) / 1_000_000);
      assertThat(post(client, "outage-ok-1").statusCode()).isEqualTo(202);

      // 3. An outage while running.
      registry.stop();
      long down = System.nanoTime();
      assertNotReady(client);
      System.out.printf("not ready %d ms after the registry stopped%n", (System.nanoTime() - down) / 1_000_000);
      refusedIds.add(assertQuick503(client, "outage-running"));
      // Issue 10: held down for 20 s, as a client would keep posting; every answer a quick 503, none a hang.
      int attempt = 0;
      long slowest = 0;
      while (System.nanoTime() - down < OUTAGE.toNanos()) {
        long t0 = System.nanoTime();
        refusedIds.add(assertQuick503(client, "outage-running-" + ++attempt));
        slowest = Math.max(slowest, System.nanoTime() - t0);
        Thread.sleep(500);
      }
      System.out.printf("registry down %.1f s: %d more requests, each a 503 with Retry-After, the slowest in %d ms%n",
          (System.nanoTime() - down) / 1e9, attempt, slowest / 1_000_000);

      // 4. Back again.
      registry = LocalRegistry.start(registryDir);
      long back = System.nanoTime();
      client.awaitReady(Duration.ofSeconds(60));
      System.out.printf("ready %d ms after the registry came back%n", (System.nanoTime() - back) / 1_000_000);
      assertThat(post(client, "outage-ok-2").statusCode()).isEqualTo(202);

      try (var reader = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url))) {
        List<String> written = CommittedRecords.read(shared.bootstrapServers(), reader, Topics.SESSIONS,
            k -> k.startsWith("C1|E1|outage-")).stream().map(CommittedRecords.Read::key).toList();
        System.out.println("written: " + written + "; refused: " + refusedIds);
        assertThat(written).containsExactlyInAnyOrder("C1|E1|outage-ok-1", "C1|E1|outage-ok-2");
      }
    } finally {
      if (app != null) {
        app.close();
      }
      registry.stop();
    }
  }

  private static HttpResponse<String> post(GatewayClient client, String sessionId) {
    return client.post(ItSettings.CLINIC_1, "application/json",
        TestEvents.session("C1", sessionId, "E1").toString());
  }

  private static void assertNotReady(GatewayClient client) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> health;
    while ((health = client.get("/health/ready")).statusCode() != 503) {
      assertThat(System.nanoTime()).as("not ready within 30 s of the outage").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(health.body()).contains("schema registry");
  }

  /** Posts an event and expects a 503 with Retry-After, answered before {@link #ANSWER_WITHIN}. */
  private static String assertQuick503(GatewayClient client, String sessionId) throws Exception {
    long t0 = System.nanoTime();
    var r = java.util.concurrent.CompletableFuture.supplyAsync(() -> post(client, sessionId))
        .get(ANSWER_WITHIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    System.out.printf("during the outage: %d in %d ms: %s%n", r.statusCode(), (System.nanoTime() - t0) / 1_000_000,
        r.body());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).contains("schema registry cannot be reached").contains("nothing was written");
    return sessionId;
  }
}
