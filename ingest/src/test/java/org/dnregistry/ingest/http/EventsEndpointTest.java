package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.http.TestGateway.ADMIN;
import static org.dnregistry.ingest.http.TestGateway.CLINIC_1;
import static org.dnregistry.ingest.http.TestGateway.CLINIC_2;
import static org.dnregistry.ingest.http.TestGateway.VIEWER;
import static org.dnregistry.ingest.http.TestGateway.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dnregistry.avro.Episode;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.kafka.WriteUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every status code of REFERENCE section 3, over real HTTP. */
class EventsEndpointTest {
  static final int LIMIT = 64 * 1024;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = new TestGateway(LIMIT);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void reset() {
    gateway.writer.clear();
    gateway.writer.failWith(null);
    gateway.writer.setReady(true);
  }

  static ArrayNode array(JsonNode... events) {
    ArrayNode a = TestEvents.JSON.createArrayNode();
    for (JsonNode e : events) {
      a.add(e);
    }
    return a;
  }

  static void assertJsonError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/json"));
    assertThat(body(r).path("message").asText()).isNotBlank();
    assertThat(gateway.writer.facts()).as("nothing written").isEmpty();
  }

  @Nested
  class Accepted {
    @Test
    void oneJsonEvent() {
      var r = gateway.json(CLINIC_1, TestEvents.episode("C1", "E1", "patient-42"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(body(r).get("accepted").asInt()).isEqualTo(1);
      Fact f = gateway.writer.facts().get(0);
      assertThat(f.key()).isEqualTo("C1|E1");
      assertThat(((Episode) f.value()).getPatientPseudonym())
          .isEqualTo(TestGateway.PSEUDONYMS.pseudonym("patient-42"));
    }

    @Test
    void anArrayOfEventsIsOneRequestInOrder() {
      var r = gateway.json(CLINIC_1, array(TestEvents.episode("C1", "E1", "p"), TestEvents.session("C1", "S1", "E1"),
          TestEvents.outcome("C1", "E1", "NPRS", "BASELINE", 7), TestEvents.adverseEvent("C1", "A1", "S1", "E1")));
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(body(r).get("accepted").asInt()).isEqualTo(4);
      assertThat(gateway.writer.requests()).hasSize(1);
      assertThat(gateway.writer.facts()).extracting(Fact::key)
          .containsExactly("C1|E1", "C1|E1|S1", "C1|E1|NPRS|BASELINE", "C1|E1|A1");
    }

    @Test
    void ndjsonWithCrLfAndAFinalNewline() {
      String body = TestEvents.session("C1", "S1", "E1") + "\r\n" + TestEvents.session("C1", "S2", "E1") + "\r\n\n";
      var r = gateway.post(CLINIC_1, "application/x-ndjson", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(body(r).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void aCharsetParameterOfUtf8IsFine() {
      var r = gateway.post(CLINIC_1, "application/json; charset=UTF-8", TestEvents.session("C1", "S1", "E1")
          .toString());
      assertThat(r.statusCode()).isEqualTo(202);
    }

    @Test
    void retractionsAreTombstones() {
      var r = gateway.json(CLINIC_1, TestEvents.JSON.createObjectNode().put("type", "session").put("sessionId", "S1")
          .put("clinicId", "C1").put("episodeId", "E1").put("retracted", true));
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(gateway.writer.facts()).singleElement().satisfies(f -> {
        assertThat(f.key()).isEqualTo("C1|E1|S1");
        assertThat(f.tombstone()).isTrue();
      });
    }

    @Test
    void adminsWriteReferenceData() {
      var r = gateway.json(ADMIN, array(TestEvents.clinic("C1"), TestEvents.practitioner("P1", "C1"),
          TestEvents.baseline("BRUISING", "Local 2025", 0.05, 0.08)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(gateway.writer.facts()).extracting(Fact::key).containsExactly("C1", "P1", "BRUISING|Local 2025");
    }

    @Test
    void anEmptyArrayAcceptsNothing() {
      var r = gateway.json(CLINIC_1, "[]");
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(body(r).get("accepted").asInt()).isZero();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
      String event = TestEvents.session("C1", "S1", "E1").toString();
      String body = event + " ".repeat(LIMIT - event.getBytes(StandardCharsets.UTF_8).length);
      assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);
      assertThat(gateway.post(CLINIC_1, "application/json", body).statusCode()).isEqualTo(202);
    }
  }

  @Nested
  class Unauthorized {
    @Test
    void noToken() {
      var r = gateway.post(null, "application/json", TestEvents.session("C1", "S1", "E1").toString());
      assertJsonError(r, 401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(body(r).get("message").asText()).contains("no bearer token");
    }

    @Test
    void unknownToken() {
      var r = gateway.json("not-a-token-of-this-network", TestEvents.session("C1", "S1", "E1"));
      assertJsonError(r, 401);
      assertThat(body(r).get("message").asText()).contains("unknown bearer token");
    }

    @Test
    void anotherScheme() {
      var r = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/events"))
          .header("Authorization", "Basic " + CLINIC_1).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      assertJsonError(r, 401);
    }

    @Test
    void theTokenIsCheckedBeforeTheBody() {
      assertJsonError(gateway.post(null, "text/plain", "garbage"), 401);
    }
  }

  @Nested
  class Forbidden {
    @Test
    void aViewerWritesNothing() {
      var r = gateway.json(VIEWER, TestEvents.clinic("C1"));
      assertJsonError(r, 403);
      assertThat(body(r).get("message").asText()).contains("viewer");
    }

    @Test
    void aClinicCannotWriteForAnotherClinicAndNothingOfTheRequestIsWritten() {
      var r = gateway.json(CLINIC_1, array(TestEvents.session("C1", "S1", "E1"), TestEvents.session("C2", "S2", "E2"),
          TestEvents.episode("C2", "E2", "p")));
      assertJsonError(r, 403);
      JsonNode errors = body(r).get("errors");
      assertThat(errors).hasSize(2);
      assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
      assertThat(errors.get(0).get("field").asText()).isEqualTo("clinicId");
      assertThat(errors.get(0).get("message").asText()).contains("clinic C1 only");
      assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
    }

    @Test
    void theOtherClinicsTokenCannotWriteIntoClinicOne() {
      assertJsonError(gateway.json(CLINIC_2, TestEvents.outcome("C1", "E1", "NPRS", "BASELINE", 3)), 403);
    }

    @Test
    void aCrossClinicRetractionIsForbiddenToo() {
      var r = gateway.json(CLINIC_2, TestEvents.JSON.createObjectNode().put("type", "episode").put("episodeId", "E1")
          .put("clinicId", "C1").put("retracted", true));
      assertJsonError(r, 403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"clinic", "practitioner", "baseline"})
    void aClinicTokenDoesNotWriteReferenceData(String type) {
      var r = gateway.json(CLINIC_1, TestEvents.of(EventType.fromWire(type).orElseThrow()));
      assertJsonError(r, 403);
      assertThat(body(r).get("errors").get(0).get("message").asText()).contains("reference data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"episode", "session", "outcome", "adverse_event"})
    void anAdminTokenDoesNotWriteClinicalEvents(String type) {
      var r = gateway.json(ADMIN, TestEvents.of(EventType.fromWire(type).orElseThrow()));
      assertJsonError(r, 403);
      assertThat(body(r).get("errors").get(0).get("message").asText()).contains("admin token writes reference data");
    }

    @Test
    void aForbiddenRequestIs403EvenWhenItIsAlsoInvalid() {
      var r = gateway.json(CLINIC_1, array(TestEvents.session("C2", "S1", "E1"),
          TestEvents.outcome("C1", "E1", "NPRS", "BASELINE", 3).put("score", 99)));
      assertJsonError(r, 403);
    }
  }

  @Nested
  class TooLarge {
    @Test
    void aBodyOverTheLimitWithContentLength() {
      String big = "[" + IntStream.range(0, 400).mapToObj(i -> TestEvents.session("C1", "S" + i, "E1").toString())
          .collect(Collectors.joining(",")) + "]";
      assertThat(big.length()).isGreaterThan(LIMIT);
      var r = gateway.json(CLINIC_1, big);
      assertJsonError(r, 413);
      assertThat(body(r).get("limitBytes").asLong()).isEqualTo(LIMIT);
    }

    @Test
    void aChunkedBodyOverTheLimit() {
      byte[] big = ("[" + "1,".repeat(LIMIT) + "1]").getBytes(StandardCharsets.UTF_8);
      var r = gateway.post(CLINIC_1, "application/json",
          HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
      assertJsonError(r, 413);
    }

    @Test
    void oneByteOverTheLimit() {
      String event = TestEvents.session("C1", "S1", "E1").toString();
      String body = event + " ".repeat(LIMIT + 1 - event.length());
      assertJsonError(gateway.post(CLINIC_1, "application/json", body), 413);
    }
  }

  @Nested
  class UnsupportedMediaType {
    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/json; charset=ISO-8859-1",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"})
    void aWrongContentType(String type) {
      var r = gateway.post(CLINIC_1, type, TestEvents.session("C1", "S1", "E1").toString());
      assertJsonError(r, 415);
      assertThat(body(r).get("message").asText()).contains("application/json or application/x-ndjson");
    }

    @Test
    void noContentType() {
      var r = gateway.post(CLINIC_1, null, TestEvents.session("C1", "S1", "E1").toString());
      assertJsonError(r, 415);
    }

    @Test
    void aCompressedBody() {
      var r = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/events"))
          .header("Authorization", "Bearer " + CLINIC_1).header("Content-Type", "application/json")
          .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      assertJsonError(r, 415);
      assertThat(body(r).get("message").asText()).contains("Content-Encoding");
    }
  }

  @Nested
  class Malformed {
    @Test
    void truncatedJsonSaysWhere() {
      String json = TestEvents.session("C1", "S1", "E1").toString();
      var r = gateway.post(CLINIC_1, "application/json", "[\n" + json.substring(0, json.length() - 10));
      assertJsonError(r, 400);
      JsonNode b = body(r);
      assertThat(b.get("line").asInt()).isEqualTo(2);
      assertThat(b.get("column").asInt()).isPositive();
      assertThat(b.get("message").asText()).contains("line 2");
    }

    @Test
    void aBadNdjsonLineIsNamed() {
      String s = TestEvents.session("C1", "S1", "E1").toString();
      var r = gateway.post(CLINIC_1, "application/x-ndjson", s + "\n" + s + "\n{\"type\": \"session\",,}\n" + s);
      assertJsonError(r, 400);
      assertThat(body(r).get("line").asInt()).isEqualTo(3);
      assertThat(body(r).get("message").asText()).contains("NDJSON line 3");
    }

    @Test
    void twoJsonValuesInAJsonBody() {
      String s = TestEvents.session("C1", "S1", "E1").toString();
      assertJsonError(gateway.post(CLINIC_1, "application/json", s + "\n" + s), 400);
    }

    @Test
    void anEmptyBody() {
      assertJsonError(gateway.post(CLINIC_1, "application/json", ""), 400);
    }

    @Test
    void aDuplicateKeyIsAnErrorNotASilentOverwrite() {
      var r = gateway.post(CLINIC_1, "application/json",
          "{\"type\":\"outcome\",\"score\":3,\"score\":9}");
      assertJsonError(r, 400);
      assertThat(body(r).get("message").asText()).contains("score");
    }

    @Test
    void invalidUtf8() {
      byte[] bad = "{\"type\":\"clinic\",\"name\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
      assertJsonError(gateway.post(CLINIC_1, "application/json", HttpRequest.BodyPublishers.ofByteArray(bad)), 400);
    }

    @Test
    void nanIsNotJson() {
      assertJsonError(gateway.post(CLINIC_1, "application/json", "{\"type\":\"outcome\",\"score\":NaN}"), 400);
    }
  }

  @Nested
  class Invalid {
    @Test
    void everyProblemOfEveryEventIsListedAndNothingIsWritten() {
      var outcome = TestEvents.outcome("C1", "E1", "NPRS", "BASELINE", 3).put("score", 11);
      var session = TestEvents.session("C1", "S1", "E1").put("modality", "CUPPING");
      session.remove("occurredAt");
      var r = gateway.json(CLINIC_1, array(TestEvents.session("C1", "S0", "E1"), outcome, session));
      assertJsonError(r, 422);
      JsonNode errors = body(r).get("errors");
      assertThat(errors).hasSize(3);
      assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
      assertThat(errors.get(0).get("field").asText()).isEqualTo("score");
      assertThat(errors.get(0).get("message").asText()).contains("from 0 to 10 for NPRS");
      assertThat(errors).extracting(e -> e.get("index").asInt() + ":" + e.get("field").asText())
          .containsExactlyInAnyOrder("1:score", "2:modality", "2:occurredAt");
      assertThat(body(r).get("errorCount").asInt()).isEqualTo(3);
    }

    @Test
    void ndjsonIndicesCountEvents() {
      String good = TestEvents.session("C1", "S1", "E1").toString();
      var r = gateway.post(CLINIC_1, "application/x-ndjson", good + "\n" + good.replace("\"S1\"", "\"\"") + "\n");
      assertJsonError(r, 422);
      assertThat(body(r).get("errors").get(0).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void aFieldErrorHasANullFieldWhenTheEventIsNotAnObject() {
      var r = gateway.json(CLINIC_1, "[1]");
      assertJsonError(r, 422);
      assertThat(body(r).get("errors").get(0).get("field").isNull()).isTrue();
    }
  }

  @Nested
  class Unavailable {
    @Test
    void kafkaCannotTakeIt() {
      gateway.writer.failWith(new WriteUnavailableException(WriteUnavailableException.Reason.KAFKA_UNAVAILABLE,
          "Kafka cannot take the events now; nothing was written", 3, null));
      var r = gateway.json(CLINIC_1, TestEvents.session("C1", "S1", "E1"));
      assertJsonError(r, 503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
      assertThat(body(r).get("retryAfterSeconds").asInt()).isEqualTo(3);
    }

    @Test
    void theQueueIsFull() {
      gateway.writer.failWith(new WriteUnavailableException(WriteUnavailableException.Reason.QUEUE_FULL,
          "the gateway is busy", 1, null));
      var r = gateway.json(CLINIC_1, TestEvents.session("C1", "S1", "E1"));
      assertJsonError(r, 503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }
  }
}
