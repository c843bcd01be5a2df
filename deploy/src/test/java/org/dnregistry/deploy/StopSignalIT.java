package org.dnregistry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 3 of issue 10: every process of the distribution (local, ingest, streams, import, simulate), started from
 * the real entry point in a JVM of its own, is sent SIGTERM at a random (seeded) moment of its start-up or under
 * load. Each must be gone within 30 s (Kubernetes' default grace period), and on restart on the same data dir
 * every session the gateway acknowledged is there, counted once. Before the fix a SIGTERM during start-up hung
 * for minutes and {@code local --simulate} took 65-80 s to stop.
 */
class StopSignalIT {
  private static final long SEED = 20261207L;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final Duration START = Duration.ofMinutes(4);
  private static final String[] START_MARKERS = {"[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"};

  private final Random random = new Random(SEED);
  private final List<String> report = new ArrayList<>();

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void everyProcessStopsWithin30sOfSigtermAtAnyMomentAndKeepsWhatItAcknowledged(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("local.log");
    Set<String> acknowledged = new HashSet<>();
    try {
      // 1. Start-up: at a random step of local's five, plus up to 3 s more.
      for (int trial = 1; trial <= 3; trial++) {
        String marker = START_MARKERS[random.nextInt(START_MARKERS.length)];
        int extra = random.nextInt(3000);
        try (var local = startLocal(log, data)) {
          local.awaitOutput(marker, START);
          Thread.sleep(extra);
          stopped(local, "local, start-up trial " + trial + ": SIGTERM " + extra + " ms after " + marker);
        }
      }

      // 2. Under load: clients post batches to the local gateway; SIGTERM after a random 2-10 s of it.
      for (int trial = 1; trial <= 2; trial++) {
        int loadMs = 2000 + random.nextInt(8000);
        try (var local = startLocal(log, data)) {
          local.awaitOutput("[5/5] ready", START);
          var e = RegistryReadBack.endpoints(data);
          Path tokens = Path.of(e.path("tokensFile").asText());
          var load = new SessionLoad(URI.create(e.path("ingestUrl").asText()), "C1",
              RegistryReadBack.token(tokens, "clinic", "C1"), "term" + trial, 3, 20);
          load.awaitAcknowledged(1, Duration.ofSeconds(60));
          Thread.sleep(loadMs);
          stopped(local, "local under load, trial " + trial + ": SIGTERM after " + loadMs + " ms of load");
          load.close();
          acknowledged.addAll(load.acknowledged());
          report.add("  acknowledged so far " + acknowledged.size() + " sessions; answers " + load.statuses());
        }
      }

      // 3. Restart on the same data dir: every acknowledged session is there, and counted once.
      try (var local = startLocal(log, data)) {
        local.awaitOutput("[5/5] ready", START);
        var e = RegistryReadBack.endpoints(data);
        String bootstrap = e.path("bootstrapServers").asText();
        Path tokens = Path.of(e.path("tokensFile").asText());
        var committed = RegistryReadBack.committedSessions(bootstrap, id -> id.startsWith("term"));
        assertThat(RegistryReadBack.missing(acknowledged, committed)).as("acknowledged, then not in Kafka").isEmpty();
        String viewer = RegistryReadBack.token(tokens, "viewer", null);
        RegistryReadBack.awaitFigure(bootstrap, URI.create(e.path("queryUrl").asText()), viewer, committed.size(),
            Duration.ofSeconds(180));
        report.add("restart: " + acknowledged.size() + " acknowledged sessions all in Kafka (" + committed.size()
            + " committed), the figure counts each once");

        // 4. The other processes, each against this running stack, each SIGTERMed at a random moment.
        otherRoles(dir, data, e, tokens);
        stopped(local, "local, idle after the roles' trials");
      }

      // 5. local --simulate, which took 65-80 s to stop before.
      int simulateMs = 5000 + random.nextInt(10000);
      try (var local = startLocal(log, data, "--simulate")) {
        local.awaitOutput("now streaming", START);
        Thread.sleep(simulateMs);
        stopped(local, "local --simulate: SIGTERM " + simulateMs + " ms after the backfill");
      }

      // 6. And it starts again on that data dir, everything still there.
      try (var local = startLocal(log, data)) {
        local.awaitOutput("[5/5] ready", START);
        var e = RegistryReadBack.endpoints(data);
        var committed = RegistryReadBack.committedSessions(e.path("bootstrapServers").asText(),
            id -> id.startsWith("term"));
        assertThat(RegistryReadBack.missing(acknowledged, committed)).isEmpty();
        stopped(local, "local, final restart: all " + acknowledged.size() + " acknowledged sessions there");
      }
    } finally {
      System.out.println("StopSignalIT (seed " + SEED + "):");
      report.forEach(line -> System.out.println("  " + line));
    }
  }

  private void otherRoles(Path dir, Path data, com.fasterxml.jackson.databind.JsonNode e, Path tokens)
      throws Exception {
    String bootstrap = e.path("bootstrapServers").asText();
    Map<String, String> env = Map.of(
        "DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "DNREGISTRY_SCHEMA_REGISTRY_URL", e.path("schemaRegistryUrl").asText(),
        "DNREGISTRY_INGEST_TOKENS_FILE", tokens.toString(),
        "DNREGISTRY_INGEST_MODE", "local",
        "DNREGISTRY_INGEST_DATA_DIR", data.resolve("ingest").toString(),
        "DNREGISTRY_QUERY_TOKENS_FILE", tokens.toString(),
        "DNREGISTRY_QUERY_INTERNAL_TOKEN", "stop-signal-it-internal-secret-0123456789",
        "DNREGISTRY_STREAMS_APPLICATION_ID", "stop-signal-it",
        "DNREGISTRY_STREAMS_STATE_DIR", dir.resolve("streams-role").toString());

    // ingest: SIGTERM during start-up, then under load (what it acknowledged must be in Kafka).
    int port = freePort();
    var ingestEnv = new java.util.HashMap<>(env);
    ingestEnv.put("DNREGISTRY_INGEST_PORT", Integer.toString(port));
    Path roleLog = dir.resolve("roles.log");
    try (var ingest = ChildJvm.start("ingest", roleLog, ingestEnv, "ingest")) {
      int wait = random.nextInt(3000);
      Thread.sleep(wait);
      stopped(ingest, "ingest, start-up: SIGTERM " + wait + " ms after launch");
    }
    try (var ingest = ChildJvm.start("ingest", roleLog, ingestEnv, "ingest")) {
      ingest.awaitOutput("ingest listening on", Duration.ofSeconds(90));
      var load = new SessionLoad(URI.create("http://127.0.0.1:" + port), "C1",
          RegistryReadBack.token(tokens, "clinic", "C1"), "termingest", 3, 20);
      load.awaitAcknowledged(1, Duration.ofSeconds(60));
      int loadMs = 2000 + random.nextInt(6000);
      Thread.sleep(loadMs);
      stopped(ingest, "ingest under load: SIGTERM after " + loadMs + " ms of load");
      load.close();
      var committed = RegistryReadBack.committedSessions(bootstrap, id -> id.startsWith("termingest"));
      assertThat(RegistryReadBack.missing(load.acknowledged(), committed)).as("acknowledged by the ingest role")
          .isEmpty();
      report.add("  ingest role: " + load.acknowledged().size() + " acknowledged sessions all in Kafka; answers "
          + load.statuses());
    }

    // streams: SIGTERM during start-up and while it processes what is there.
    for (int trial = 1; trial <= 2; trial++) {
      var streamsEnv = new java.util.HashMap<>(env);
      streamsEnv.put("DNREGISTRY_QUERY_PORT", Integer.toString(freePort()));
      try (var streams = ChildJvm.start("streams", roleLog, streamsEnv, "streams")) {
        int wait = trial == 1 ? random.nextInt(4000) : 0;
        if (trial == 2) {
          streams.awaitOutput("streams started", Duration.ofSeconds(90));
          wait = 1000 + random.nextInt(5000);
        }
        Thread.sleep(wait);
        stopped(streams, "streams, trial " + trial + ": SIGTERM " + wait + " ms after "
            + (trial == 1 ? "launch" : "it started"));
      }
    }

    // import: a file of sessions through the local gateway, SIGTERM in the middle of it.
    Path file = dir.resolve("sessions.ndjson");
    var lines = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      lines.append("{\"type\":\"session\",\"sessionId\":\"imp-").append(i).append("\",\"episodeId\":\"imp-e\","
          + "\"clinicId\":\"C1\",\"practitionerId\":\"P1\",\"occurredAt\":\"2025-03-02T09:30:00Z\","
          + "\"modality\":\"DRY_NEEDLING\",\"regions\":[\"upper trapezius\"],\"cointerventions\":[]}\n");
    }
    Files.writeString(file, lines);
    try (var importer = ChildJvm.start("import", roleLog, Map.of(), "import", "--url", e.path("ingestUrl").asText(),
        "--token", RegistryReadBack.token(tokens, "clinic", "C1"), "--quiet", file.toString())) {
      int wait = 1000 + random.nextInt(4000);
      Thread.sleep(wait);
      assertThat(importer.isAlive()).as("import still importing when signalled").isTrue();
      stopped(importer, "import: SIGTERM " + wait + " ms into a 200,000-line file");
    }

    // simulate: the synthetic network against the local gateway.
    try (var simulate = ChildJvm.start("simulate", roleLog, Map.of(), "simulate", "--url", e.path("ingestUrl").asText(),
        "--tokens", tokens.toString())) {
      int wait = 2000 + random.nextInt(6000);
      Thread.sleep(wait);
      assertThat(simulate.isAlive()).as("simulate still running when signalled:\n%s", simulate.tail()).isTrue();
      stopped(simulate, "simulate: SIGTERM " + wait + " ms after launch");
    }
  }

  private ChildJvm startLocal(Path log, Path data, String... more) {
    var args = new ArrayList<>(List.of("local", "--data-dir", data.toString(), "--port", "0"));
    args.addAll(List.of(more));
    return ChildJvm.start("local", log, Map.of(), args.toArray(String[]::new));
  }

  private void stopped(ChildJvm child, String moment) throws InterruptedException {
    var stop = child.sigterm(Duration.ofSeconds(120));
    String line = String.format("%-75s stopped in %s (exit %d)", moment, stop.seconds(), stop.exitCode());
    System.out.println(line);
    report.add(line);
    assertThat(stop.ended()).as("%s: still running 120 s after SIGTERM; output:%n%s", moment, child.tail()).isTrue();
    assertThat(stop.took()).as("%s: stop time; output:%n%s", moment, child.tail()).isLessThanOrEqualTo(LIMIT);
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
