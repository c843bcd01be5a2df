package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.http.TestTokens.ADMIN;
import static org.dnregistry.streams.http.TestTokens.CLINIC_C1;
import static org.dnregistry.streams.http.TestTokens.VIEWER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The internal API of the query server: who may call it, what it passes through, when it answers 503. */
class InternalApiTest {
  static final String SECRET = "internal-secret-0123456789";

  /** Records the calls; answers with what it was asked; a series named "moved|ALL" has moved away. */
  static final class FakeInternal implements InternalQueries {
    final List<String> calls = new CopyOnWriteArrayList<>();

    private JsonNode echo(String call) {
      calls.add(call);
      return JsonNodeFactory.instance.objectNode().put("call", call);
    }

    @Override
    public JsonNode buckets(String series, LocalDate from, LocalDate to) {
      if (series.startsWith("moved|")) {
        throw new InvalidStateStoreException("moved");
      }
      return echo("buckets " + series + " " + from + " " + to);
    }

    @Override
    public JsonNode latestSessionDay(String series) {
      return echo("latest " + series);
    }

    @Override
    public JsonNode clinicsWithFigures(List<Integer> partitions) {
      return echo("clinics " + partitions);
    }

    @Override
    public JsonNode referenceClinics(List<Integer> partitions) {
      return echo("reference " + partitions);
    }

    @Override
    public JsonNode quality(String scope) {
      return echo("quality " + scope);
    }

    @Override
    public JsonNode qualityOfClinics(List<Integer> partitions) {
      return echo("quality " + partitions);
    }
  }

  FakeRegistry registry;
  FakeInternal internal;
  QueryServer server;
  ApiClient api;
  PrometheusMeterRegistry metrics;

  @BeforeEach
  void start() {
    registry = new FakeRegistry();
    internal = new FakeInternal();
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = QueryServer.start(0, registry, TestTokens.tokens(), metrics,
        new InternalApi(internal, InternalToken.of(SECRET)));
    api = new ApiClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/internal/v1/clinics?partitions=0", "/internal/v1/reference-clinics?partitions=1,2",
      "/internal/v1/latest-session-day?series=network%7CALL", "/internal/v1/buckets?series=network%7CALL&to=2026-11-20"})
  void theSecretOrANetworkWideTokenMayCallNeitherNothingNorAClinicToken(String path) {
    assertThat(api.getWithHeader(path, InternalToken.HEADER, SECRET).status()).isEqualTo(200);
    assertThat(api.get(path, VIEWER).status()).isEqualTo(200);
    assertThat(api.get(path, ADMIN).status()).isEqualTo(200);

    var none = api.get(path, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("error").asText()).isEqualTo("unauthorized");
    assertThat(api.getWithHeader(path, InternalToken.HEADER, SECRET + "x").status()).isEqualTo(401);
    // A bearer token is not the secret, nor the secret a bearer token.
    assertThat(api.getWithHeader(path, InternalToken.HEADER, VIEWER).status()).isEqualTo(401);
    assertThat(api.get(path, SECRET).status()).isEqualTo(401);
    var clinic = api.get(path, CLINIC_C1);
    assertThat(clinic.status()).isEqualTo(403);
    assertThat(clinic.body()).doesNotContain("call");
    assertThat(internal.calls).hasSize(3);
  }

  @Test
  void withoutAConfiguredSecretOnlyNetworkWideTokensMayCall() {
    server.close();
    server = QueryServer.start(0, registry, TestTokens.tokens(), metrics, new InternalApi(internal, null));
    api = new ApiClient(server.port());

    assertThat(api.getWithHeader("/internal/v1/clinics?partitions=0", InternalToken.HEADER, SECRET).status()).isEqualTo(401);
    assertThat(api.get("/internal/v1/clinics?partitions=0", VIEWER).status()).isEqualTo(200);
  }

  @Test
  void withoutAnInternalApiThereIsNone() {
    server.close();
    server = QueryServer.start(0, registry, TestTokens.tokens(), metrics);
    api = new ApiClient(server.port());

    var reply = api.getWithHeader("/internal/v1/clinics?partitions=0", InternalToken.HEADER, SECRET);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().path("error").asText()).isEqualTo("not_found");
  }

  @Test
  void parametersArePassedThroughAndCheckedAndTheAnswerIsNotCached() {
    var reply = api.getWithHeader("/internal/v1/buckets?series=clinic:C1%7CNECK_PAIN&from=2026-01-01&to=2026-03-31",
        InternalToken.HEADER, SECRET);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.json().path("call").asText()).isEqualTo("buckets clinic:C1|NECK_PAIN 2026-01-01 2026-03-31");
    assertThat(api.getWithHeader("/internal/v1/buckets?series=network%7CALL&to=2026-03-31", InternalToken.HEADER, SECRET)
        .json().path("call").asText()).isEqualTo("buckets network|ALL null 2026-03-31");

    assertThat(api.getWithHeader("/internal/v1/reference-clinics?partitions=2,0,5", InternalToken.HEADER, SECRET)
        .json().path("call").asText()).isEqualTo("reference [2, 0, 5]");

    for (String bad : List.of("/internal/v1/buckets?series=network%7CALL", "/internal/v1/buckets?to=2026-03-31",
        "/internal/v1/clinics", "/internal/v1/clinics?partitions=", "/internal/v1/clinics?partitions=0,0",
        "/internal/v1/clinics?partitions=-1", "/internal/v1/reference-clinics?partitions=a",
        "/internal/v1/buckets?series=network&to=2026-03-31", "/internal/v1/buckets?series=network%7CALL&to=2026-02-30",
        "/internal/v1/buckets?series=network%7CALL&to=2026-03-31&to=2026-04-01",
        "/internal/v1/latest-session-day")) {
      var r = api.getWithHeader(bad, InternalToken.HEADER, SECRET);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().path("error").asText()).as(bad).isEqualTo("bad_request");
    }
  }

  @Test
  void notReadyOrASeriesThatMovedIs503WithRetryAfter() {
    var moved = api.getWithHeader("/internal/v1/buckets?series=moved%7CALL&to=2026-03-31", InternalToken.HEADER, SECRET);
    assertThat(moved.status()).isEqualTo(503);
    assertThat(moved.header("Retry-After")).isEqualTo(Integer.toString(QueryServer.RETRY_AFTER_SECONDS));

    registry.ready = false;
    var starting = api.getWithHeader("/internal/v1/clinics?partitions=0", InternalToken.HEADER, SECRET);
    assertThat(starting.status()).isEqualTo(503);
    assertThat(starting.header("Retry-After")).isEqualTo(Integer.toString(QueryServer.RETRY_AFTER_SECONDS));
    assertThat(starting.body()).doesNotContain("call");
  }

  @Test
  void internalRequestsAreTimedUnderTheirRoute() {
    api.getWithHeader("/internal/v1/clinics?partitions=0", InternalToken.HEADER, SECRET);
    assertThat(metrics.scrape()).contains("uri=\"/internal/v1/clinics\"");
  }

  @Test
  void theSecretIsCheckedAndNeverShown() {
    var token = InternalToken.of("  " + SECRET + " ");
    assertThat(token.matches(SECRET)).isTrue();
    assertThat(token.matches(SECRET.substring(1))).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.toString()).doesNotContain(SECRET);
    assertThat(InternalToken.generate()).hasSizeGreaterThanOrEqualTo(InternalToken.MIN_LENGTH)
        .isNotEqualTo(InternalToken.generate());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> InternalToken.of("short"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
