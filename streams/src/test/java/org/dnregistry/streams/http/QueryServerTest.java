package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.http.TestTokens.ADMIN;
import static org.dnregistry.streams.http.TestTokens.CLINIC_C1;
import static org.dnregistry.streams.http.TestTokens.CLINIC_C3;
import static org.dnregistry.streams.http.TestTokens.VIEWER;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.StreamsRebalancingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryServerTest {
  /** "Today" for the server when the registry has no default asOf: a fixed clock, not the machine's. */
  private static final Instant NOW = Instant.parse("2027-01-15T23:30:00Z");

  private FakeRegistry registry;
  private QueryServer server;
  private ApiClient api;
  private PrometheusMeterRegistry metrics;

  @BeforeEach
  void start() {
    registry = new FakeRegistry();
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = QueryServer.start(0, registry, TestTokens.tokens(), metrics, Clock.fixed(NOW, ZoneId.of("Pacific/Auckland")));
    api = new ApiClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A tree as a client parses it (Jackson reads small longs back as ints), so trees compare by value. */
  private static JsonNode asServed(JsonNode tree) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(tree.toString());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- figures: defaults and pass-through ---------------------------------------------------------------

  @Test
  void complicationsDefaultToNetworkAllIndicationsNinetyDaysAndTheRegistrysAsOf() {
    var reply = api.get("/v1/complications", VIEWER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(registry.calls).containsExactly("complications network ALL 90 2026-11-20");
    assertThat(reply.json()).isEqualTo(asServed(registry.complications("network", "ALL", "90", FakeRegistry.DEFAULT_AS_OF)));
    JsonNode bruising = reply.json().get("rows").get(0);
    assertThat(bruising.get("category").asText()).isEqualTo("BRUISING");
    assertThat(bruising.get("sessions").asLong()).isEqualTo(315);
    assertThat(bruising.get("events").asLong()).isEqualTo(45);
    assertThat(bruising.get("rate").isNumber()).isTrue();
    assertThat(bruising.get("rate").asDouble()).isEqualTo(45.0 / 315);
  }

  @Test
  void complicationsPassEveryGivenParameterThrough() {
    var reply = api.get("/v1/complications?scope=clinic:C2&indication=NECK_PAIN&window=30&asOf=2026-10-01", ADMIN);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(registry.calls).containsExactly("complications clinic:C2 NECK_PAIN 30 2026-10-01");
    assertThat(reply.json().get("scope").asText()).isEqualTo("clinic:C2");
    assertThat(reply.json().get("rows")).hasSize(18);
  }

  @Test
  void windowAllAndIndicationAllAreAcceptedExplicitly() {
    assertThat(api.get("/v1/complications?window=all&indication=ALL&scope=network", VIEWER).status()).isEqualTo(200);
    assertThat(registry.calls).containsExactly("complications network ALL all 2026-11-20");
  }

  @Test
  void blankParametersCountAsAbsent() {
    assertThat(api.get("/v1/complications?scope=&indication=&window=&asOf=", VIEWER).status()).isEqualTo(200);
    assertThat(registry.calls).containsExactly("complications network ALL 90 2026-11-20");
  }

  @Test
  void withoutAnyCountedSessionTheDefaultAsOfIsTodayInUtc() {
    registry.defaultAsOf = Optional.empty();

    assertThat(api.get("/v1/efficacy", VIEWER).status()).isEqualTo(200);

    // 23:30 UTC on the 15th is already the 16th in Auckland: the server must use the UTC day.
    assertThat(registry.calls).containsExactly("efficacy network ALL 90 2027-01-15");
  }

  @Test
  void efficacyDefaultsAndPassThrough() {
    var reply = api.get("/v1/efficacy?indication=SHOULDER_PAIN&window=365", VIEWER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(registry.calls).containsExactly("efficacy network SHOULDER_PAIN 365 2026-11-20");
    assertThat(reply.json()).isEqualTo(asServed(registry.efficacy("network", "SHOULDER_PAIN", "365", FakeRegistry.DEFAULT_AS_OF)));
    assertThat(reply.json().get("rows")).hasSize(32);
  }

  @Test
  void complianceDefaultsAndPassThrough() {
    var reply = api.get("/v1/compliance?window=30&asOf=2026-06-30", VIEWER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(registry.calls).containsExactly("compliance network - 30 2026-06-30");
    assertThat(reply.json()).isEqualTo(asServed(registry.compliance("network", "30", LocalDate.parse("2026-06-30"))));
  }

  @Test
  void aClinicTokenDefaultsToItsOwnScope() {
    assertThat(api.get("/v1/complications", CLINIC_C1).status()).isEqualTo(200);
    assertThat(api.get("/v1/efficacy", CLINIC_C1).status()).isEqualTo(200);
    assertThat(api.get("/v1/compliance", CLINIC_C1).status()).isEqualTo(200);

    assertThat(registry.calls).containsExactly(
        "complications clinic:C1 ALL 90 2026-11-20",
        "efficacy clinic:C1 ALL 90 2026-11-20",
        "compliance clinic:C1 - 90 2026-11-20");
  }

  // --- authentication and authorisation -----------------------------------------------------------------

  static Stream<String> everyApiPath() {
    return Stream.of("/v1/complications", "/v1/efficacy", "/v1/compliance", "/v1/funnel?category=BRUISING",
        "/v1/alerts", "/v1/clinics", "/v1/baselines", "/v1/me");
  }

  @ParameterizedTest
  @MethodSource("everyApiPath")
  void noTokenIs401WithAChallenge(String path) {
    var reply = api.get(path, null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(reply.json().get("message").asText()).contains("Authorization: Bearer");
    assertThat(registry.calls).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("everyApiPath")
  void anUnknownTokenIs401(String path) {
    var reply = api.get(path, "not-a-token-of-this-registry");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().get("message").asText()).isEqualTo("unknown token");
  }

  @Test
  void aTokenOutsideTheBearerSchemeIs401() {
    assertThat(api.getWithAuthorization("/v1/complications", "Basic " + VIEWER).status()).isEqualTo(401);
    assertThat(api.getWithAuthorization("/v1/complications", VIEWER).status()).isEqualTo(401);
    assertThat(api.getWithAuthorization("/v1/complications", "bearer " + VIEWER).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/complications?scope=network", "/v1/complications?scope=clinic:C2",
      "/v1/efficacy?scope=network", "/v1/efficacy?scope=clinic:C3", "/v1/compliance?scope=network",
      "/v1/compliance?scope=clinic:C2"})
  void aClinicTokenReadingAnotherScopeIs403(String path) {
    var reply = api.get(path, CLINIC_C1);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("error").asText()).isEqualTo("forbidden");
    assertThat(reply.json().get("message").asText()).contains("clinic:C1");
    assertThat(registry.calls).isEmpty();
  }

  @Test
  void aClinicTokenReadsItsOwnScopeAndViewersAndAdminsReadAnyScope() {
    assertThat(api.get("/v1/complications?scope=clinic:C1", CLINIC_C1).status()).isEqualTo(200);
    assertThat(api.get("/v1/complications?scope=clinic:C3", CLINIC_C3).status()).isEqualTo(200);
    assertThat(api.get("/v1/complications?scope=clinic:C3", VIEWER).status()).isEqualTo(200);
    assertThat(api.get("/v1/compliance?scope=clinic:C2", ADMIN).status()).isEqualTo(200);
    assertThat(api.get("/v1/efficacy?scope=network", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void meTellsTheDashboardWhoTheTokenBelongsTo() {
    assertThat(api.get("/v1/me", CLINIC_C3).json().toString())
        .isEqualTo("{\"role\":\"clinic\",\"clinicId\":\"C3\",\"defaultScope\":\"clinic:C3\"}");
    assertThat(api.get("/v1/me", VIEWER).json().toString())
        .isEqualTo("{\"role\":\"viewer\",\"clinicId\":null,\"defaultScope\":\"network\"}");
    assertThat(api.get("/v1/me", ADMIN).json().get("role").asText()).isEqualTo("admin");
  }

  // --- 400 per bad parameter ----------------------------------------------------------------------------

  static Stream<Arguments> badParameters() {
    return Stream.of(
        Arguments.of("/v1/complications?scope=world", "scope", "'network' or 'clinic:<clinicId>'"),
        Arguments.of("/v1/complications?scope=clinic:", "scope", "'network' or 'clinic:<clinicId>'"),
        Arguments.of("/v1/complications?scope=clinic:C1%7CX", "scope", "'network' or 'clinic:<clinicId>'"),
        Arguments.of("/v1/complications?indication=neck_pain", "indication", "ALL or one of CHRONIC_LOW_BACK_PAIN"),
        Arguments.of("/v1/complications?indication=BACK", "indication", "TMJ_PAIN, OTHER (was 'BACK')"),
        Arguments.of("/v1/complications?window=7", "window", "one of 30, 90, 365, all"),
        Arguments.of("/v1/complications?window=ALL", "window", "one of 30, 90, 365, all"),
        Arguments.of("/v1/complications?asOf=2026-13-01", "asOf", "YYYY-MM-DD"),
        Arguments.of("/v1/complications?asOf=20261120", "asOf", "YYYY-MM-DD"),
        Arguments.of("/v1/complications?windw=30", "windw", "accepts scope, indication, window, asOf"),
        Arguments.of("/v1/complications?window=30&window=90", "window", "given 2 times"),
        Arguments.of("/v1/efficacy?scope=clinic", "scope", "'network' or 'clinic:<clinicId>'"),
        Arguments.of("/v1/efficacy?indication=KNEE", "indication", "ALL or one of"),
        Arguments.of("/v1/efficacy?window=60", "window", "one of 30, 90, 365, all"),
        Arguments.of("/v1/efficacy?asOf=yesterday", "asOf", "YYYY-MM-DD"),
        Arguments.of("/v1/compliance?scope=everyone", "scope", "'network' or 'clinic:<clinicId>'"),
        Arguments.of("/v1/compliance?window=1", "window", "one of 30, 90, 365, all"),
        Arguments.of("/v1/compliance?asOf=2026-02-30", "asOf", "YYYY-MM-DD"),
        Arguments.of("/v1/compliance?indication=ALL", "indication", "accepts scope, window, asOf"),
        Arguments.of("/v1/funnel", "category", "category is required: one of BRUISING"),
        Arguments.of("/v1/funnel?category=bruising", "category", "one of BRUISING"),
        Arguments.of("/v1/funnel?category=BRUISING&indication=X", "indication", "ALL or one of"),
        Arguments.of("/v1/funnel?category=BRUISING&window=0", "window", "one of 30, 90, 365, all"),
        Arguments.of("/v1/funnel?category=BRUISING&asOf=2026-1-1", "asOf", "YYYY-MM-DD"),
        Arguments.of("/v1/funnel?category=BRUISING&source=Nobody", "source",
            "available: Boyce 2020, Brady 2014, Moghim"),
        Arguments.of("/v1/funnel?category=NERVE_INJURY&source=Boyce%202020", "source", "it has no baseline"),
        Arguments.of("/v1/funnel?category=BRUISING&source=Test%202024", "source", "for indication ALL"),
        Arguments.of("/v1/funnel?category=BRUISING&scope=network", "scope", "accepts indication, category"),
        Arguments.of("/v1/alerts?since=last-week", "since", "ISO-8601 instant"),
        Arguments.of("/v1/alerts?since=2026-11-20T08:00", "since", "ISO-8601 instant"),
        Arguments.of("/v1/alerts?limit=0", "limit", "from 1 to 1000"),
        Arguments.of("/v1/alerts?limit=lots", "limit", "from 1 to 1000"),
        Arguments.of("/v1/alerts?limit=1001", "limit", "from 1 to 1000"),
        Arguments.of("/v1/clinics?scope=network", "scope", "accepts no parameters"),
        Arguments.of("/v1/baselines?category=BRUISING", "category", "accepts no parameters"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  void aBadParameterIs400NamingItAndWhatIsAllowed(String path, String parameter, String explanation) {
    var reply = api.get(path, VIEWER);

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("bad_request");
    assertThat(reply.json().get("parameter").asText()).isEqualTo(parameter);
    assertThat(reply.json().get("message").asText()).contains(explanation);
    assertThat(registry.calls).isEmpty();
  }

  @Test
  void aBadParameterIs400EvenWhileNotReadyAndBeforeTheScopeCheck() {
    registry.ready = false;
    assertThat(api.get("/v1/complications?window=7", VIEWER).status()).isEqualTo(400);
    assertThat(api.get("/v1/complications?scope=network&window=7", CLINIC_C1).status()).isEqualTo(400);
  }

  // --- 503 while not ready ------------------------------------------------------------------------------

  static Stream<String> everyDataPath() {
    return everyApiPath().filter(p -> !p.equals("/v1/me"));
  }

  @ParameterizedTest
  @MethodSource("everyDataPath")
  void notReadyIs503WithRetryAfter(String path) {
    registry.ready = false;

    var reply = api.get(path, VIEWER);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("5");
    assertThat(reply.json().get("error").asText()).isEqualTo("not_ready");
    assertThat(registry.calls).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("everyDataPath")
  void aStoreMovingDuringAQueryIs503WithRetryAfter(String path) {
    registry.failure = () -> new StreamsRebalancingException("rebalancing");

    var reply = api.get(path, VIEWER);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("5");
    assertThat(reply.json().get("message").asText()).contains("StreamsRebalancingException");
  }

  @Test
  void anUnexpectedFailureIs500WithoutDetails() {
    registry.failure = () -> new IllegalStateException("secret internals");

    var reply = api.get("/v1/complications", VIEWER);

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).doesNotContain("secret internals");
  }

  @Test
  void unauthenticatedIs401EvenWhileNotReady() {
    registry.ready = false;
    assertThat(api.get("/v1/complications", null).status()).isEqualTo(401);
  }

  @Test
  void aForbiddenScopeIs403EvenWhileNotReady() {
    registry.ready = false;
    assertThat(api.get("/v1/complications?scope=network", CLINIC_C1).status()).isEqualTo(403);
  }

  // --- funnel -------------------------------------------------------------------------------------------

  @Test
  void funnelHasOnePointPerClinicFlaggedAgainstTheFirstBaselineBySource() {
    var reply = api.get("/v1/funnel?category=BRUISING", VIEWER);

    assertThat(reply.status()).isEqualTo(200);
    JsonNode f = reply.json();
    assertThat(f.get("category").asText()).isEqualTo("BRUISING");
    assertThat(f.get("indication").asText()).isEqualTo("ALL");
    assertThat(f.get("window").asText()).isEqualTo("90");
    assertThat(f.get("asOf").asText()).isEqualTo("2026-11-20");
    // Sources in String order: "Boyce 2020" < "Brady 2014" < "Moghim"; the neck-only baseline does not apply.
    assertThat(f.get("baseline").get("source").asText()).isEqualTo("Boyce 2020");
    assertThat(f.get("baseline").get("centre").asDouble()).isEqualTo(0.077);
    assertThat(f.get("baseline").get("citation").asText()).contains("Int J Sports Phys Ther");
    // Expected flags from the Spiegelhalter limits computed independently with scipy (see flagsAgainstMoghim).
    // C1 9/120 = 0.075 (limits 0.027..0.1263 at 95%), C2 6/75, C3 27/90 = 0.3 > 0.1766 (99.8%), C4 3/30.
    assertThat(points(f)).containsExactly(
        "C1 120 9 0.075 WITHIN", "C2 75 6 0.08 WITHIN", "C3 90 27 0.3 ABOVE_998", "C4 30 3 0.1 WITHIN");
    // Every clinic was read in its own scope, on one asOf.
    assertThat(registry.calls).containsExactly(
        "complications clinic:C1 ALL 90 2026-11-20", "complications clinic:C2 ALL 90 2026-11-20",
        "complications clinic:C3 ALL 90 2026-11-20", "complications clinic:C4 ALL 90 2026-11-20");
  }

  /**
   * Reference limits by scipy 1.17.1 ({@code scipy.stats.poisson}, Spiegelhalter 2005 A.1.1 interpolation),
   * baseline 0.175 (Moghim 0.15-0.20): n=120 lower 99.8% 0.0654, lower 95% 0.1002; n=75 lower 95% 0.0805;
   * n=90 upper 95% 0.2613, upper 99.8% 0.3208; n=30 lower 95% 0.0239, upper 95% 0.3244.
   */
  @Test
  void flagsAgainstMoghim() {
    var f = api.get("/v1/funnel?category=BRUISING&source=Moghim", VIEWER).json();

    assertThat(f.get("baseline").get("centre").asDouble()).isEqualTo(0.175);
    assertThat(points(f)).containsExactly(
        "C1 120 9 0.075 BELOW_95", "C2 75 6 0.08 BELOW_95", "C3 90 27 0.3 ABOVE_95", "C4 30 3 0.1 WITHIN");
  }

  @Test
  void funnelLimitsAreACurveOverOneToTheLargestClinicsSessions() {
    JsonNode limits = api.get("/v1/funnel?category=BRUISING&source=Moghim", VIEWER).json().get("limits");

    assertThat(limits.size()).isBetween(10, Funnel.CURVE_POINTS);
    assertThat(limits.get(0).get("sessions").asLong()).isEqualTo(1);
    assertThat(limits.get(limits.size() - 1).get("sessions").asLong()).isEqualTo(120);
    long previous = 0;
    for (JsonNode l : limits) {
      assertThat(l.get("sessions").asLong()).isGreaterThan(previous);
      previous = l.get("sessions").asLong();
      assertThat(l.get("lower998").asDouble()).isLessThanOrEqualTo(l.get("lower95").asDouble());
      assertThat(l.get("lower95").asDouble()).isLessThanOrEqualTo(0.175);
      assertThat(l.get("upper95").asDouble()).isGreaterThanOrEqualTo(0.175);
      assertThat(l.get("upper998").asDouble()).isGreaterThanOrEqualTo(l.get("upper95").asDouble());
    }
    JsonNode last = limits.get(limits.size() - 1);
    assertThat(last.get("lower95").asDouble()).isCloseTo(0.1002, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(last.get("lower998").asDouble()).isCloseTo(0.0654, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(last.get("upper95").asDouble()).isCloseTo(0.2495, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(last.get("upper998").asDouble()).isCloseTo(0.3000, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void aClinicTokenSeesOnlyItsOwnFunnelPoint() {
    var f = api.get("/v1/funnel?category=BRUISING&window=30", CLINIC_C3).json();

    assertThat(points(f)).containsExactly("C3 30 9 0.3 ABOVE_998");
    assertThat(f.get("limits").get(f.get("limits").size() - 1).get("sessions").asLong()).isEqualTo(30);
    assertThat(registry.calls).containsExactly("complications clinic:C3 ALL 30 2026-11-20");
  }

  @Test
  void funnelWithAnIndicationUsesItsOwnBaselinesAndHalfTheActivity() {
    var f = api.get("/v1/funnel?category=BRUISING&indication=NECK_PAIN&source=Test%202024&asOf=2026-09-01", VIEWER)
        .json();

    assertThat(f.get("baseline").get("indication").asText()).isEqualTo("NECK_PAIN");
    assertThat(f.get("baseline").get("centre").asDouble()).isCloseTo(0.055, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(f.get("points").get(0).get("sessions").asLong()).isEqualTo(60);
    assertThat(registry.calls).contains("complications clinic:C1 NECK_PAIN 90 2026-09-01");
  }

  @Test
  void aCategoryWithoutBaselineHasNoLimitsAndNoFlags() {
    var f = api.get("/v1/funnel?category=NERVE_INJURY", VIEWER).json();

    assertThat(f.get("baseline").isNull()).isTrue();
    assertThat(f.get("limits")).isEmpty();
    assertThat(points(f)).containsExactly("C1 120 0 0.0 null", "C2 75 0 0.0 null", "C3 90 0 0.0 null",
        "C4 30 0 0.0 null");
  }

  @Test
  void aClinicTheRegistryHasNotSeenStillGetsItsEmptyPoint() {
    var f = api.get("/v1/funnel?category=BRUISING", TestTokens.CLINIC_C9).json();

    assertThat(points(f)).containsExactly("C9 0 0 null null");
    assertThat(f.get("limits")).isEmpty();
    assertThat(f.get("baseline").get("source").asText()).isEqualTo("Boyce 2020");
    assertThat(api.get("/v1/clinics", TestTokens.CLINIC_C9).json().toString()).isEqualTo("{\"clinics\":[\"C9\"]}");
  }

  private static List<String> points(JsonNode funnel) {
    var out = new ArrayList<String>();
    for (JsonNode p : funnel.get("points")) {
      out.add(p.get("clinicId").asText() + " " + p.get("sessions").asLong() + " " + p.get("events").asLong() + " "
          + (p.get("rate").isNull() ? "null" : p.get("rate").asDouble()) + " " + p.get("flag").asText());
    }
    return out;
  }

  // --- alerts, clinics, baselines -----------------------------------------------------------------------

  @Test
  void alertsAreNewestFirst() {
    var reply = api.get("/v1/alerts", VIEWER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(ids(reply.json())).containsExactly("a-4", "a-3", "a-2", "a-1");
    assertThat(registry.calls).containsExactly("alerts 1970-01-01T00:00:00Z");
  }

  @Test
  void alertsSinceAnInstantOrADayAndAtMostALimit() {
    assertThat(ids(api.get("/v1/alerts?since=2026-11-19T12:00:00Z", VIEWER).json())).containsExactly("a-4", "a-3");
    assertThat(ids(api.get("/v1/alerts?since=2026-11-19", VIEWER).json())).containsExactly("a-4", "a-3", "a-2");
    assertThat(ids(api.get("/v1/alerts?limit=1", VIEWER).json())).containsExactly("a-4");
    assertThat(registry.calls).containsExactly("alerts 2026-11-19T12:00:00Z", "alerts 2026-11-19T00:00:00Z",
        "alerts 1970-01-01T00:00:00Z");
  }

  @Test
  void theTotalCountsEveryVisibleAlertSinceTheInstantNotOnlyThePage() {
    var page = api.get("/v1/alerts?since=2026-11-19&limit=1", VIEWER).json();
    assertThat(ids(page)).containsExactly("a-4");
    assertThat(page.get("total").asInt()).as("a-4, a-3 and a-2 since 2026-11-19").isEqualTo(3);
    assertThat(api.get("/v1/alerts", VIEWER).json().get("total").asInt()).isEqualTo(4);
    // A clinic's total counts only what it may see: C3 has a-4 and a-3, C1 only a-1.
    assertThat(api.get("/v1/alerts?limit=1", CLINIC_C3).json().get("total").asInt()).isEqualTo(2);
    assertThat(api.get("/v1/alerts?since=2026-11-19", CLINIC_C1).json().get("total").asInt()).isZero();
  }

  @Test
  void aClinicTokenSeesOnlyItsClinicsAlerts() {
    assertThat(ids(api.get("/v1/alerts", CLINIC_C3).json())).containsExactly("a-4", "a-3");
    assertThat(ids(api.get("/v1/alerts", CLINIC_C1).json())).containsExactly("a-1");
  }

  private static List<String> ids(JsonNode alerts) {
    var out = new ArrayList<String>();
    alerts.get("alerts").forEach(a -> out.add(a.get("alertId").asText()));
    return out;
  }

  @Test
  void clinicsAreAllForAViewerAndOnlyItsOwnForAClinic() {
    assertThat(api.get("/v1/clinics", VIEWER).json().toString()).isEqualTo("{\"clinics\":[\"C1\",\"C2\",\"C3\",\"C4\"]}");
    assertThat(api.get("/v1/clinics", CLINIC_C3).json().toString()).isEqualTo("{\"clinics\":[\"C3\"]}");
  }

  @Test
  void baselinesAreByCategoryThenSourceEachWithItsSourceAndCitation() {
    JsonNode baselines = api.get("/v1/baselines", CLINIC_C1).json().get("baselines");

    assertThat(baselines).hasSize(19);
    var order = new ArrayList<String>();
    baselines.forEach(b -> order.add(b.get("category").asText() + "/" + b.get("source").asText()));
    assertThat(order.subList(0, 6)).containsExactly("BRUISING/Boyce 2020", "BRUISING/Brady 2014", "BRUISING/Moghim",
        "BRUISING/Test 2024", "BLEEDING/Boyce 2020", "BLEEDING/Brady 2014");
    assertThat(order.get(18)).isEqualTo("SERIOUS/Boyce 2020");
    for (JsonNode b : baselines) {
      assertThat(b.get("source").asText()).isNotBlank();
      assertThat(b.get("citation").asText()).isNotBlank();
      assertThat(b.get("low").isNumber()).isTrue();
      assertThat(b.get("high").isNumber()).isTrue();
      assertThat(b.has("indication")).isTrue();
    }
  }

  // --- operators ----------------------------------------------------------------------------------------

  @Test
  void healthIsUpWhenReadyAndStartingWith503Otherwise() {
    var up = api.get("/health", null);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.json().get("status").asText()).isEqualTo("UP");

    registry.ready = false;
    var starting = api.get("/health", null);
    assertThat(starting.status()).isEqualTo(503);
    assertThat(starting.header("Retry-After")).isEqualTo("5");
    assertThat(starting.json().get("status").asText()).isEqualTo("STARTING");
    assertThat(starting.json().get("live").asBoolean()).isTrue();
  }

  @Test
  void healthOfAnInstanceThatWillNeverServeAgainIsDownNotStarting() {
    registry.health = Health.DOWN;

    var down = api.get("/health", null);

    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
    assertThat(down.json().get("live").asBoolean()).isFalse();
    assertThat(down.json().get("ready").asBoolean()).isFalse();
    // Nothing to wait for: the process is ending, and its replacement is another instance.
    assertThat(down.header("Retry-After")).isNull();
  }

  @Test
  void metricsArePrometheusTextWithRequestTimersPerRoute() {
    api.get("/v1/complications", VIEWER);
    api.get("/v1/complications?window=7", VIEWER);
    api.get("/no/such/page", null);

    var reply = api.get("/metrics", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain");
    assertThat(reply.body())
        .contains("# TYPE http_server_requests_seconds")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/v1/complications\"[^}]*} 1")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"400\"[^}]*uri=\"/v1/complications\"[^}]*} 1")
        .containsPattern("uri=\"NOT_FOUND\"");
  }

  @Test
  void metricsShowWhatOthersBindIntoTheSameRegistry() {
    metrics.counter("dnregistry.test.bound").increment(3);
    assertThat(api.get("/metrics", null).body()).contains("dnregistry_test_bound_total 3.0");
  }

  @Test
  void anUnknownApiPathIsAJson404() {
    var reply = api.get("/v1/nothing", VIEWER);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
  }

  // --- dashboard files ----------------------------------------------------------------------------------

  @Test
  void theDashboardAndChartJsAreServedWithoutAToken() {
    var index = api.get("/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).startsWith("text/html");
    assertThat(index.body()).contains("/webjars/chart.js/4.5.1/dist/chart.umd.js").contains("dashboard.js");

    var chart = api.get("/webjars/chart.js/4.5.1/dist/chart.umd.js", null);
    assertThat(chart.status()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js v4.5.1");

    assertThat(api.get("/dashboard.js", null).status()).isEqualTo(200);
    assertThat(api.get("/dashboard.css", null).status()).isEqualTo(200);
  }
}
