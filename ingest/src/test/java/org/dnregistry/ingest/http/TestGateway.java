package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dnregistry.access.Tokens;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.kafka.FakeEventWriter;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.dnregistry.ingest.privacy.Pseudonymizer;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.web.ListenerOptions;

/** An IngestServer on a free loopback port with an in-memory writer, and a client for it. */
public final class TestGateway implements AutoCloseable {
  public static final String CLINIC_1 = "clinic-one-token-0123456789";
  public static final String CLINIC_2 = "clinic-two-token-0123456789";
  public static final String ADMIN = "admin-token-0123456789abcdef";
  public static final String VIEWER = "viewer-token-0123456789abcdef";
  public static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer("gateway-test-secret-0123456789".getBytes(StandardCharsets.UTF_8));
  static final ObjectMapper JSON = new ObjectMapper();

  public final FakeEventWriter writer = new FakeEventWriter();
  public final IngestMetrics metrics = new IngestMetrics();
  private final IngestServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestGateway(long maxBodyBytes) {
    this(maxBodyBytes, 256L * 1024 * 1024);
  }

  public TestGateway(long maxBodyBytes, long maxInFlightBytes) {
    this(new BodyLimits(maxBodyBytes, maxInFlightBytes, BodyLimits.DEFAULT_BODY_TIMEOUT), ParseLimits.defaults(),
        ListenerOptions.plain());
  }

  public TestGateway(BodyLimits body, ParseLimits parse, ListenerOptions listener) {
    Tokens tokens = Tokens.parse(JSON.valueToTree(java.util.Map.of("tokens", java.util.List.of(
        java.util.Map.of("token", CLINIC_1, "role", "clinic", "clinicId", "C1"),
        java.util.Map.of("token", CLINIC_2, "role", "clinic", "clinicId", "C2"),
        java.util.Map.of("token", ADMIN, "role", "admin"),
        java.util.Map.of("token", VIEWER, "role", "viewer")))), "test tokens");
    var request = new EventsRequest(new EventValidator(TestEvents.CLOCK), new FactMapper(PSEUDONYMS), parse);
    server = IngestServer.start("127.0.0.1", 0, new IngestServer.Wiring(tokens, request, writer, metrics,
        () -> writer.ready() ? java.util.Optional.empty() : java.util.Optional.of("the writer is not ready"),
        body, listener));
  }

  public int port() {
    return server.port();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  public HttpResponse<String> post(String token, String contentType, String body) {
    return post(token, contentType, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  public HttpResponse<String> post(String token, String contentType, HttpRequest.BodyPublisher body) {
    var b = HttpRequest.newBuilder(uri(IngestServer.EVENTS_PATH)).timeout(Duration.ofSeconds(30)).POST(body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  public HttpResponse<String> json(String token, Object body) {
    return post(token, "application/json", body.toString());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode body(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
