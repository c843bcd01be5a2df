package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnregistry.ingest.TestEvents;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {
  @Test
  void reservesUpToTheBoundAndAlwaysTakesALoneRequest() {
    var budget = new InFlightBudget(1000);
    assertThat(budget.tryReserve(5000)).as("alone, even over the bound").isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(5000);
    assertThat(budget.tryReserve(600)).isTrue();
    assertThat(budget.tryReserve(400)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    budget.release(600);
    assertThat(budget.tryReserve(500)).isTrue();
    assertThat(budget.used()).isEqualTo(900);
  }

  @Test
  void aRequestThatDoesNotFitBesideOthersInFlightGets503UntilTheyAreAnswered() throws Exception {
    String body = TestEvents.session("C1", "S1", "E1").toString();
    try (var gateway = new TestGateway(64 * 1024, body.length() + 10)) {
      gateway.writer.hold(true);
      HttpClient http = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(gateway.uri("/v1/events"))
          .header("Authorization", "Bearer " + TestGateway.CLINIC_1).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (gateway.writer.requests().isEmpty()) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(10);
      }
      var busy = gateway.post(TestGateway.CLINIC_1, "application/json", body);
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(TestGateway.body(busy).get("message").asText()).contains("busy");

      gateway.writer.release();
      assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
      gateway.writer.hold(false);
      assertThat(gateway.post(TestGateway.CLINIC_1, "application/json", body).statusCode()).isEqualTo(202);
    }
  }
}
