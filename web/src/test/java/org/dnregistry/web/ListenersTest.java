package org.dnregistry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ListenersTest {
  static final String METRICS_TOKEN = "metrics-token-0123456789";

  @TempDir
  Path dir;
  Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  Javalin start(ListenerOptions options) {
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      Listeners.configure(config, "127.0.0.1", 0, options);
    });
    Listeners.securityHeaders(app, SecurityPolicies.API_ONLY, options);
    Listeners.metrics(app, options, () -> "requests_total 7\n", (ctx, message) -> ctx.status(404).result(message));
    app.get("/hello", ctx -> ctx.result("hi"));
    app.start();
    return app;
  }

  static ListenerOptions options(Map<String, String> settings, boolean metricsOpenByDefault) {
    return ListenerOptions.from(Settings.of(settings), "test", metricsOpenByDefault);
  }

  static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return get(HttpClient.newHttpClient(), url, null);
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    start(ListenerOptions.plain());
    for (String path : new String[] {"/hello", "/no-such-page", "/metrics"}) {
      var r = get(url(path));
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).contains(SecurityPolicies.API_ONLY);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
      assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
    }
  }

  @Test
  void withoutAnyMetricsSettingProductionAnswers404AndSaysHowToEnableIt() throws Exception {
    start(options(Map.of(), false));
    var r = get(url("/metrics"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("not enabled").doesNotContain("requests_total");
    assertThat(get(url("/hello")).statusCode()).isEqualTo(200);
  }

  @Test
  void theLocalDefaultKeepsMetricsOpen() throws Exception {
    start(options(Map.of(), true));
    var r = get(url("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("requests_total 7");
  }

  @Test
  void aMetricsTokenIsRequiredWhenSet() throws Exception {
    start(options(Map.of("test.metrics.token", METRICS_TOKEN), false));
    var client = HttpClient.newHttpClient();
    assertThat(get(client, url("/metrics"), null).statusCode()).isEqualTo(401);
    assertThat(get(client, url("/metrics"), "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
    var ok = get(client, url("/metrics"), "Bearer " + METRICS_TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("requests_total 7");
  }

  @Test
  void aMetricsPortServesMetricsOnlyAndTheMainPortNoLonger() throws Exception {
    start(options(Map.of("test.metrics.port", "0"), false));
    int metricsPort = Listeners.metricsPort(app).orElseThrow();
    assertThat(metricsPort).isNotEqualTo(app.port());

    assertThat(get(url("/metrics")).statusCode()).isEqualTo(404);
    assertThat(get(url("/hello")).statusCode()).isEqualTo(200);
    var metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("requests_total 7");
    assertThat(get("http://127.0.0.1:" + metricsPort + "/hello").statusCode()).isEqualTo(404);
  }

  @Test
  void aConfiguredKeystoreServesHttpsOnly() throws Exception {
    var certificates = SelfSignedCertificate.generate(dir);
    var settings = new HashMap<String, String>();
    settings.put("test.tls.keystore.path", certificates.keystore().toString());
    settings.put("test.tls.keystore.password", certificates.password());
    start(options(settings, true));

    var trusting = HttpClient.newBuilder().sslContext(certificates.clientContext()).build();
    var r = get(trusting, "https://localhost:" + app.port() + "/hello", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hi");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
    assertThat(get(trusting, "https://localhost:" + app.port() + "/metrics", null).statusCode()).isEqualTo(200);
    // A client that does not trust the certificate gets no answer, and plain HTTP gets none either.
    assertThatThrownBy(() -> get("https://localhost:" + app.port() + "/hello"))
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> get(url("/hello"))).isInstanceOf(IOException.class);
  }

  @Test
  void aWrongKeystorePasswordStopsTheStartNamingTheSetting() throws Exception {
    var certificates = SelfSignedCertificate.generate(dir);
    assertThatThrownBy(() -> options(Map.of("test.tls.keystore.path", certificates.keystore().toString(),
        "test.tls.keystore.password", "not-the-password"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.tls.keystore.path: cannot open " + certificates.keystore())
        .message().doesNotContain("not-the-password");
    Path notAKeystore = Files.writeString(dir.resolve("empty.p12"), "not a keystore");
    assertThatThrownBy(() -> options(Map.of("test.tls.keystore.path", notAKeystore.toString(),
        "test.tls.keystore.password", "x"), false))
        .hasMessageContaining("test.tls.keystore.path");
    assertThatThrownBy(() -> options(Map.of("test.tls.keystore.path", notAKeystore.toString()), false))
        .hasMessageContaining("test.tls.keystore.password is required");
  }

  @Test
  void aShortMetricsTokenIsRefused() {
    assertThatThrownBy(() -> options(Map.of("test.metrics.token", "short"), false))
        .hasMessageContaining("test.metrics.token").hasMessageContaining("at least 16");
    assertThat(options(Map.of(), false).metrics().token()).isEqualTo(Optional.empty());
  }
}
