package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.http.TestGateway.body;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import org.dnregistry.ingest.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** /health, /metrics, unknown routes and the access log. */
class OperatorEndpointsTest {
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = new TestGateway(1024 * 1024);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void healthIsUpWhenTheWriterIsReady() {
    gateway.writer.setReady(true);
    var r = gateway.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body(r).get("ready").asBoolean()).isTrue();
    assertThat(gateway.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void healthIsNotReadyWhenKafkaIsNot() {
    gateway.writer.setReady(false);
    try {
      var r = gateway.get("/health");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(body(r).get("live").asBoolean()).isTrue();
      assertThat(body(r).get("ready").asBoolean()).isFalse();
      assertThat(gateway.get("/health/live").statusCode()).isEqualTo(200);
    } finally {
      gateway.writer.setReady(true);
    }
  }

  @Test
  void metricsCountRequestsEventsAndRejections() {
    gateway.json(TestGateway.CLINIC_1, TestEvents.episode("C1", "E1", "p"));
    gateway.json(TestGateway.CLINIC_1, TestEvents.episode("C1", "E2", "p").put("indication", "X"));
    gateway.json("unknown-token-0123456789", "{}");
    var r = gateway.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body())
        .contains("ingest_events_accepted_total{type=\"episode\"}")
        .contains("ingest_requests_rejected_total{reason=\"invalid\"}")
        .contains("ingest_requests_rejected_total{reason=\"unauthorized\"}")
        .contains("ingest_http_requests_seconds_bucket")
        .contains("ingest_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/events\",status=\"202\",le=")
        .contains("ingest_events_latency_seconds{quantile=\"0.99\"}");
  }

  @Test
  void unknownRoutesAndMethodsAnswerJson() {
    var notFound = gateway.get("/v2/events");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(body(notFound).get("message").asText()).contains("POST /v1/events");
    var wrongMethod = gateway.get("/v1/events");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(body(wrongMethod).get("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void theAccessLogIsJsonWithoutTokensOrPatientData() throws Exception {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try {
      gateway.json(TestGateway.CLINIC_1, TestEvents.episode("C1", "E1", "PATIENT-SECRET-77"));
      gateway.json(TestGateway.CLINIC_1, TestEvents.episode("C1", "E1", "PATIENT-SECRET-77|x"));
      gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/events")).header("Authorization", "Bearer wrong-"
          + TestGateway.CLINIC_1).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{")).build());
    } finally {
      root.detachAppender(appender);
    }
    var access = appender.list.stream().filter(e -> e.getLoggerName().equals("org.dnregistry.ingest.access")).toList();
    assertThat(access).hasSizeGreaterThanOrEqualTo(3);
    var first = TestGateway.JSON.readTree(access.get(0).getFormattedMessage());
    assertThat(first.get("method").asText()).isEqualTo("POST");
    assertThat(first.get("path").asText()).isEqualTo("/v1/events");
    assertThat(first.get("status").asInt()).isEqualTo(202);
    assertThat(first.get("principal").asText()).isEqualTo("clinic:C1");
    assertThat(first.get("events").asInt()).isEqualTo(1);
    assertThat(first.has("ms")).isTrue();
    assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
        .doesNotContain("PATIENT-SECRET").doesNotContain(TestGateway.CLINIC_1));
  }
}
