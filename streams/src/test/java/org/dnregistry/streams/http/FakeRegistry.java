package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.stats.BaselineComparison;
import org.dnregistry.streams.stats.ChangeSummary;
import org.dnregistry.streams.stats.Mcid;
import org.dnregistry.streams.stats.RateEstimate;
import org.dnregistry.topics.PublishedBaselines;

/**
 * A registry of four clinics with fixed counts per 30 days, scaled by the window, in the JSON shapes of
 * FIGURES.md. Figures are computed with the stats package so they look like the real thing; the query API only
 * passes them through, which is what the tests check. Every call is recorded.
 */
final class FakeRegistry implements RegistryQueries {
  static final LocalDate DEFAULT_AS_OF = LocalDate.parse("2026-11-20");
  static final List<String> CLINICS = List.of("C1", "C2", "C3", "C4");
  /** Sessions per 30 days. */
  static final Map<String, Integer> SESSIONS = Map.of("C1", 40, "C2", 25, "C3", 30, "C4", 10);
  /** Events per 30 days: C3 bruises far more than the published rates. */
  static final Map<ComplicationCategory, Map<String, Integer>> EVENTS = Map.of(
      ComplicationCategory.BRUISING, Map.of("C1", 3, "C2", 2, "C3", 9, "C4", 1),
      ComplicationCategory.BLEEDING, Map.of("C1", 1, "C2", 1, "C3", 2, "C4", 0),
      ComplicationCategory.PAIN_DURING, Map.of("C1", 2, "C2", 1, "C3", 3, "C4", 0),
      ComplicationCategory.PAIN_AFTER, Map.of("C1", 1, "C2", 1, "C3", 2, "C4", 0));
  /** A baseline for one indication only, to check which baselines apply. */
  static final String NECK_ONLY_SOURCE = "Test 2024";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  volatile boolean ready = true;
  /** When set, what {@link #health()} says regardless of {@link #ready}. */
  volatile Health health;
  volatile Optional<LocalDate> defaultAsOf = Optional.of(DEFAULT_AS_OF);
  /** When set, every figure query throws what it supplies (a store moving mid-query). */
  volatile Supplier<RuntimeException> failure;
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<JsonNode> alerts = new CopyOnWriteArrayList<>(sampleAlerts());

  static int multiplier(String window) {
    return switch (window) {
      case "30" -> 1;
      case "90" -> 3;
      case "365" -> 12;
      case "all" -> 15;
      default -> throw new IllegalArgumentException(window);
    };
  }

  /** Counts of a clinic (or all for network) for an indication: a single indication has half the activity. */
  static long sessions(String scope, String indication, String window) {
    long s = clinicsOf(scope).stream().mapToLong(c -> SESSIONS.getOrDefault(c, 0)).sum() * multiplier(window);
    return indication.equals("ALL") ? s : s / 2;
  }

  static long events(String scope, String indication, String window, ComplicationCategory category) {
    long x;
    if (category == ComplicationCategory.ANY_MINOR) {
      x = EVENTS.keySet().stream().mapToLong(c -> events(scope, "ALL", window, c)).sum();
    } else if (category == ComplicationCategory.SERIOUS) {
      x = clinicsOf(scope).contains("C3") && !window.equals("30") ? 1 : 0;
    } else {
      x = clinicsOf(scope).stream().mapToLong(c -> EVENTS.getOrDefault(category, Map.of()).getOrDefault(c, 0)).sum()
          * multiplier(window);
    }
    return indication.equals("ALL") ? x : x / 2;
  }

  private static List<String> clinicsOf(String scope) {
    return scope.equals("network") ? CLINICS : List.of(scope.substring("clinic:".length()));
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public Health health() {
    Health h = health;
    return h != null ? h : RegistryQueries.super.health();
  }

  @Override
  public Optional<LocalDate> defaultAsOf() {
    return defaultAsOf;
  }

  @Override
  public JsonNode complications(String scope, String indication, String window, LocalDate asOf) {
    record("complications", scope, indication, window, asOf);
    ObjectNode out = header(scope, indication, window, asOf);
    ArrayNode rows = out.putArray("rows");
    long n = sessions(scope, indication, window);
    for (ComplicationCategory category : ComplicationCategory.values()) {
      long x = events(scope, indication, window, category);
      RateEstimate rate = RateEstimate.of(x, n);
      ObjectNode row = rows.addObject();
      row.put("category", category.name());
      row.put("sessions", n);
      row.put("events", x);
      row.put("rate", rate.rate());
      row.put("ciLow", rate.ciLow());
      row.put("ciHigh", rate.ciHigh());
      ArrayNode baselines = row.putArray("baselines");
      for (JsonNode b : Funnel.applicableBaselines(baselines(), category, indication)) {
        BaselineComparison c = BaselineComparison.evaluate(b.get("source").asText(), b.get("low").asDouble(),
            b.get("high").asDouble(), x, n);
        baselines.addObject()
            .put("source", c.source())
            .put("low", c.low())
            .put("high", c.high())
            .put("pUpper", c.pUpper())
            .put("pLower", c.pLower())
            .put("status", c.status().name());
      }
    }
    return out;
  }

  @Override
  public JsonNode efficacy(String scope, String indication, String window, LocalDate asOf) {
    record("efficacy", scope, indication, window, asOf);
    ObjectNode out = header(scope, indication, window, asOf);
    ArrayNode rows = out.putArray("rows");
    int m = multiplier(window);
    boolean any = !scope.equals("clinic:C4");
    for (Instrument instrument : Instrument.values()) {
      for (Timepoint timepoint : Timepoint.values()) {
        if (timepoint == Timepoint.BASELINE) {
          continue;
        }
        // NPRS changes of 3.00, 2.50 and 1.00 points per 30 days at WEEK_4 and DISCHARGE; NDI 9.00, 6.00.
        long[] changes = !any ? new long[0]
            : instrument == Instrument.NPRS && (timepoint == Timepoint.WEEK_4 || timepoint == Timepoint.DISCHARGE)
                ? new long[] {300, 250, timepoint == Timepoint.DISCHARGE ? 400 : 100}
                : instrument == Instrument.NDI && timepoint == Timepoint.WEEK_4 ? new long[] {900, 600} : new long[0];
        long n = (long) changes.length * m;
        long sum = 0;
        long squares = 0;
        long responders = 0;
        for (long c : changes) {
          sum += c * m;
          squares += c * c * m;
          responders += c >= Mcid.hundredths(instrument) ? m : 0;
        }
        ChangeSummary s = ChangeSummary.of(instrument, n, sum, squares, responders);
        rows.addObject()
            .put("instrument", instrument.name())
            .put("timepoint", timepoint.name())
            .put("n", s.n())
            .put("meanChange", s.meanChange())
            .put("sd", s.sd())
            .put("ciLow", s.ciLow())
            .put("ciHigh", s.ciHigh())
            .put("mcid", s.mcid())
            .put("responders", s.responders())
            .put("responderRate", s.responderRate())
            .put("responderCiLow", s.responderCiLow())
            .put("responderCiHigh", s.responderCiHigh())
            .put("status", s.status().name());
      }
    }
    return out;
  }

  /** Ten days to {@code to} (default the default asOf): S climbs by 1 a day for C3 and signals on the 6th day. */
  @Override
  public JsonNode surveillance(String scope, String category, LocalDate from, LocalDate to) {
    LocalDate end = to == null ? DEFAULT_AS_OF : to;
    record("surveillance", scope, category, "-", end);
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope).put("category", category).put("R", 2.0).put("h", 6.0).put("monitored", true);
    out.putArray("monitoredCategories").add("BRUISING").add("ANY_MINOR").add("SERIOUS");
    out.putArray("references").addObject().put("indication", "NECK_PAIN").put("source", "Boyce 2020")
        .put("p0", 0.077);
    ArrayNode days = out.putArray("days");
    double s = 0;
    for (int d = 9; d >= 0; d--) {
      LocalDate day = end.minusDays(d);
      if (from != null && day.isBefore(from)) {
        continue;
      }
      s = scope.equals("clinic:C3") ? (s >= 6 ? 1 : s + 1) : 0;
      days.addObject().put("day", day.toString()).put("sessions", 10).put("events", 1).put("expected", 0.77)
          .put("s", s).put("signal", s >= 6);
    }
    return out;
  }

  /** Every clinic has one session whose episode is unknown; its follow-up is complete for 3 of 4 episodes. */
  @Override
  public JsonNode dataQuality(String scope, LocalDate asOf) {
    record("data-quality", scope, "-", "-", asOf);
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope);
    out.put("asOf", asOf.toString());
    ObjectNode counts = out.putObject("counts");
    long clinics = clinicsOf(scope).size();
    for (org.dnregistry.streams.quality.DataQualityKind kind : org.dnregistry.streams.quality.DataQualityKind.values()) {
      counts.put(kind.label(), kind == org.dnregistry.streams.quality.DataQualityKind.SESSION_EPISODE_UNKNOWN
          ? clinics : 0);
    }
    out.putObject("followUp").put("dueAfterDays", 60).put("episodes", 4 * clinics).put("completed", 3 * clinics)
        .put("completeness", 0.75);
    return out;
  }

  @Override
  public JsonNode compliance(String scope, String window, LocalDate asOf) {
    record("compliance", scope, "-", window, asOf);
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope);
    out.put("window", window);
    out.put("asOf", asOf.toString());
    ArrayNode rows = out.putArray("rows");
    ObjectNode total = JSON.objectNode();
    for (GuidelineFlag f : GuidelineFlag.values()) {
      total.put(f.name(), 0);
    }
    int m = multiplier(window);
    for (String clinic : clinicsOf(scope)) {
      int i = CLINICS.indexOf(clinic);
      if (i < 0 || clinic.equals("C4")) {
        continue; // C4 has no flags at all, so it has no row
      }
      ObjectNode counts = JSON.objectNode();
      for (GuidelineFlag f : GuidelineFlag.values()) {
        // C1: 2 CHRONIC_CONDITION per 30 days; C2: 1 CONSERVATIVE_CARE_NOT_TRIED; C3: 3 NEEDLE_SPEC_OUT_OF_RANGE.
        int per30 = switch (f) {
          case CHRONIC_CONDITION -> i == 0 ? 2 : 0;
          case CONSERVATIVE_CARE_NOT_TRIED -> i == 1 ? 1 : 0;
          case NEEDLE_SPEC_OUT_OF_RANGE -> i == 2 ? 3 : 0;
          default -> 0;
        };
        counts.put(f.name(), per30 * m);
        total.put(f.name(), total.get(f.name()).asLong() + (long) per30 * m);
      }
      rows.addObject().put("clinicId", clinic).set("counts", counts);
    }
    out.set("total", total);
    return out;
  }

  @Override
  public List<String> clinics() {
    fail();
    return CLINICS;
  }

  @Override
  public List<JsonNode> baselines() {
    fail();
    var out = new ArrayList<JsonNode>();
    for (Baseline b : PublishedBaselines.load()) {
      out.add(JSON.objectNode()
          .put("category", b.getCategory().name())
          .put("source", b.getSource())
          .put("low", b.getLow())
          .put("high", b.getHigh())
          .putNull("indication")
          .put("citation", b.getCitation()));
    }
    out.add(JSON.objectNode()
        .put("category", "BRUISING")
        .put("source", NECK_ONLY_SOURCE)
        .put("low", 0.05)
        .put("high", 0.06)
        .put("indication", "NECK_PAIN")
        .put("citation", "A baseline for neck pain only, made up for tests."));
    // Any order: the API sorts.
    java.util.Collections.reverse(out);
    return out;
  }

  @Override
  public List<JsonNode> alerts(Instant since) {
    fail();
    calls.add("alerts " + since);
    return alerts.stream().filter(a -> !AlertFeed.raisedAt(a).isBefore(since)).toList();
  }

  private void record(String what, String scope, String indication, String window, LocalDate asOf) {
    fail();
    calls.add(what + " " + scope + " " + indication + " " + window + " " + asOf);
  }

  private void fail() {
    var f = failure;
    if (f != null) {
      throw f.get();
    }
  }

  private static ObjectNode header(String scope, String indication, String window, LocalDate asOf) {
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope);
    out.put("indication", indication);
    out.put("window", window);
    out.put("asOf", asOf.toString());
    return out;
  }

  /** Alerts as Avro's JSON would carry them (raisedAt in epoch ms), one with an ISO instant, in no order. */
  static List<JsonNode> sampleAlerts() {
    return List.of(
        alert("a-2", "SIGNAL", Instant.parse("2026-11-19T10:00:00Z").toEpochMilli(), "network", null, "BRUISING",
            null, "the network: BRUISING happened more often than the reference rates explain"),
        alert("a-4", "SENTINEL", Instant.parse("2026-11-20T09:30:00Z").toEpochMilli(), "clinic:C3", "C3",
            "PNEUMOTHORAX", null, "Pneumothorax reported at clinic C3 (session S-88)"),
        alert("a-1", "SIGNAL", Instant.parse("2026-11-02T08:00:00Z").toEpochMilli(), "clinic:C1", "C1", "BLEEDING",
            null, "clinic C1: BLEEDING happened more often than the reference rates explain"),
        alert("a-3", "SIGNAL", "2026-11-19T16:45:00Z", "clinic:C3", "C3", "BRUISING", null,
            "clinic C3: BRUISING happened more often than the reference rates explain"));
  }

  private static JsonNode alert(String id, String kind, Object raisedAt, String scope, String clinicId,
                                String category, String status, String message) {
    ObjectNode a = JSON.objectNode();
    a.put("alertId", id);
    a.put("kind", kind);
    if (raisedAt instanceof Long ms) {
      a.put("raisedAt", ms);
    } else {
      a.put("raisedAt", raisedAt.toString());
    }
    a.put("scope", scope);
    a.put("clinicId", clinicId);
    a.put("indication", "ALL");
    a.put("category", category);
    a.put("status", status);
    a.put("message", message);
    return a;
  }
}
