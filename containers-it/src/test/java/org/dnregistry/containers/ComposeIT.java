package org.dnregistry.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/compose.yaml, started with podman-compose (Debian's package) on the images built on this machine in place
 * of the public ones it names by default: three brokers, the registry, the topics job, ingest and two streams
 * instances. One episode, session and adverse event go in through ingest and come out of the query API of either
 * streams instance; the dashboard is served. Then `down -v`, and whatever of the project is left is removed by id.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
final class ComposeIT {
  private final FaultLog log = new FaultLog();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @Test
  void oneEventEndToEndThroughTheComposeStack() throws Exception {
    Path compose = Path.of(System.getProperty("repo.root"), "deploy", "compose.yaml").toRealPath();
    Path work = Path.of(System.getProperty("podman.work"));
    Path secretsDir = Files.createTempDirectory(work, "compose-secrets");
    Files.setPosixFilePermissions(secretsDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    var secrets = Secrets.generate(List.of("C1"));
    Files.writeString(secretsDir.resolve("tokens.json"), secrets.tokensJson());
    Files.writeString(secretsDir.resolve("pseudonym.secret"), secrets.pseudonymSecret());
    for (var f : List.of("tokens.json", "pseudonym.secret")) {
      // The containers run as uid 10001: the files must be readable by others, the folder stays the test's own.
      Files.setPosixFilePermissions(secretsDir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
    }
    int ingestPort = freePort();
    int queryPort = freePort();
    int queryPort2 = freePort();
    String project = "dnreg" + Long.toString(System.nanoTime() % 1_000_000, 36);
    var env = new HashMap<String, String>();
    env.put("KAFKA_IMAGE", Images.KAFKA.asCanonicalNameString());
    env.put("REGISTRY_IMAGE", Images.SCHEMA_REGISTRY.asCanonicalNameString());
    env.put("APP_IMAGE", Images.REGISTRY_APP.asCanonicalNameString());
    env.put("DN_SECRETS_DIR", secretsDir.toString());
    env.put("DN_INTERNAL_TOKEN", secrets.internalToken());
    env.put("DN_INGEST_PORT", Integer.toString(ingestPort));
    env.put("DN_QUERY_PORT", Integer.toString(queryPort));
    env.put("DN_QUERY_PORT_2", Integer.toString(queryPort2));
    // Nine JVMs on two cores in the test; the file's defaults are sized for a real machine.
    env.put("DN_KAFKA_HEAP_OPTS", "-Xmx320m -Xms96m");
    env.put("DN_JAVA_OPTS", "-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    var podmanCompose = new ArrayList<>(List.of("podman-compose", "-f", compose.toString(), "-p", project));
    Instant t0 = Instant.now();
    try {
      // podman-compose 1.0 starts services in dependency order but ignores `condition:`, so the steps wait for
      // what `docker compose up -d` waits for: healthy brokers before the registry, the topics job before the rest.
      run(env, work, concat(podmanCompose, "up", "-d", "kafka-1", "kafka-2", "kafka-3"));
      for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
        awaitLogLine(env, work, project + "_" + broker + "_1", "Kafka Server started", Duration.ofMinutes(4));
      }
      run(env, work, concat(podmanCompose, "up", "-d", "schema-registry", "topics"));
      String topicsId = awaitExited(env, work, project + "_topics_1", Duration.ofMinutes(5));
      log.print("compose: brokers, registry up and the topics job done in %s (container %s)",
          FaultLog.seconds(Duration.between(t0, Instant.now())), topicsId);
      run(env, work, concat(podmanCompose, "up", "-d"));
      String ingest = "http://localhost:" + ingestPort;
      String query1 = "http://localhost:" + queryPort;
      String query2 = "http://localhost:" + queryPort2;
      awaitOk(ingest + "/health/ready", Duration.ofMinutes(4));
      awaitOk(query1 + "/health", Duration.ofMinutes(4));
      awaitOk(query2 + "/health", Duration.ofMinutes(4));
      log.print("compose: ingest and both streams instances healthy %s after the start",
          FaultLog.seconds(Duration.between(t0, Instant.now())));

      String day = LocalDate.now(ZoneOffset.UTC).toString();
      String now = Instant.now().minusSeconds(60).toString();
      String events = String.join("\n",
          "{\"type\":\"episode\",\"episodeId\":\"E1\",\"clinicId\":\"C1\",\"patientId\":\"MRN-1\","
              + "\"indication\":\"NECK_PAIN\",\"chronicity\":\"CHRONIC\",\"startDate\":\"" + day + "\"}",
          "{\"type\":\"session\",\"sessionId\":\"S1\",\"episodeId\":\"E1\",\"clinicId\":\"C1\","
              + "\"practitionerId\":\"P1\",\"occurredAt\":\"" + now + "\"}",
          "{\"type\":\"adverse_event\",\"adverseEventId\":\"A1\",\"sessionId\":\"S1\",\"episodeId\":\"E1\","
              + "\"clinicId\":\"C1\",\"category\":\"BRUISING\",\"severity\":\"MILD\",\"onsetAt\":\"" + now + "\"}") + "\n";
      // As any client must (REFERENCE section 3): a 503 wrote nothing, so the same request is sent again after its
      // Retry-After. The first transaction of a new cluster may time out while Kafka creates its transaction log.
      HttpResponse<String> post;
      Instant postDeadline = Instant.now().plus(Duration.ofMinutes(2));
      while (true) {
        post = http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
            .header("Authorization", "Bearer " + secrets.clinics().get("C1"))
            .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(events)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (post.statusCode() != 503 || Instant.now().isAfter(postDeadline)) {
          break;
        }
        TimeUnit.SECONDS.sleep(post.headers().firstValueAsLong("Retry-After").orElse(1));
      }
      assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
      Instant sent = Instant.now();
      var query = new QueryClient(secrets.viewer());
      var expected = new Recount.ClinicCounts(1, Map.of("BRUISING", 1L, "ANY_MINOR", 1L));
      for (String url : List.of(query2, query1)) {
        Optional<Recount.ClinicCounts> counts = Optional.empty();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline) && !counts.equals(Optional.of(expected))) {
          TimeUnit.MILLISECONDS.sleep(500);
          counts = query.clinicCounts(url, "C1");
        }
        assertThat(counts).as("complications of C1 on " + url).contains(expected);
      }
      log.print("compose: the event is on both streams instances' query API %s after ingest answered 202",
          FaultLog.seconds(Duration.between(sent, Instant.now())));
      var dashboard = http.send(HttpRequest.newBuilder(URI.create(query1 + "/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(dashboard.statusCode()).isEqualTo(200);
      assertThat(dashboard.body()).containsIgnoringCase("<html");
    } finally {
      // `down -v` removes the named volumes; the anonymous ones of the image's VOLUME are removed by name below.
      String ids = run(env, work, List.of("podman", "ps", "-a", "-q", "--filter", "label=io.podman.compose.project=" + project));
      var volumes = new ArrayList<String>();
      for (String id : ids.lines().filter(l -> !l.isBlank()).toList()) {
        run(env, work, List.of("podman", "inspect", "--format", "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}} {{end}}{{end}}",
            id.strip())).lines().flatMap(l -> List.of(l.trim().split("\\s+")).stream()).filter(v -> !v.isBlank())
            .forEach(volumes::add);
      }
      run(env, work, concat(podmanCompose, "down", "-v"));
      // Anything of the project that `down` left (a container that would not stop), removed by id.
      String left = run(env, work, List.of("podman", "ps", "-a", "-q", "--filter", "label=io.podman.compose.project=" + project));
      for (String id : left.lines().filter(l -> !l.isBlank()).toList()) {
        run(env, work, List.of("podman", "rm", "-f", "-t", "10", id.strip()));
      }
      String existing = run(env, work, List.of("podman", "volume", "ls", "-q"));
      var anonymous = volumes.stream().filter(v -> existing.lines().anyMatch(v::equals)).toList();
      for (String v : anonymous) {
        run(env, work, List.of("podman", "volume", "rm", v));
      }
      log.print("compose: down -v; containers of the project left: %d; anonymous volumes removed: %d",
          left.lines().filter(l -> !l.isBlank()).count(), anonymous.size());
    }
  }

  private static List<String> concat(List<String> base, String... more) {
    var all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  /** Runs a command to its end (output to a file in {@code work}: nothing drains pipes here), exit 0 required. */
  private static String run(Map<String, String> env, Path work, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "cmd", ".log");
    var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(command + " did not end within 5 minutes:\n" + Files.readString(out));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(command + " exited " + p.exitValue() + ":\n" + output);
    }
    return output;
  }

  private static String awaitExited(Map<String, String> env, Path work, String container, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      String state = run(env, work, List.of("podman", "inspect", "--format", "{{.Id}} {{.State.Status}} {{.State.ExitCode}}",
          container)).strip();
      String[] parts = state.split(" ");
      if (parts[1].equals("exited") && parts[2].equals("0")) {
        return parts[0].substring(0, 12);
      }
      TimeUnit.SECONDS.sleep(2);
    }
    throw new AssertionError(container + " did not finish within " + timeout + ":\n"
        + run(env, work, List.of("podman", "logs", container)));
  }

  private static void awaitLogLine(Map<String, String> env, Path work, String container, String line, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String log = "";
    while (Instant.now().isBefore(deadline)) {
      log = run(env, work, List.of("podman", "logs", container));
      if (log.contains(line)) {
        return;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    throw new AssertionError(container + " did not log '" + line + "' within " + timeout + ":\n" + log);
  }

  private void awaitOk(String url, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int last = -1;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException e) {
        last = -1;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    throw new AssertionError(url + " not 200 within " + timeout + " (last: " + last + ")");
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
