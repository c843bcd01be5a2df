package org.dnregistry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, fault "kill -9 ingest under load": the {@code ingest} role in a JVM of its own, clients posting batches
 * to it, SIGKILL at a random (seeded) moment of the load, a restart on the same port, the clients carrying on
 * (resending what was not answered, as clients must). Every session answered 202 must be in Kafka (read_committed)
 * and counted exactly once in the figures once streams has caught up, whatever was written twice by a resend of a
 * batch that was committed but never answered.
 */
class IngestKillIT {
  private static final long SEED = 101L;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void everySessionAnswered202IsCountedExactlyOnceAfterAKillMinus9(@TempDir Path dir) throws Exception {
    var random = new Random(SEED);
    Path data = dir.resolve("data");
    try (var local = ChildJvm.start("local", dir.resolve("local.log"), Map.of(),
        "local", "--data-dir", data.toString(), "--port", "0")) {
      local.awaitOutput("[5/5] ready", Duration.ofMinutes(4));
      var e = RegistryReadBack.endpoints(data);
      String bootstrap = e.path("bootstrapServers").asText();
      Path tokens = Path.of(e.path("tokensFile").asText());
      int port = freePort();
      var env = new HashMap<String, String>(Map.of(
          "DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
          "DNREGISTRY_SCHEMA_REGISTRY_URL", e.path("schemaRegistryUrl").asText(),
          "DNREGISTRY_INGEST_TOKENS_FILE", tokens.toString(),
          // The local stack's pseudonym secret: the same patient gets the same pseudonym from either gateway.
          "DNREGISTRY_INGEST_MODE", "local",
          "DNREGISTRY_INGEST_DATA_DIR", data.resolve("ingest").toString(),
          "DNREGISTRY_INGEST_PORT", Integer.toString(port)));
      Path log = dir.resolve("ingest.log");
      URI gateway = URI.create("http://127.0.0.1:" + port);

      SessionLoad load;
      long killedAt;
      int loadMs = 3000 + random.nextInt(7000);
      try (var ingest = ChildJvm.start("ingest", log, env, "ingest")) {
        ingest.awaitOutput("ingest listening on", Duration.ofSeconds(90));
        load = new SessionLoad(gateway, "C1", RegistryReadBack.token(tokens, "clinic", "C1"), "kill", 4, 25);
        load.awaitAcknowledged(1, Duration.ofSeconds(60));
        Thread.sleep(loadMs);
        int before = load.acknowledged().size();
        ingest.sigkill();
        killedAt = System.nanoTime();
        System.out.printf("injected: SIGKILL of the ingest role (pid %d) after %d ms of load, %d sessions "
            + "acknowledged by then%n", ingest.pid(), loadMs, before);
      }
      long restartedAt;
      try (var ingest = ChildJvm.start("ingest", log, env, "ingest")) {
        ingest.awaitOutput("ingest listening on", Duration.ofSeconds(90));
        restartedAt = System.nanoTime();
        int atRestart = load.acknowledged().size();
        load.awaitAcknowledged(atRestart + 1, Duration.ofSeconds(90));
        long resumed = System.nanoTime();
        load.awaitAcknowledged(atRestart + 200, Duration.ofSeconds(90));
        load.close();
        System.out.printf("the first 202 after the restart came %.1f s after the kill (%.1f s after the restarted "
            + "gateway listened); answers %s%n", (resumed - killedAt) / 1e9, (resumed - restartedAt) / 1e9,
            load.statuses());

        var acknowledged = load.acknowledged();
        // The killed gateway left a transaction open. Until the broker aborts it (the gateway's 10 s
        // transaction.timeout.ms, checked every 10 s by default) the last stable offset stays at its start, so a
        // read_committed consumer sees nothing written after it yet: the acknowledged sessions are durable, but
        // readable only then. Wait for that, bounded, and print how long it took.
        Map<String, Integer> committed;
        Set<String> missing;
        long readableDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
          committed = RegistryReadBack.committedSessions(bootstrap, id -> id.startsWith("kill"));
          missing = RegistryReadBack.missing(acknowledged, committed);
          if (missing.isEmpty() || System.nanoTime() > readableDeadline) {
            break;
          }
          TimeUnit.SECONDS.sleep(1);
        }
        System.out.printf("every session answered 202 readable under read_committed %.1f s after the kill%n",
            (System.nanoTime() - killedAt) / 1e9);
        assertThat(missing).as("answered 202, not in Kafka 90 s after the kill").isEmpty();
        List<String> twice = committed.entrySet().stream().filter(c -> c.getValue() > 1).map(Map.Entry::getKey)
            .toList();
        String viewer = RegistryReadBack.token(tokens, "viewer", null);
        RegistryReadBack.awaitFigure(bootstrap, URI.create(e.path("queryUrl").asText()), viewer, committed.size(),
            Duration.ofSeconds(180));
        System.out.printf("verified: %d sessions answered 202 all in Kafka read_committed (%d committed, %d of them "
            + "written twice by a resend); the figure counts %d, each once, %.1f s after the kill%n",
            acknowledged.size(), committed.size(), twice.size(), committed.size(),
            (System.nanoTime() - killedAt) / 1e9);
        assertThat(committed.size()).isGreaterThanOrEqualTo(acknowledged.size());
        var stop = ingest.sigterm(Duration.ofSeconds(60));
        assertThat(stop.ended()).isTrue();
      }
      assertThat(local.sigterm(Duration.ofSeconds(60)).ended()).isTrue();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
