package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.dnregistry.ingest.events.Fact;

/**
 * Thousands of random and malformed bodies through the real HTTP handler: never a 5xx, always a JSON answer,
 * and whatever is accepted satisfies the contract (checked by {@link ContractInvariants}, independently of the
 * validator). Mutated events must never be accepted as they are.
 */
class EventsFuzzTest {
  static TestGateway gateway;
  static final Map<FuzzCases.Kind, Map<Integer, Integer>> STATUSES = new EnumMap<>(FuzzCases.Kind.class);

  @BeforeContainer
  static void start() {
    gateway = new TestGateway(64 * 1024);
  }

  @AfterContainer
  static void stop() {
    gateway.close();
    // The spread of answers, so a run that only ever produced 400s would be visible in the test output.
    System.out.println("fuzz statuses by case kind: " + STATUSES);
  }

  @Provide
  Arbitrary<FuzzCases.Case> cases() {
    return Arbitraries.randomValue(FuzzCases::generate);
  }

  @Property(tries = 3000)
  void neverA5xxAndNeverAnAcceptedInvalidEvent(@ForAll("cases") FuzzCases.Case c) {
    gateway.writer.clear();
    HttpResponse<String> r = gateway.post(c.token(), c.contentType(), HttpRequest.BodyPublishers.ofByteArray(c.body()));
    synchronized (STATUSES) {
      STATUSES.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(r.statusCode(), 1, Integer::sum);
    }
    assertThat(r.statusCode()).as("status for %s: %s", c, r.body()).isIn(202, 400, 403, 413, 422);
    JsonNode body = TestGateway.body(r);
    if (r.statusCode() == 202) {
      var facts = gateway.writer.facts();
      assertThat(body.get("accepted").asInt()).isEqualTo(facts.size());
      for (Fact f : facts) {
        ContractInvariants.check(f, c.tokenClinic());
      }
      if (c.kind() == FuzzCases.Kind.VALID) {
        assertThat(facts).isNotEmpty();
      }
    } else {
      assertThat(body.path("message").asText()).as("message of %s", r.body()).isNotBlank();
      assertThat(gateway.writer.facts()).as("nothing written on %d", r.statusCode()).isEmpty();
    }
    if (c.kind() == FuzzCases.Kind.VALID) {
      assertThat(r.statusCode()).as("valid events for %s: %s", c, r.body()).isEqualTo(202);
    }
  }
}
