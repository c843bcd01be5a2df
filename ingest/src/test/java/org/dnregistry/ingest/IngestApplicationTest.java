package org.dnregistry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.privacy.PseudonymSecret;
import org.dnregistry.localstack.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway wired from settings, with Kafka unreachable: it starts, says it is not ready and answers 503. */
class IngestApplicationTest {
  static final String TOKEN = "application-test-token-0123456789";
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  Map<String, String> settings() throws IOException {
    Path tokens = Files.writeString(dir.resolve("tokens.json"),
        "{\"tokens\": [{\"token\": \"" + TOKEN + "\", \"role\": \"clinic\", \"clinicId\": \"C1\"}]}");
    var s = new HashMap<String, String>();
    s.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort());
    s.put("kafka.max.block.ms", "1000");
    s.put("schema.registry.url", "mock://ingest-application-test");
    s.put(IngestConfig.HOST, "127.0.0.1");
    s.put(IngestConfig.PORT, "0");
    s.put(IngestConfig.TOKENS_FILE, tokens.toString());
    s.put(PseudonymSecret.SECRET, "application-test-secret-0123456789");
    return s;
  }

  static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  HttpResponse<String> post(URI base, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/v1/events")).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutKafkaTheGatewayRunsButIsNotReadyAndAnswers503() throws Exception {
    try (var app = IngestApplication.start(Settings.of(settings()))) {
      assertThat(app.port()).isPositive();
      assertThat(app.url().toString()).isEqualTo("http://127.0.0.1:" + app.port());
      var health = http.send(HttpRequest.newBuilder(app.url().resolve("/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);

      long start = System.nanoTime();
      var r = post(app.url(), TestEvents.of(EventType.SESSION).toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).contains("nothing was written");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

      // Validation needs no Kafka: a bad request is still told what is wrong.
      var invalid = post(app.url(), TestEvents.of(EventType.SESSION).put("needleCount", 0).toString());
      assertThat(invalid.statusCode()).isEqualTo(422);
    }
  }

  @Test
  void productionWithoutAPseudonymSecretDoesNotStart() throws Exception {
    var s = settings();
    s.remove(PseudonymSecret.SECRET);
    assertThatThrownBy(() -> IngestApplication.start(Settings.of(s))).hasMessageContaining("no pseudonym secret");
  }

  @Test
  void localModeKeepsAGeneratedSecretInTheDataDir() throws Exception {
    var s = settings();
    s.remove(PseudonymSecret.SECRET);
    s.put(IngestConfig.MODE, "local");
    s.put(IngestConfig.DATA_DIR, dir.resolve("data").toString());
    try (var app = IngestApplication.start(Settings.of(s))) {
      assertThat(app.port()).isPositive();
    }
    assertThat(dir.resolve("data").resolve("pseudonym.secret")).exists();
  }

  @Test
  void aTokensFileIsRequired() throws Exception {
    var s = settings();
    s.remove(IngestConfig.TOKENS_FILE);
    assertThatThrownBy(() -> IngestApplication.start(Settings.of(s))).hasMessageContaining("ingest.tokens.file");
  }

  @Test
  void settingsAreChecked() throws Exception {
    var s = settings();
    s.put(IngestConfig.MODE, "staging");
    assertThatThrownBy(() -> IngestConfig.from(Settings.of(s))).hasMessageContaining("production or local");
    var defaults = IngestConfig.from(Settings.of(Map.of(IngestConfig.TOKENS_FILE, "t.json")));
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(defaults.mode()).isEqualTo(IngestConfig.Mode.PRODUCTION);
  }

  HttpResponse<String> get(HttpClient client, URI uri, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void inProductionMetricsAreServedOnlyWhereConfigured() throws Exception {
    try (var app = IngestApplication.start(Settings.of(settings()))) {
      var r = get(http, app.url().resolve("/metrics"), null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("not enabled").doesNotContain("jvm_");
    }
    var withPort = settings();
    withPort.put("ingest.metrics.port", "0");
    try (var app = IngestApplication.start(Settings.of(withPort))) {
      int metricsPort = app.metricsPort().orElseThrow();
      assertThat(get(http, app.url().resolve("/metrics"), null).statusCode()).isEqualTo(404);
      var metrics = get(http, URI.create("http://127.0.0.1:" + metricsPort + "/metrics"), null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory");
      assertThat(get(http, URI.create("http://127.0.0.1:" + metricsPort + "/v1/events"), null).statusCode())
          .isEqualTo(404);
    }
    var withToken = settings();
    withToken.put("ingest.metrics.token", "metrics-token-0123456789");
    try (var app = IngestApplication.start(Settings.of(withToken))) {
      assertThat(get(http, app.url().resolve("/metrics"), null).statusCode()).isEqualTo(401);
      assertThat(get(http, app.url().resolve("/metrics"), "Bearer metrics-token-0123456789").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void localModeKeepsMetricsOpen() throws Exception {
    var s = settings();
    s.put(IngestConfig.MODE, "local");
    s.put(IngestConfig.DATA_DIR, dir.resolve("data").toString());
    try (var app = IngestApplication.start(Settings.of(s))) {
      assertThat(get(http, app.url().resolve("/metrics"), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aConfiguredKeystoreServesHttpsWithTheSecurityHeaders() throws Exception {
    var certificate = SelfSignedCertificate.generate(dir);
    var s = settings();
    s.put(IngestConfig.HOST, "localhost");
    s.put("ingest.tls.keystore.path", certificate.keystore().toString());
    s.put("ingest.tls.keystore.password", certificate.password());
    try (var app = IngestApplication.start(Settings.of(s))) {
      assertThat(app.url().toString()).isEqualTo("https://localhost:" + app.port());
      var client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
      var live = get(client, app.url().resolve("/health/live"), null);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(live.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(live.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(live.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
          v -> assertThat(v).contains("frame-ancestors 'none'"));
      var invalid = client.send(HttpRequest.newBuilder(app.url().resolve("/v1/events"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(invalid.statusCode()).isEqualTo(422);
      assertThatThrownBy(() -> get(http, URI.create("http://localhost:" + app.port() + "/health/live"), null))
          .isInstanceOf(IOException.class);
    }
  }
}
