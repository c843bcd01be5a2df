package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.http.TestGateway.CLINIC_1;
import static org.dnregistry.ingest.http.TestGateway.body;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.web.ListenerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-request memory is bounded by more than bytes: events per request, fields per event and problems collected are
 * capped, and a body that trickles in is cut off instead of holding its share of the in-flight budget.
 */
@Timeout(60)
class RequestLimitsTest {
  static final ParseLimits SMALL = new ParseLimits(5, 30, 7);

  TestGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  TestGateway start(BodyLimits body) {
    gateway = new TestGateway(body, SMALL, ListenerOptions.plain());
    return gateway;
  }

  TestGateway start() {
    return start(new BodyLimits(1024 * 1024, 256L * 1024 * 1024, Duration.ofSeconds(30)));
  }

  static String array(int n) {
    return IntStream.range(0, n).mapToObj(i -> TestEvents.session("C1", "S" + i, "E1").toString())
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Test
  void moreEventsThanARequestMayHoldIs413NamingTheCap() {
    start();
    assertThat(gateway.post(CLINIC_1, "application/json", array(5)).statusCode()).isEqualTo(202);

    var r = gateway.post(CLINIC_1, "application/json", array(6));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(body(r).get("error").asText()).isEqualTo("too_many_events");
    assertThat(body(r).get("limitEvents").asInt()).isEqualTo(5);
    assertThat(body(r).get("message").asText()).contains("more than 5 events")
        .contains("ingest.max.events.per.request");

    String ndjson = IntStream.range(0, 6).mapToObj(i -> TestEvents.session("C1", "S" + i, "E1").toString())
        .collect(Collectors.joining("\n"));
    assertThat(gateway.post(CLINIC_1, "application/x-ndjson", ndjson).statusCode()).isEqualTo(413);
    // Empty objects are events too: 5 million of them would otherwise fit in a 16 MiB body.
    assertThat(gateway.post(CLINIC_1, "application/json", "[{},{},{},{},{},{}]").statusCode()).isEqualTo(413);
    assertThat(gateway.writer.facts()).hasSize(5);
  }

  @Test
  void anEventWithTooManyFieldsIs422ForThatEventAndTheOthersAreStillChecked() {
    start();
    ObjectNode wide = TestEvents.session("C1", "S1", "E1");
    IntStream.range(0, 40).forEach(i -> wide.put("extra" + i, i));
    ObjectNode longList = TestEvents.session("C1", "S2", "E1");
    var regions = longList.putArray("regions");
    IntStream.range(0, 40).forEach(i -> regions.add("R" + i));
    ObjectNode bad = TestEvents.session("C1", "S3", "E1").put("needleCount", 0);
    String body = "[" + wide + "," + longList + "," + bad + "]";

    var r = gateway.post(CLINIC_1, "application/json", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    var errors = body(r).get("errors");
    assertThat(errors.get(0).get("index").asInt()).isZero();
    assertThat(errors.get(0).get("message").asText()).contains("more than 30 fields")
        .contains("ingest.max.fields.per.event");
    assertThat(errors.get(1).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(1).get("message").asText()).contains("more than 30 fields");
    assertThat(errors.get(2).get("index").asInt()).isEqualTo(2);
    assertThat(errors.get(2).get("field").asText()).isEqualTo("needleCount");
    assertThat(gateway.writer.facts()).isEmpty();
  }

  @Test
  void problemsBeyondTheCapAreCountedNotKept() {
    var request = new EventsRequest(new EventValidator(TestEvents.CLOCK), new FactMapper(TestGateway.PSEUDONYMS),
        new ParseLimits(100, 30, 7));
    // 4 events with 3 unknown fields each: 12 problems.
    String body = IntStream.range(0, 4).mapToObj(i -> TestEvents.session("C1", "S" + i, "E1")
            .put("a", 1).put("b", 2).put("c", 3).toString())
        .collect(Collectors.joining(",", "[", "]"));

    Decision d = request.decide(new Principal(Role.CLINIC, "C1"), BodyFormat.JSON,
        body.getBytes(StandardCharsets.UTF_8));

    var invalid = (Decision.Invalid) d;
    assertThat(invalid.issues()).hasSize(7);
    assertThat(invalid.issueCount()).isEqualTo(12);
    assertThat(invalid.invalidEvents()).isEqualTo(4);
    assertThat(invalid.events()).isEqualTo(4);
    var answer = Responses.issues("invalid_events", "m", invalid.issues(), invalid.issueCount(), 100);
    assertThat(answer.get("errors")).hasSize(7);
    assertThat(answer.get("errorCount").asInt()).isEqualTo(12);
    assertThat(answer.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void parseErrorsGiveAPositionAndNeverQuoteTheBody() {
    start();
    String mrn = "MRN00427731";
    List<String> bodies = List.of(
        "{\"type\":\"episode\",\"patientId\":" + mrn + "}",
        "{\"type\":\"episode\",\"patientId\":\"" + mrn + "\" \"clinicId\":\"C1\"}",
        "{\"type\":\"episode\",\"patientId\":\"" + mrn + "\"}{\"" + mrn + "\":1}",
        "{\"type\":\"episode\",\"" + mrn + "\":1,\"" + mrn + "\":2}",
        "[{\"type\":\"episode\",\"patientId\":\"" + mrn + "\"},\n " + mrn + "]",
        "{\"type\":\"episode\",\"patientId\":\"" + mrn);
    for (String b : bodies) {
      var r = gateway.post(CLINIC_1, "application/json", b);
      assertThat(r.statusCode()).as(b).isEqualTo(400);
      assertThat(r.body()).as(b).doesNotContain(mrn).doesNotContain("MRN");
      assertThat(body(r).get("line").asInt()).as(b).isPositive();
      assertThat(body(r).get("column").asInt()).as(b).isPositive();
    }
    var ndjson = gateway.post(CLINIC_1, "application/x-ndjson",
        TestEvents.of(EventType.SESSION) + "\n{\"patientId\": " + mrn + "}\n");
    assertThat(ndjson.statusCode()).isEqualTo(400);
    assertThat(ndjson.body()).doesNotContain(mrn);
    assertThat(body(ndjson).get("line").asInt()).isEqualTo(2);
    assertThat(body(ndjson).get("message").asText()).contains("NDJSON line 2").contains("not JSON");
  }

  /**
   * A real client socket that declares a body and then sends one byte every 100 ms: after the body timeout it gets
   * a 408 and the connection is closed, and the bytes it reserved are free again for other requests.
   */
  @Test
  void aTricklingUploadTimesOutAndFreesItsInFlightBudget() throws Exception {
    start(new BodyLimits(64 * 1024, 10_000, Duration.ofSeconds(1)));
    String event = TestEvents.session("C1", "S1", "E1").toString();
    try (var slow = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
      slow.setSoTimeout(20_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + CLINIC_1
          + "\r\nContent-Type: application/json\r\nContent-Length: 9000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      // (Jetty dispatches a request once its first body byte arrives, hence the '['.) 9000 of the 10000 in-flight
      // bytes are held by the slow upload: a 2 KB request does not fit.
      String padded = "[" + event + "]" + " ".repeat(2000);
      var busy = gateway.post(CLINIC_1, "application/json", padded);
      assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
      System.out.println("while a client trickles its body: " + busy.statusCode() + " " + busy.body());

      long start = System.nanoTime();
      String statusLine = trickleUntilAnswered(slow, out);
      System.out.printf("the trickling client got '%s' after %d ms%n", statusLine,
          (System.nanoTime() - start) / 1_000_000);
      assertThat(statusLine).startsWith("HTTP/1.1 408");

      var after = gateway.post(CLINIC_1, "application/json", padded);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
    }
    assertThat(gateway.writer.facts()).hasSize(1);
  }

  /** Sends a byte every 100 ms until the server answers (or closes); returns the status line. */
  private static String trickleUntilAnswered(Socket socket, OutputStream out) throws Exception {
    var in = socket.getInputStream();
    for (int i = 0; i < 150; i++) {
      if (in.available() > 0) {
        break;
      }
      try {
        out.write(' ');
        out.flush();
      } catch (java.io.IOException closed) {
        break; // The server closed the connection: its answer is in the input.
      }
      Thread.sleep(100);
    }
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    String line = reader.readLine();
    return line == null ? "(closed without an answer)" : line;
  }
}
