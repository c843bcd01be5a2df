package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  static final String TOKEN = "import-test-token-0123456789";
  @TempDir Path dir;
  final FakeGateway gateway = new FakeGateway();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final List<Duration> slept = new ArrayList<>();

  @AfterEach
  void stop() {
    gateway.close();
  }

  int run(String... args) {
    return ImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null, HttpClient.newHttpClient(), slept::add);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  Path ndjson(String name, int events) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, IntStream.range(0, events).mapToObj(i -> "{\"type\":\"session\",\"sessionId\":\"S" + i + "\"}")
        .collect(Collectors.joining("\n", "", "\n")));
    return f;
  }

  static String line(int i) {
    return "{\"type\":\"session\",\"sessionId\":\"S" + i + "\"}";
  }

  @Test
  void linesGoInBatchesWithTheTokenAsNdjson() throws IOException {
    Path f = ndjson("events.ndjson", 10);
    int code = run("--url", gateway.url(), "--token", TOKEN, "--batch", "3", f.toString());
    assertThat(code).isEqualTo(ImportCommand.OK);
    var requests = gateway.requests();
    assertThat(requests).extracting(r -> r.lines().size()).containsExactly(3, 3, 3, 1);
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(r.contentType()).isEqualTo("application/x-ndjson");
    });
    assertThat(requests.stream().flatMap(r -> r.lines().stream()))
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(ImportCommandTest::line).toList());
    assertThat(out()).contains("imported 10 events from 1 file(s)").contains("0 line(s) rejected");
  }

  @Test
  void invalidLinesAreReportedAndTheRestOfTheBatchIsSentAgain() throws IOException {
    Path f = ndjson("events.ndjson", 4);
    Path report = dir.resolve("errors.csv");
    gateway.then(r -> FakeGateway.Answer.of(422, "{\"errors\":[{\"index\":1,\"field\":\"score\",\"message\":"
        + "\"expected a number from 0 to 10, got 11\"},{\"index\":3,\"field\":null,\"message\":\"bad, \\\"really\\\"\"}]}"));
    int code = run("--url", gateway.url(), "--token", TOKEN, "--errors", report.toString(), f.toString());
    assertThat(code).isEqualTo(ImportCommand.LINES_REJECTED);
    var requests = gateway.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).lines()).containsExactly(line(0), line(2));
    assertThat(Files.readAllLines(report)).containsExactly(
        "file,line,field,message",
        f + ",2,score,\"expected a number from 0 to 10, got 11\"",
        f + ",4,,\"bad, \"\"really\"\"\"");
    assertThat(out()).contains("imported 2 events").contains("2 line(s) rejected");
    assertThat(err()).contains("rejected lines are listed in " + report);
  }

  @Test
  void withoutAReportFileTheFirstErrorsAreShown() throws IOException {
    Path f = ndjson("events.ndjson", 2);
    gateway.then(r -> FakeGateway.Answer.of(422,
        "{\"errors\":[{\"index\":0,\"field\":\"type\",\"message\":\"is required\"}]}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isEqualTo(1);
    assertThat(err()).contains(f + ":1 type: is required");
  }

  @Test
  void unavailableWaitsForRetryAfterAndTriesAgain() throws IOException {
    Path f = ndjson("events.ndjson", 3);
    gateway.then(r -> new FakeGateway.Answer(503, "{\"message\":\"Kafka down\"}", java.util.Map.of("Retry-After", "7")));
    gateway.then(r -> new FakeGateway.Answer(503, "{\"message\":\"Kafka down\"}", java.util.Map.of()));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(1));
    assertThat(gateway.requests()).hasSize(3).allSatisfy(r -> assertThat(r.lines()).hasSize(3));
  }

  @Test
  void aGatewayThatStaysUnavailableStopsTheImport() throws IOException {
    Path f = ndjson("events.ndjson", 3);
    gateway.otherwise(r -> new FakeGateway.Answer(503, "{\"message\":\"Kafka down\"}",
        java.util.Map.of("Retry-After", "30")));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, "--max-wait-seconds", "100", f.toString()))
        .isEqualTo(ImportCommand.STOPPED);
    assertThat(err()).contains("stayed unavailable").contains("Kafka down");
    assertThat(slept).hasSize(3);
  }

  @Test
  void aRefusedTokenStopsAtOnceWithAClearMessage() throws IOException {
    Path f = ndjson("events.ndjson", 10);
    gateway.otherwise(r -> FakeGateway.Answer.of(401, "{\"error\":\"unauthorized\",\"message\":\"unknown bearer token\"}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, "--batch", "2", f.toString()))
        .isEqualTo(ImportCommand.STOPPED);
    assertThat(gateway.requests()).hasSize(1);
    assertThat(err()).contains("refused the token (401): unknown bearer token").contains("Check --token");
  }

  @Test
  void aForbiddenBatchStopsWithTheReason() throws IOException {
    Path f = ndjson("events.ndjson", 4);
    gateway.then(r -> FakeGateway.Answer.of(202, "{\"accepted\":2}"));
    gateway.then(r -> FakeGateway.Answer.of(403, "{\"message\":\"1 event(s) may not be written with this token\","
        + "\"errors\":[{\"index\":0,\"field\":\"clinicId\",\"message\":\"this token writes events of clinic C1 only\"}]}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, "--batch", "2", f.toString()))
        .isEqualTo(ImportCommand.STOPPED);
    assertThat(err()).contains("(403)").contains("clinic C1 only").contains("Nothing from " + f + ":3 on");
    assertThat(out()).contains("imported 2 events");
  }

  @Test
  void aBatchTooLargeForTheGatewayIsSplit() throws IOException {
    Path f = ndjson("events.ndjson", 5);
    gateway.otherwise(r -> r.lines().size() > 2 ? FakeGateway.Answer.of(413, "{\"message\":\"too large\"}")
        : FakeGateway.Answer.of(202, "{\"accepted\":" + r.lines().size() + "}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    var accepted = gateway.requests().stream().filter(r -> r.lines().size() <= 2)
        .flatMap(r -> r.lines().stream()).toList();
    assertThat(accepted).containsExactlyElementsOf(IntStream.range(0, 5).mapToObj(ImportCommandTest::line).toList());
  }

  @Test
  void aLineTheGatewayCannotParseIsDroppedAndTheRestSent() throws IOException {
    Path f = ndjson("events.ndjson", 3);
    gateway.then(r -> FakeGateway.Answer.of(400, "{\"message\":\"NDJSON line 2: bad\",\"line\":2}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isEqualTo(1);
    assertThat(gateway.requests().get(1).lines()).containsExactly(line(0), line(2));
    assertThat(err()).contains(f + ":2: NDJSON line 2: bad");
  }

  @Test
  void linesThatAreNotJsonAreReportedWithoutBeingSent() throws IOException {
    Path f = dir.resolve("mixed.jsonl");
    Files.writeString(f, line(0) + "\n{oops\n" + line(2) + "\n");
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isEqualTo(1);
    assertThat(gateway.requests()).singleElement().satisfies(r -> assertThat(r.lines()).containsExactly(line(0),
        line(2)));
    assertThat(err()).contains(f + ":2: not JSON");
  }

  @Test
  void csvFilesBecomeTypedJsonEvents() throws IOException {
    Path f = dir.resolve("outcomes.csv");
    Files.writeString(f, "episodeId,clinicId,instrument,timepoint,score,recordedAt\n"
        + "E1,C1,NPRS,BASELINE,7.5,2025-03-02T09:00:00Z\n"
        + "E1,C1,NPRS,WEEK_4,,2025-03-30T09:00:00Z\n");
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    assertThat(gateway.requests().get(0).lines()).containsExactly(
        "{\"type\":\"outcome\",\"episodeId\":\"E1\",\"clinicId\":\"C1\",\"instrument\":\"NPRS\",\"timepoint\":"
            + "\"BASELINE\",\"score\":7.5,\"recordedAt\":\"2025-03-02T09:00:00Z\"}",
        "{\"type\":\"outcome\",\"episodeId\":\"E1\",\"clinicId\":\"C1\",\"instrument\":\"NPRS\",\"timepoint\":"
            + "\"WEEK_4\",\"recordedAt\":\"2025-03-30T09:00:00Z\"}");
  }

  @Test
  void aCsvFileWithoutAType() throws IOException {
    Path f = dir.resolve("export.csv");
    Files.writeString(f, "sessionId\nS1\n");
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isEqualTo(1);
    assertThat(gateway.requests()).isEmpty();
    assertThat(err()).contains("no 'type' column");
  }

  @Test
  void gzippedFilesAreRead() throws IOException {
    Path f = dir.resolve("events.ndjson.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
      o.write((line(0) + "\n" + line(1) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    assertThat(gateway.requests().get(0).lines()).containsExactly(line(0), line(1));
  }

  @Test
  void severalFilesShareBatchesAndLinesKeepTheirFile() throws IOException {
    Path a = ndjson("a.ndjson", 2);
    Path b = ndjson("b.ndjson", 2);
    gateway.then(r -> FakeGateway.Answer.of(422, "{\"errors\":[{\"index\":2,\"field\":\"x\",\"message\":\"m\"}]}"));
    assertThat(run("--url", gateway.url(), "--token", TOKEN, a.toString(), b.toString())).isEqualTo(1);
    assertThat(err()).contains(b + ":1 x: m");
  }

  @Test
  void theProgressBarGoesToStderr() throws IOException {
    Path f = ndjson("events.ndjson", 50);
    run("--url", gateway.url(), "--token", TOKEN, "--batch", "10", f.toString());
    assertThat(err()).contains("100.0%").contains("ev/s").contains("ETA");
    assertThat(out()).doesNotContain("ETA");
  }

  @Test
  void quietHasNoProgressBar() throws IOException {
    Path f = ndjson("events.ndjson", 5);
    run("--url", gateway.url(), "--token", TOKEN, "--quiet", f.toString());
    assertThat(err()).doesNotContain("%");
  }

  @Test
  void reRunningSendsTheSameEventsAgainWhichAreUpserts() throws IOException {
    Path f = ndjson("events.ndjson", 4);
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    assertThat(run("--url", gateway.url(), "--token", TOKEN, f.toString())).isZero();
    assertThat(gateway.requests()).hasSize(2);
    assertThat(gateway.requests().get(1).lines()).isEqualTo(gateway.requests().get(0).lines());
  }

  @Test
  void anUnreachableGatewayStopsAfterRetries() throws IOException {
    Path f = ndjson("events.ndjson", 1);
    String url = gateway.url();
    gateway.close();
    assertThat(run("--url", url, "--token", TOKEN, f.toString())).isEqualTo(ImportCommand.STOPPED);
    assertThat(err()).contains("cannot reach the gateway");
    assertThat(slept).hasSize(BatchSender.MAX_NETWORK_ATTEMPTS - 1);
  }

  @Test
  void theTokenMayComeFromAFileOrTheEnvironment() throws IOException {
    Path f = ndjson("events.ndjson", 1);
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    assertThat(run("--url", gateway.url(), "--token-file", tokenFile.toString(), f.toString())).isZero();
    assertThat(ImportCommand.run(new String[] {"--url", gateway.url(), f.toString()}, new PrintStream(out),
        new PrintStream(err), "env-token-0123456789", HttpClient.newHttpClient(), slept::add)).isZero();
    assertThat(gateway.requests()).extracting(FakeGateway.Request::authorization)
        .containsExactly("Bearer " + TOKEN, "Bearer env-token-0123456789");
  }

  @Test
  void usageErrors() throws IOException {
    Path f = ndjson("events.ndjson", 1);
    assertThat(run("--token", TOKEN, f.toString())).isEqualTo(ImportCommand.USAGE);
    assertThat(err()).contains("--url is required").contains("usage: import");
    assertThat(run("--url", gateway.url(), f.toString())).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--url", gateway.url(), "--token", TOKEN)).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--url", gateway.url(), "--token", TOKEN, dir.resolve("missing.csv").toString()))
        .isEqualTo(ImportCommand.USAGE);
    Path txt = Files.writeString(dir.resolve("events.txt"), "x");
    assertThat(run("--url", gateway.url(), "--token", TOKEN, txt.toString())).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--url", "ftp://x", "--token", TOKEN, f.toString())).isEqualTo(ImportCommand.USAGE);
    assertThat(run("--url", gateway.url(), "--token", TOKEN, "--batch", "0", f.toString()))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(run("--url", gateway.url(), "--token", TOKEN, "--colour", f.toString()))
        .isEqualTo(ImportCommand.USAGE);
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void theEndpointIsDerivedFromTheGatewayUrl() {
    assertThat(ImportCommand.endpoint("http://h:8080").toString()).isEqualTo("http://h:8080/v1/events");
    assertThat(ImportCommand.endpoint("http://h:8080/").toString()).isEqualTo("http://h:8080/v1/events");
    assertThat(ImportCommand.endpoint("https://h/ingest/v1/events").toString())
        .isEqualTo("https://h/ingest/v1/events");
  }
}
