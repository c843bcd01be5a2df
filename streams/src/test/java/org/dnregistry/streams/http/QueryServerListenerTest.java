package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.SelfSignedCertificate;
import org.dnregistry.web.ListenerOptions;
import org.dnregistry.web.SecurityPolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How the query server listens: security headers on the dashboard and the API, /metrics access, HTTPS. */
@Timeout(60)
class QueryServerListenerTest {
  static final String CHART_JS = "/webjars/chart.js/4.5.1/dist/chart.umd.js";

  @TempDir
  Path dir;
  QueryServer server;
  HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  QueryServer start(Map<String, String> settings) {
    server = QueryServer.start(0, new FakeRegistry(), TestTokens.tokens(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null, Clock.systemUTC(),
        ListenerOptions.from(Settings.of(settings), "query", false));
    return server;
  }

  HttpResponse<String> get(String url, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Test
  void theDashboardTheApiAndErrorsCarryTheSecurityHeaders() throws Exception {
    start(Map.of());
    for (String path : new String[] {"/", "/dashboard.js", CHART_JS, "/v1/me", "/v1/no-such", "/health"}) {
      var r = get(url(path), path.equals("/v1/me") ? TestTokens.VIEWER : null);
      assertThat(r.statusCode()).as(path).isIn(200, 404, 503);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).contains(SecurityPolicies.DASHBOARD);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
    }
    // The policy lets the page load its own script and Chart.js from the same origin, and nothing else.
    assertThat(SecurityPolicies.DASHBOARD).contains("script-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(get(url(CHART_JS), null).statusCode()).isEqualTo(200);
  }

  @Test
  void inProductionMetricsAreServedOnlyWhereConfigured() throws Exception {
    start(Map.of());
    var closed = get(url("/metrics"), null);
    assertThat(closed.statusCode()).isEqualTo(404);
    assertThat(closed.body()).contains("not enabled").doesNotContain("jvm");
    server.close();

    start(Map.of("query.metrics.token", "query-metrics-token-0123456789"));
    assertThat(get(url("/metrics"), null).statusCode()).isEqualTo(401);
    assertThat(get(url("/metrics"), "query-metrics-token-0123456789").statusCode()).isEqualTo(200);
    server.close();

    start(Map.of("query.metrics.port", "0"));
    assertThat(get(url("/metrics"), null).statusCode()).isEqualTo(404);
    int port = server.metricsPort().orElseThrow();
    assertThat(get("http://127.0.0.1:" + port + "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(get("http://127.0.0.1:" + port + "/v1/me", TestTokens.VIEWER).statusCode()).isEqualTo(404);
  }

  @Test
  void aConfiguredKeystoreServesTheDashboardAndTheApiOverHttps() throws Exception {
    var certificate = SelfSignedCertificate.generate(dir);
    start(Map.of("query.tls.keystore.path", certificate.keystore().toString(),
        "query.tls.keystore.password", certificate.password()));
    assertThat(server.tls()).isTrue();
    http = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    String base = "https://localhost:" + server.port();

    var page = get(base + "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Dry needling outcomes registry");
    assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
    var me = get(base + "/v1/me", TestTokens.VIEWER);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(get(base + CHART_JS, null).statusCode()).isEqualTo(200);
  }
}
