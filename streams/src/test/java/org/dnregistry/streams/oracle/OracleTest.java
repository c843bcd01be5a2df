package org.dnregistry.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The oracle on histories small enough to work out by hand; the arithmetic is in the comments. Reference
 * quantiles and probabilities come from R 4.2 (r-base-core, Debian bookworm), options(digits=15):
 * <pre>
 *   poisson.test(3, 10)$conf.int        0.0618672122895602 0.876727306974232
 *   poisson.test(0, 10)$conf.int        0                  0.368887945411394
 *   poisson.test(2, 10)$conf.int        0.0242209278543965 0.722468766772396
 *   ppois(2, 0.1, lower.tail=FALSE)     0.000154653070264672     ppois(3, 0.1)  0.999996153166075
 *   ppois(2, 0.5, lower.tail=FALSE)     0.0143876779669707       ppois(3, 0.5)  0.998248377443709
 *   ppois(2, 9, lower.tail=FALSE)       0.993767804893623        ppois(3, 9)    0.0212264863029089
 *   ppois(2, 2, lower.tail=FALSE)       0.323323583816937        ppois(3, 1.5)  0.93435754562155
 *   ppois(2, 3, lower.tail=FALSE)       0.576809918873157        ppois(3, 3)    0.647231888782231
 *   qt(0.975, 1) 12.7062047361747   qt(0.975, 2) 4.30265272974946
 *   prop.test(2, 3, correct=FALSE)$conf.int   0.207659600802048 0.938508055279604
 *   prop.test(1, 2, correct=FALSE)$conf.int   0.0945312057342307 0.905468794265769
 *   prop.test(3, 3, correct=FALSE)$conf.int   0.438502968244955 1
 *   prop.test(0, 3, correct=FALSE)$conf.int   0 0.561497031755045
 *   prop.test(1, 1, correct=FALSE)$conf.int   0.206549314377238 1
 * </pre>
 */
class OracleTest {
  private static final double EPS = 1e-12;
  private static final LocalDate MAR_31 = LocalDate.parse("2026-03-31");
  private static final String EPISODES = Topics.EPISODES.name();
  private static final String SESSIONS = Topics.SESSIONS.name();

  // ------------------------------------------------------------------------------------------ when facts count

  @Nested
  class WhenFactsCount {
    @Test
    void aSessionCountsOnlyWithItsEpisodeInItsOwnClinic() {
      var h = new HistoryBuilder()
          .session("C1", "S1", "E1", "2026-03-10T10:00:00Z") // arrives before its episode: counts once it is there
          .episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-03-01"))
          .session("C1", "S2", "E1", "2026-03-11T10:00:00Z")
          .session("C1", "S3", "E9", "2026-03-12T10:00:00Z") // C1|E9 never arrives
          .session("C2", "S1", "E1", "2026-03-12T10:00:00Z"); // C2|E1 is not C1|E1
      Oracle oracle = Oracle.of(h.records());

      // network: S1, S2 = 2; clinic C1: 2; clinic C2: 0 (its session's episode C2|E1 does not exist).
      assertThat(sessions(oracle.complications("network", "ALL", "all", MAR_31))).isEqualTo(2);
      assertThat(sessions(oracle.complications("clinic:C1", "ALL", "all", MAR_31))).isEqualTo(2);
      assertThat(sessions(oracle.complications("clinic:C2", "ALL", "all", MAR_31))).isZero();
      // The indication is the episode's: NECK_PAIN 2, KNEE_PAIN 0.
      assertThat(sessions(oracle.complications("network", "NECK_PAIN", "all", MAR_31))).isEqualTo(2);
      assertThat(sessions(oracle.complications("network", "KNEE_PAIN", "all", MAR_31))).isZero();
      assertThat(oracle.scopes()).containsExactly("network", "clinic:C1", "clinic:C2");
    }

    @Test
    void anAdverseEventCountsOnItsSessionsDayWithItsSessionsIndication() {
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-02-01"))
          .episode("C1", "E2", Indication.KNEE_PAIN, LocalDate.parse("2026-02-01"))
          .session("C1", "S1", "E1", "2026-03-01T10:00:00Z")
          // Onset two days after the session: it counts on the session's day.
          .adverseEvent("C1", "A1", "S1", AdverseEventCategory.BRUISING, false,
              b -> b.setOnsetAt(java.time.Instant.parse("2026-03-03T09:00:00Z")))
          // Naming E2 (knee pain), where there is no session S1: it does not count.
          .adverseEvent("C1", "A3", "S1", AdverseEventCategory.BRUISING, false, b -> b.setEpisodeId("E2"))
          .adverseEvent("C1", "A2", "S9", AdverseEventCategory.BRUISING, false); // C1|S9 never arrives
      Oracle oracle = Oracle.of(h.records());
      LocalDate mar1 = LocalDate.parse("2026-03-01");

      // asOf 2026-03-01, 30 days = 2026-01-31 .. 2026-03-01: S1 in, A1 counted with it although its onset is later.
      ObjectNode neck = oracle.complications("network", "NECK_PAIN", "30", mar1);
      assertThat(sessions(neck)).isEqualTo(1);
      assertThat(events(neck, ComplicationCategory.BRUISING)).isEqualTo(1);
      assertThat(events(neck, ComplicationCategory.ANY_MINOR)).isEqualTo(1);
      assertThat(events(neck, ComplicationCategory.SERIOUS)).isZero();
      // Knee pain (E2, named by the event itself) has no session and no event.
      ObjectNode knee = oracle.complications("network", "KNEE_PAIN", "30", mar1);
      assertThat(sessions(knee)).isZero();
      assertThat(events(knee, ComplicationCategory.BRUISING)).isZero();
      // asOf 2026-03-31, 30 days = 2026-03-02 .. 2026-03-31: the session day (03-01) is out, so is the event,
      // although its onset (03-03) is inside.
      ObjectNode later = oracle.complications("network", "ALL", "30", MAR_31);
      assertThat(sessions(later)).isZero();
      assertThat(events(later, ComplicationCategory.BRUISING)).isZero();
    }

    @Test
    void retractingAnEpisodeRemovesItsSessionsAndTheirAdverseEvents() {
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-03-01"))
          .session("C1", "S1", "E1", "2026-03-10T10:00:00Z")
          .session("C1", "S2", "E1", "2026-03-11T10:00:00Z")
          .adverseEvent("C1", "A1", "S1", AdverseEventCategory.PAIN_AFTER, false)
          .episode("C1", "E2", Indication.KNEE_PAIN, LocalDate.parse("2026-03-01"))
          .session("C1", "S3", "E2", "2026-03-12T10:00:00Z");
      // Before: sessions S1, S2, S3 = 3; PAIN_AFTER A1 = 1.
      ObjectNode before = Oracle.of(h.records()).complications("network", "ALL", "all", MAR_31);
      assertThat(sessions(before)).isEqualTo(3);
      assertThat(events(before, ComplicationCategory.PAIN_AFTER)).isEqualTo(1);

      // E1 retracted: only S3 = 1 session; A1's session no longer counts, so 0 events.
      h.retract(EPISODES, Keys.episode("C1", "E1"));
      ObjectNode retracted = Oracle.of(h.records()).complications("network", "ALL", "all", MAR_31);
      assertThat(sessions(retracted)).isEqualTo(1);
      assertThat(events(retracted, ComplicationCategory.PAIN_AFTER)).isZero();
      assertThat(events(retracted, ComplicationCategory.ANY_MINOR)).isZero();

      // E1 re-created: 3 sessions and 1 event again.
      h.episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-03-01"));
      ObjectNode recreated = Oracle.of(h.records()).complications("network", "ALL", "all", MAR_31);
      assertThat(sessions(recreated)).isEqualTo(3);
      assertThat(events(recreated, ComplicationCategory.PAIN_AFTER)).isEqualTo(1);

      // S1 retracted: S2, S3 = 2 sessions; A1 hangs on S1, so 0 events.
      h.retract(SESSIONS, Keys.session("C1", "E1", "S1"));
      ObjectNode noSession = Oracle.of(h.records()).complications("network", "ALL", "all", MAR_31);
      assertThat(sessions(noSession)).isEqualTo(2);
      assertThat(events(noSession, ComplicationCategory.PAIN_AFTER)).isZero();
    }

    @Test
    void windowsIncludeAsOfMinusWPlusOneAndExcludeAsOfMinusW() {
      // asOf 2026-03-31: 30 days from 2026-03-02, 90 days from 2026-01-01, 365 days from 2025-04-01
      // (R: as.Date("2026-03-31") - c(29, 89, 364) = "2026-03-02" "2026-01-01" "2025-04-01").
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.OTHER, LocalDate.parse("2025-01-01"))
          .session("C1", "S1", "E1", "2026-03-02T00:00:00Z")     // first day of 30
          .session("C1", "S2", "E1", "2026-03-01T23:59:59.999Z") // day before it (UTC)
          .session("C1", "S3", "E1", "2025-04-01T00:00:00Z")     // first day of 365
          .session("C1", "S4", "E1", "2025-03-31T23:59:59.999Z") // day before it
          .session("C1", "S5", "E1", "2026-01-01T00:00:00Z")     // first day of 90
          .session("C1", "S6", "E1", "2025-12-31T23:59:59.999Z") // day before it
          .session("C1", "S7", "E1", "2026-04-01T00:00:00Z");    // the day after asOf
      Oracle oracle = Oracle.of(h.records());
      // 30: S1 = 1. 90: S1, S2, S5 = 3. 365: S1, S2, S5, S6, S3 = 5. all: S1..S6 = 6 (never S7).
      assertThat(sessions(oracle.complications("network", "ALL", "30", MAR_31))).isEqualTo(1);
      assertThat(sessions(oracle.complications("network", "ALL", "90", MAR_31))).isEqualTo(3);
      assertThat(sessions(oracle.complications("network", "ALL", "365", MAR_31))).isEqualTo(5);
      assertThat(sessions(oracle.complications("network", "ALL", "all", MAR_31))).isEqualTo(6);
    }

    @Test
    void aCorrectionMovesASessionAcrossTheWindowBoundary() {
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.OTHER, LocalDate.parse("2026-01-01"))
          .session("C1", "S1", "E1", "2026-03-02T00:00:00Z")      // asOf-29: in the 30-day window
          .session("C1", "S2", "E1", "2026-03-01T23:59:59.999Z"); // asOf-30: out
      assertThat(sessions(Oracle.of(h.records()).complications("network", "ALL", "30", MAR_31))).isEqualTo(1);

      // S1 corrected to 2026-03-01: 30 days 0, all 2.
      h.session("C1", "S1", "E1", "2026-03-01T12:00:00Z");
      Oracle moved = Oracle.of(h.records());
      assertThat(sessions(moved.complications("network", "ALL", "30", MAR_31))).isZero();
      assertThat(sessions(moved.complications("network", "ALL", "all", MAR_31))).isEqualTo(2);

      // S2 corrected to the last millisecond of asOf (twice: a duplicate changes nothing): 30 days 1 again.
      h.session("C1", "S2", "E1", "2026-03-31T23:59:59.999Z");
      h.session("C1", "S2", "E1", "2026-03-31T23:59:59.999Z");
      Oracle back = Oracle.of(h.records());
      assertThat(sessions(back.complications("network", "ALL", "30", MAR_31))).isEqualTo(1);
      // asOf one day earlier, 2026-03-30: 30 days from 2026-03-01, so S1 (03-01) is in and S2 (03-31) after it.
      assertThat(sessions(back.complications("network", "ALL", "30", MAR_31.minusDays(1)))).isEqualTo(1);
      assertThat(sessions(back.complications("network", "ALL", "all", MAR_31.minusDays(1)))).isEqualTo(1);
    }

    @Test
    void defaultAsOfIsTheLatestCountedSessionDayInTheNetwork() {
      assertThat(Oracle.of(List.of()).defaultAsOf()).isEmpty();
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.OTHER, LocalDate.parse("2026-01-01"))
          .session("C1", "S1", "E1", "2026-05-01T23:59:59.999Z") // UTC day 2026-05-01
          .session("C1", "S2", "E9", "2026-06-01T10:00:00Z")     // no episode: does not count
          .episode("C2", "E1", Indication.KNEE_PAIN, LocalDate.parse("2026-01-01"))
          .session("C2", "S1", "E1", "2026-04-01T10:00:00Z");
      assertThat(Oracle.of(h.records()).defaultAsOf()).contains(LocalDate.parse("2026-05-01"));
      // Without C1|E1 the latest counted session is C2|S1.
      h.retract(EPISODES, Keys.episode("C1", "E1"));
      assertThat(Oracle.of(h.records()).defaultAsOf()).contains(LocalDate.parse("2026-04-01"));
      // Without any episode nothing counts, whatever the sessions.
      h.retract(EPISODES, Keys.episode("C2", "E1"));
      assertThat(Oracle.of(h.records()).defaultAsOf()).isEmpty();
    }
  }

  // --------------------------------------------------------------------------------------------- complications

  @Nested
  class Complications {
    /** Ten sessions of a neck-pain episode on 2026-03-01 .. 2026-03-10. */
    private HistoryBuilder tenSessions() {
      var h = new HistoryBuilder().episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-02-01"));
      for (int i = 1; i <= 10; i++) {
        h.session("C1", "S" + i, "E1", String.format("2026-03-%02dT10:00:00Z", i));
      }
      return h;
    }

    @Test
    void anyMinorCountsNonSeriousEventsAndSeriousCountsSeriousOnes() {
      var h = tenSessions()
          .adverseEvent("C1", "A1", "S1", AdverseEventCategory.BRUISING, false)
          .adverseEvent("C1", "A2", "S2", AdverseEventCategory.BRUISING, true)
          .adverseEvent("C1", "A3", "S3", AdverseEventCategory.BRUISING, false)
          .adverseEvent("C1", "A4", "S3", AdverseEventCategory.PNEUMOTHORAX, true)
          .adverseEvent("C1", "A5", "S4", AdverseEventCategory.PAIN_DURING, false);
      // 30 days to 2026-03-10 start 2026-02-09: all ten sessions.
      ObjectNode fig = Oracle.of(h.records()).complications("network", "ALL", "30", LocalDate.parse("2026-03-10"));

      // BRUISING A1, A2, A3 = 3; PNEUMOTHORAX 1; PAIN_DURING 1; ANY_MINOR (non-serious) A1, A3, A5 = 3;
      // SERIOUS A2, A4 = 2; every other category 0. n = 10 in every row.
      assertThat(fig.get("rows")).hasSize(18);
      for (JsonNode row : fig.get("rows")) {
        assertThat(row.get("sessions").asLong()).isEqualTo(10);
      }
      assertThat(events(fig, ComplicationCategory.BRUISING)).isEqualTo(3);
      assertThat(events(fig, ComplicationCategory.PNEUMOTHORAX)).isEqualTo(1);
      assertThat(events(fig, ComplicationCategory.PAIN_DURING)).isEqualTo(1);
      assertThat(events(fig, ComplicationCategory.ANY_MINOR)).isEqualTo(3);
      assertThat(events(fig, ComplicationCategory.SERIOUS)).isEqualTo(2);
      assertThat(events(fig, ComplicationCategory.BLEEDING)).isZero();

      // BRUISING 3/10 = 0.3, Garwood: poisson.test(3, 10) = [0.0618672122895602, 0.876727306974232].
      JsonNode bruising = row(fig, ComplicationCategory.BRUISING);
      assertThat(bruising.get("rate").doubleValue()).isCloseTo(0.3, within(EPS));
      assertThat(bruising.get("ciLow").doubleValue()).isCloseTo(0.0618672122895602, within(EPS));
      assertThat(bruising.get("ciHigh").doubleValue()).isCloseTo(0.876727306974232, within(EPS));
      // SERIOUS 2/10: poisson.test(2, 10) = [0.0242209278543965, 0.722468766772396].
      JsonNode serious = row(fig, ComplicationCategory.SERIOUS);
      assertThat(serious.get("ciLow").doubleValue()).isCloseTo(0.0242209278543965, within(EPS));
      assertThat(serious.get("ciHigh").doubleValue()).isCloseTo(0.722468766772396, within(EPS));
      // BLEEDING 0/10: lower 0 by definition, upper poisson.test(0, 10) = 0.368887945411394.
      JsonNode bleeding = row(fig, ComplicationCategory.BLEEDING);
      assertThat(bleeding.get("rate").doubleValue()).isZero();
      assertThat(bleeding.get("ciLow").doubleValue()).isZero();
      assertThat(bleeding.get("ciHigh").doubleValue()).isCloseTo(0.368887945411394, within(EPS));
    }

    @Test
    void noSessionsMeansNullRatesAndNoDataAgainstEveryBaseline() {
      var h = tenSessions().baseline(ComplicationCategory.BRUISING, "Brady 2014", 0.0755, 0.0755, null);
      // asOf 2026-02-28: the sessions (March) are after it.
      ObjectNode fig = Oracle.of(h.records()).complications("network", "ALL", "all", LocalDate.parse("2026-02-28"));
      JsonNode bruising = row(fig, ComplicationCategory.BRUISING);
      assertThat(bruising.get("sessions").asLong()).isZero();
      assertThat(bruising.get("events").asLong()).isZero();
      assertThat(bruising.get("rate").isNull()).isTrue();
      assertThat(bruising.get("ciLow").isNull()).isTrue();
      assertThat(bruising.get("ciHigh").isNull()).isTrue();
      JsonNode baseline = bruising.get("baselines").get(0);
      assertThat(baseline.get("source").asText()).isEqualTo("Brady 2014");
      assertThat(baseline.get("low").doubleValue()).isEqualTo(0.0755);
      assertThat(baseline.get("high").doubleValue()).isEqualTo(0.0755);
      assertThat(baseline.get("pUpper").isNull()).isTrue();
      assertThat(baseline.get("pLower").isNull()).isTrue();
      assertThat(baseline.get("status").asText()).isEqualTo("NO_DATA");
    }

    @Test
    void baselinesAreFilteredByIndicationSortedBySourceAndGetEveryStatus() {
      var h = tenSessions()
          .adverseEvent("C1", "A1", "S1", AdverseEventCategory.BRUISING, false)
          .adverseEvent("C1", "A2", "S2", AdverseEventCategory.BRUISING, false)
          .adverseEvent("C1", "A3", "S3", AdverseEventCategory.BRUISING, false)
          .adverseEvent("C1", "A4", "S4", AdverseEventCategory.NERVE_INJURY, true)
          // n = 10, x = 3 BRUISING. mu = n * rate.
          .baseline(ComplicationCategory.BRUISING, "alpha", 0.01, 0.01, null) // mu 0.1: P(X>=3) 0.000155 -> ALARM
          .baseline(ComplicationCategory.BRUISING, "Zeta", 0.3, 0.3, null)
          .baseline(ComplicationCategory.BRUISING, "Zeta", 0.05, 0.05, null) // corrected: mu 0.5, P(X>=3) 0.0144 -> WARNING
          .baseline(ComplicationCategory.BRUISING, "Beta", 0.9, 0.9, null) // mu 9: P(X>=3) 0.994, P(X<=3) 0.0212 -> BELOW
          .baseline(ComplicationCategory.BRUISING, "Moghim", 0.15, 0.20, null) // mu 2 / 1.5: 0.323 / 0.934 -> CONSISTENT
          .baseline(ComplicationCategory.BRUISING, "Neck study", 0.3, 0.3, Indication.NECK_PAIN) // neck pain only
          .baseline(ComplicationCategory.BRUISING, "Knee study", 0.3, 0.3, Indication.KNEE_PAIN) // knee pain only
          .baseline(ComplicationCategory.BRUISING, "Gone", 0.1, 0.1, null)
          .retract(Topics.BASELINES.name(), Keys.baseline(ComplicationCategory.BRUISING, "Gone"))
          .baseline(ComplicationCategory.BLEEDING, "Other", 0.1, 0.1, null)
          // NERVE_INJURY x = 1 against Poisson(0): P(X>=1) = 0 -> ALARM; P(X<=1) = 1.
          .baseline(ComplicationCategory.NERVE_INJURY, "Never", 0.0, 0.0, null)
          // PNEUMOTHORAX x = 0: P(X>=0) = 1 and, with low 0, P(X<=0 | Poisson(0)) = 1 -> CONSISTENT.
          .baseline(ComplicationCategory.PNEUMOTHORAX, "Moghim", 0.0, 0.0001, null);
      Oracle oracle = Oracle.of(h.records());

      // ALL: only baselines without indication, in String order ('B' < 'M' < 'Z' < 'a').
      JsonNode all = row(oracle.complications("network", "ALL", "all", MAR_31), ComplicationCategory.BRUISING);
      assertThat(sources(all)).containsExactly("Beta", "Moghim", "Zeta", "alpha");
      assertBaseline(all, "alpha", 0.000154653070264672, 0.999996153166075, "ALARM");
      assertBaseline(all, "Zeta", 0.0143876779669707, 0.998248377443709, "WARNING");
      assertBaseline(all, "Beta", 0.993767804893623, 0.0212264863029089, "BELOW");
      assertBaseline(all, "Moghim", 0.323323583816937, 0.93435754562155, "CONSISTENT");
      assertThat(baseline(all, "Zeta").get("high").doubleValue()).isEqualTo(0.05);

      // NECK_PAIN adds its own study: mu 3, P(X>=3) 0.577, P(X<=3) 0.647 -> CONSISTENT.
      JsonNode neck = row(oracle.complications("network", "NECK_PAIN", "all", MAR_31), ComplicationCategory.BRUISING);
      assertThat(sources(neck)).containsExactly("Beta", "Moghim", "Neck study", "Zeta", "alpha");
      assertBaseline(neck, "Neck study", 0.576809918873157, 0.647231888782231, "CONSISTENT");

      // KNEE_PAIN has no sessions: its own study and the general ones, all NO_DATA.
      JsonNode knee = row(oracle.complications("network", "KNEE_PAIN", "all", MAR_31), ComplicationCategory.BRUISING);
      assertThat(sources(knee)).containsExactly("Beta", "Knee study", "Moghim", "Zeta", "alpha");
      for (JsonNode b : knee.get("baselines")) {
        assertThat(b.get("status").asText()).isEqualTo("NO_DATA");
      }

      ObjectNode fig = oracle.complications("network", "ALL", "all", MAR_31);
      assertThat(sources(row(fig, ComplicationCategory.BLEEDING))).containsExactly("Other");
      assertBaseline(row(fig, ComplicationCategory.NERVE_INJURY), "Never", 0.0, 1.0, "ALARM");
      assertBaseline(row(fig, ComplicationCategory.PNEUMOTHORAX), "Moghim", 1.0, 1.0, "CONSISTENT");
      assertThat(sources(row(fig, ComplicationCategory.ANY_MINOR))).isEmpty();
    }
  }

  // -------------------------------------------------------------------------------------------------- efficacy

  @Nested
  class Efficacy {
    private static final LocalDate DEC_31 = LocalDate.parse("2026-12-31");

    private HistoryBuilder scores() {
      var h = new HistoryBuilder();
      for (String e : List.of("E1", "E2", "E3")) {
        h.episode("C1", e, Indication.NECK_PAIN, LocalDate.parse("2026-01-05"));
      }
      String baselineDay = "2026-01-05T10:00:00Z";
      String week4 = "2026-02-02T10:00:00Z";
      // NPRS WEEK_4: changes 7-4 = 3, 2.26-0.26 = 2.00 exactly (1.9999999999999998 in doubles), 6-5 = 1.
      h.outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE, 7, baselineDay)
          .outcome("C1", "E1", Instrument.NPRS, Timepoint.WEEK_4, 4, week4)
          .outcome("C1", "E2", Instrument.NPRS, Timepoint.BASELINE, 2.26, baselineDay)
          .outcome("C1", "E2", Instrument.NPRS, Timepoint.WEEK_4, 0.26, week4)
          .outcome("C1", "E3", Instrument.NPRS, Timepoint.BASELINE, 6, baselineDay)
          .outcome("C1", "E3", Instrument.NPRS, Timepoint.WEEK_4, 5, week4);
      // PSFS WEEK_4 (higher is better, change = followUp - baseline): 6-3 = +3, 4-5 = -1.
      h.outcome("C1", "E1", Instrument.PSFS, Timepoint.BASELINE, 3, baselineDay)
          .outcome("C1", "E1", Instrument.PSFS, Timepoint.WEEK_4, 6, week4)
          .outcome("C1", "E2", Instrument.PSFS, Timepoint.BASELINE, 5, baselineDay)
          .outcome("C1", "E2", Instrument.PSFS, Timepoint.WEEK_4, 4, week4);
      // NDI WEEK_8: 30-20 = 10, 30.5-20 = 10.5, 31-20 = 11.
      String week8 = "2026-03-02T10:00:00Z";
      h.outcome("C1", "E1", Instrument.NDI, Timepoint.BASELINE, 30, baselineDay)
          .outcome("C1", "E1", Instrument.NDI, Timepoint.WEEK_8, 20, week8)
          .outcome("C1", "E2", Instrument.NDI, Timepoint.BASELINE, 30.5, baselineDay)
          .outcome("C1", "E2", Instrument.NDI, Timepoint.WEEK_8, 20, week8)
          .outcome("C1", "E3", Instrument.NDI, Timepoint.BASELINE, 31, baselineDay)
          .outcome("C1", "E3", Instrument.NDI, Timepoint.WEEK_8, 20, week8);
      // ODI DISCHARGE: 40-39 = 1, 40-38 = 2, 40-37 = 3.
      String discharge = "2026-03-10T10:00:00Z";
      h.outcome("C1", "E1", Instrument.ODI, Timepoint.BASELINE, 40, baselineDay)
          .outcome("C1", "E1", Instrument.ODI, Timepoint.DISCHARGE, 39, discharge)
          .outcome("C1", "E2", Instrument.ODI, Timepoint.BASELINE, 40, baselineDay)
          .outcome("C1", "E2", Instrument.ODI, Timepoint.DISCHARGE, 38, discharge)
          .outcome("C1", "E3", Instrument.ODI, Timepoint.BASELINE, 40, baselineDay)
          .outcome("C1", "E3", Instrument.ODI, Timepoint.DISCHARGE, 37, discharge);
      // NPRS MONTH_3: only E1, 7-5 = 2.
      h.outcome("C1", "E1", Instrument.NPRS, Timepoint.MONTH_3, 5, "2026-04-06T10:00:00Z");
      // Not observations: a follow-up without baseline (E4 has no NPRS baseline), outcomes of a missing episode.
      h.episode("C1", "E4", Indication.NECK_PAIN, LocalDate.parse("2026-01-05"))
          .outcome("C1", "E4", Instrument.NPRS, Timepoint.WEEK_2, 3, "2026-01-19T10:00:00Z")
          .outcome("C1", "E9", Instrument.NPRS, Timepoint.BASELINE, 8, baselineDay)
          .outcome("C1", "E9", Instrument.NPRS, Timepoint.WEEK_4, 1, week4);
      return h;
    }

    @Test
    void rowsCoverEveryInstrumentAndFollowUpInEnumOrder() {
      ObjectNode fig = Oracle.of(scores().records()).efficacy("network", "ALL", "all", DEC_31);
      var seen = new ArrayList<String>();
      fig.get("rows").forEach(r -> seen.add(r.get("instrument").asText() + "/" + r.get("timepoint").asText()));
      var expected = new ArrayList<String>();
      for (Instrument i : Instrument.values()) {
        for (Timepoint t : Timepoint.values()) {
          if (t != Timepoint.BASELINE) {
            expected.add(i + "/" + t);
          }
        }
      }
      assertThat(seen).hasSize(32).isEqualTo(expected);
    }

    @Test
    void inconclusiveWithRespondersAtExactlyTheMcid() {
      JsonNode r = row(Oracle.of(scores().records()).efficacy("network", "ALL", "all", DEC_31), Instrument.NPRS,
          Timepoint.WEEK_4);
      assertThat(2.26 - 0.26).isLessThan(2.0); // why the oracle works in hundredths
      // n 3, mean (3+2+1)/3 = 2, sd sqrt((1+0+1)/2) = 1, half = qt(0.975,2) * 1/sqrt(3) = 4.30265272974946/1.7320508
      // = 2.48413771175033: CI [-0.48413771175033, 4.48413771175033] contains the MCID 2 -> INCONCLUSIVE.
      assertThat(r.get("n").asInt()).isEqualTo(3);
      assertThat(r.get("meanChange").doubleValue()).isCloseTo(2.0, within(EPS));
      assertThat(r.get("sd").doubleValue()).isCloseTo(1.0, within(EPS));
      assertThat(r.get("ciLow").doubleValue()).isCloseTo(-0.48413771175033, within(EPS));
      assertThat(r.get("ciHigh").doubleValue()).isCloseTo(4.48413771175033, within(EPS));
      assertThat(r.get("mcid").doubleValue()).isEqualTo(2.0);
      // Responders: 3 >= 2 and 2.00 >= 2 (exactly the MCID), not 1: 2 of 3. Wilson: prop.test(2, 3).
      assertThat(r.get("responders").asInt()).isEqualTo(2);
      assertThat(r.get("responderRate").doubleValue()).isCloseTo(2.0 / 3, within(EPS));
      assertThat(r.get("responderCiLow").doubleValue()).isCloseTo(0.207659600802048, within(EPS));
      assertThat(r.get("responderCiHigh").doubleValue()).isCloseTo(0.938508055279604, within(EPS));
      assertThat(r.get("status").asText()).isEqualTo("INCONCLUSIVE");
    }

    @Test
    void psfsChangeIsFollowUpMinusBaseline() {
      JsonNode r = row(Oracle.of(scores().records()).efficacy("network", "ALL", "all", DEC_31), Instrument.PSFS,
          Timepoint.WEEK_4);
      // Changes +3 and -1: mean 1, sd sqrt(((3-1)^2 + (-1-1)^2)/1) = sqrt(8) = 2.8284271247461903,
      // half = qt(0.975,1) * sqrt(8)/sqrt(2) = 12.7062047361747 * 2 = 25.4124094723494.
      assertThat(r.get("n").asInt()).isEqualTo(2);
      assertThat(r.get("meanChange").doubleValue()).isCloseTo(1.0, within(EPS));
      assertThat(r.get("sd").doubleValue()).isCloseTo(Math.sqrt(8), within(EPS));
      assertThat(r.get("ciLow").doubleValue()).isCloseTo(1 - 25.4124094723494, within(EPS));
      assertThat(r.get("ciHigh").doubleValue()).isCloseTo(1 + 25.4124094723494, within(EPS));
      // 1 responder of 2 (+3 >= 2): prop.test(1, 2).
      assertThat(r.get("responders").asInt()).isEqualTo(1);
      assertThat(r.get("responderRate").doubleValue()).isCloseTo(0.5, within(EPS));
      assertThat(r.get("responderCiLow").doubleValue()).isCloseTo(0.0945312057342307, within(EPS));
      assertThat(r.get("responderCiHigh").doubleValue()).isCloseTo(0.905468794265769, within(EPS));
      assertThat(r.get("status").asText()).isEqualTo("INCONCLUSIVE");
    }

    @Test
    void aboveAndBelowTheMcid() {
      ObjectNode fig = Oracle.of(scores().records()).efficacy("network", "ALL", "all", DEC_31);
      // NDI WEEK_8: 10, 10.5, 11: mean 10.5, sd 0.5, half = 4.30265272974946 * 0.5/sqrt(3) = 1.24206885587516:
      // CI [9.25793114412484, 11.7420688558748] >= 7.5 -> ABOVE_MCID; 3 of 3 respond, prop.test(3, 3).
      JsonNode ndi = row(fig, Instrument.NDI, Timepoint.WEEK_8);
      assertThat(ndi.get("meanChange").doubleValue()).isCloseTo(10.5, within(EPS));
      assertThat(ndi.get("sd").doubleValue()).isCloseTo(0.5, within(EPS));
      assertThat(ndi.get("ciLow").doubleValue()).isCloseTo(9.25793114412484, within(EPS));
      assertThat(ndi.get("mcid").doubleValue()).isEqualTo(7.5);
      assertThat(ndi.get("responders").asInt()).isEqualTo(3);
      assertThat(ndi.get("responderCiLow").doubleValue()).isCloseTo(0.438502968244955, within(EPS));
      assertThat(ndi.get("responderCiHigh").doubleValue()).isCloseTo(1.0, within(EPS));
      assertThat(ndi.get("status").asText()).isEqualTo("ABOVE_MCID");
      // ODI DISCHARGE: 1, 2, 3: CI [-0.484, 4.484] < 10 -> BELOW_MCID; no responder, prop.test(0, 3).
      JsonNode odi = row(fig, Instrument.ODI, Timepoint.DISCHARGE);
      assertThat(odi.get("ciHigh").doubleValue()).isCloseTo(4.48413771175033, within(EPS));
      assertThat(odi.get("mcid").doubleValue()).isEqualTo(10.0);
      assertThat(odi.get("responders").asInt()).isZero();
      assertThat(odi.get("responderRate").doubleValue()).isZero();
      assertThat(odi.get("responderCiLow").doubleValue()).isCloseTo(0.0, within(EPS));
      assertThat(odi.get("responderCiHigh").doubleValue()).isCloseTo(0.561497031755045, within(EPS));
      assertThat(odi.get("status").asText()).isEqualTo("BELOW_MCID");
    }

    @Test
    void oneObservationIsInsufficientAndNoneIsAllNulls() {
      ObjectNode fig = Oracle.of(scores().records()).efficacy("network", "ALL", "all", DEC_31);
      // NPRS MONTH_3: one change of exactly 2 -> mean 2, no sd or CI, 1 responder of 1: prop.test(1, 1).
      JsonNode one = row(fig, Instrument.NPRS, Timepoint.MONTH_3);
      assertThat(one.get("n").asInt()).isEqualTo(1);
      assertThat(one.get("meanChange").doubleValue()).isEqualTo(2.0);
      assertThat(one.get("sd").isNull()).isTrue();
      assertThat(one.get("ciLow").isNull()).isTrue();
      assertThat(one.get("ciHigh").isNull()).isTrue();
      assertThat(one.get("responders").asInt()).isEqualTo(1);
      assertThat(one.get("responderRate").doubleValue()).isEqualTo(1.0);
      assertThat(one.get("responderCiLow").doubleValue()).isCloseTo(0.206549314377238, within(EPS));
      assertThat(one.get("status").asText()).isEqualTo("INSUFFICIENT_DATA");
      // NPRS WEEK_2: E4's follow-up has no baseline -> n 0, everything null but mcid and responders 0.
      JsonNode none = row(fig, Instrument.NPRS, Timepoint.WEEK_2);
      assertThat(none.get("n").asInt()).isZero();
      for (String field : List.of("meanChange", "sd", "ciLow", "ciHigh", "responderRate", "responderCiLow",
          "responderCiHigh")) {
        assertThat(none.get(field).isNull()).as(field).isTrue();
      }
      assertThat(none.get("mcid").doubleValue()).isEqualTo(2.0);
      assertThat(none.get("responders").asInt()).isZero();
      assertThat(none.get("status").asText()).isEqualTo("INSUFFICIENT_DATA");
    }

    @Test
    void observationsCountOnTheFollowUpDayInTheirScopeAndIndication() {
      Oracle oracle = Oracle.of(scores().records());
      // asOf 2026-02-28, 30 days from 2026-01-30: WEEK_4 (02-02) in although the baselines (01-05) are not;
      // WEEK_8 (03-02) after asOf.
      ObjectNode fig = oracle.efficacy("network", "ALL", "30", LocalDate.parse("2026-02-28"));
      assertThat(row(fig, Instrument.NPRS, Timepoint.WEEK_4).get("n").asInt()).isEqualTo(3);
      assertThat(row(fig, Instrument.NDI, Timepoint.WEEK_8).get("n").asInt()).isZero();
      assertThat(row(oracle.efficacy("clinic:C1", "NECK_PAIN", "all", DEC_31), Instrument.NPRS, Timepoint.WEEK_4)
          .get("n").asInt()).isEqualTo(3);
      assertThat(row(oracle.efficacy("clinic:C2", "ALL", "all", DEC_31), Instrument.NPRS, Timepoint.WEEK_4)
          .get("n").asInt()).isZero();
      assertThat(row(oracle.efficacy("network", "KNEE_PAIN", "all", DEC_31), Instrument.NPRS, Timepoint.WEEK_4)
          .get("n").asInt()).isZero();
    }

    @Test
    void correctionsAndRetractionsChangeObservations() {
      var h = scores()
          .outcome("C1", "E3", Instrument.NPRS, Timepoint.WEEK_4, 4, "2026-02-02T10:00:00Z") // E3: 6-4 = 2 now
          .retract(EPISODES, Keys.episode("C1", "E2")); // E2's change of 2.00 goes
      JsonNode r = row(Oracle.of(h.records()).efficacy("network", "ALL", "all", DEC_31), Instrument.NPRS,
          Timepoint.WEEK_4);
      // Changes 3 (E1) and 2 (E3): n 2, mean 2.5, both respond.
      assertThat(r.get("n").asInt()).isEqualTo(2);
      assertThat(r.get("meanChange").doubleValue()).isCloseTo(2.5, within(EPS));
      assertThat(r.get("responders").asInt()).isEqualTo(2);
      // Retracting E1's baseline leaves E3 alone: n 1.
      h.retract(Topics.OUTCOMES.name(), Keys.outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE));
      assertThat(row(Oracle.of(h.records()).efficacy("network", "ALL", "all", DEC_31), Instrument.NPRS,
          Timepoint.WEEK_4).get("n").asInt()).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------------------------------------ compliance

  @Nested
  class Compliance {
    private static final String MAR_10 = "2026-03-10T10:00:00Z";
    private static final LocalDate MAR_5 = LocalDate.parse("2026-03-05");

    /**
     * C1 in NY (limits physical therapists), C2 in CO, C3 unregistered. At C1: P1 a physical therapist with exactly
     * 60 h, P2 a physical therapist with 60.5 h, P3 a chiropractor with 10 h; at C2: P4 a physical therapist with
     * 60 h. Episodes start 2026-03-05, sessions on 2026-03-10, all dry needling with exercise unless said otherwise.
     */
    private HistoryBuilder clinics() {
      var h = new HistoryBuilder().clinic("C1", "NY").clinic("C2", "CO")
          .practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 60.0)
          .practitioner("P2", "C1", Profession.PHYSICAL_THERAPIST, 60.5)
          .practitioner("P3", "C1", Profession.CHIROPRACTOR, 10.0)
          .practitioner("P4", "C2", Profession.PHYSICAL_THERAPIST, 60.0);
      // C1|E1: chronic degenerative low back pain, no heat tried: NOT_RECOMMENDED, CHRONIC, CONSERVATIVE.
      h.episode("C1", "E1", Indication.CHRONIC_LOW_BACK_PAIN, MAR_5, b -> b.setEtiology(Etiology.DEGENERATIVE)
          .setChronicity(Chronicity.CHRONIC)
          .setPriorCare(List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION)));
      // C1|E2: myofascial subacute chronic low back pain after all three: no episode flag. 5 planned.
      h.episode("C1", "E2", Indication.CHRONIC_LOW_BACK_PAIN, MAR_5,
          b -> b.setChronicity(Chronicity.SUBACUTE).setPlannedSessions(5));
      // C1|E3: neck pain, no heat (not needed outside low back pain), anticoagulants: CONTRAINDICATION. 5 planned.
      h.episode("C1", "E3", Indication.NECK_PAIN, MAR_5, b -> b.setEtiology(null)
          .setPriorCare(List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION))
          .setContraindications(List.of(Contraindication.ANTICOAGULANTS)).setPlannedSessions(5));
      // C2|E1: headache, nothing tried: NOT_RECOMMENDED, CONSERVATIVE. C2|E2: osteoarthritis, started 2025.
      h.episode("C2", "E1", Indication.HEADACHE, MAR_5, b -> b.setPriorCare(List.of()));
      h.episode("C2", "E2", Indication.OSTEOARTHRITIS, LocalDate.parse("2025-01-01"));
      // C3|E1: acute low back pain without heat: CONSERVATIVE.
      h.episode("C3", "E1", Indication.ACUTE_LOW_BACK_PAIN, MAR_5, b -> b.setPriorCare(
          List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION, PriorCare.EXERCISE)));

      h.session("C1", "S1", "E1", MAR_10, b -> b.setPractitionerId("P1")) // TRAINING + OUTSIDE_SCOPE
          .session("C1", "S2", "E1", MAR_10, b -> b.setPractitionerId("P2")) // OUTSIDE_SCOPE
          .session("C1", "S9", "E1", MAR_10) // unregistered practitioner: nothing
          .session("C1", "S3", "E2", MAR_10, b -> b.setPractitionerId("P3")) // TRAINING
          .session("C1", "S4", "E2", MAR_10, b -> b.setPractitionerId("P1").setModality(Modality.MANUAL_THERAPY))
          .session("C1", "S10", "E2", MAR_10)
          .session("C1", "S11", "E2", MAR_10)
          // Neck pain: S5 with TENS only: NECK_PAIN_WITHOUT_EXERCISE; needles on the bounds 0.25 mm, 40 mm: in range.
          .session("C1", "S5", "E3", MAR_10, b -> b.setCointerventions(List.of(Cointervention.TENS))
              .setNeedleDiameterMm(0.25).setNeedleLengthMm(40.0))
          // S6 with manual therapy: no neck flag; 0.24 mm: NEEDLE_SPEC_OUT_OF_RANGE.
          .session("C1", "S6", "E3", MAR_10, b -> b.setCointerventions(List.of(Cointervention.MANUAL_THERAPY))
              .setNeedleDiameterMm(0.24))
          // S7 is exercise, not dry needling: no session flag, but it is attended.
          .session("C1", "S7", "E3", MAR_10, b -> b.setModality(Modality.EXERCISE).setCointerventions(List.of())
              .setPractitionerId("P1").setNeedleDiameterMm(0.1))
          .session("C1", "S8", "E9", MAR_10, b -> b.setPractitionerId("P1")) // no episode: not counted
          // C2: P4 (60 h) in Colorado: TRAINING only; 41 mm: NEEDLE_SPEC_OUT_OF_RANGE.
          .session("C2", "S1", "E1", MAR_10, b -> b.setPractitionerId("P4").setNeedleLengthMm(41.0))
          // C3 (unknown clinic) by P1, who is registered for C1: no practitioner flag, P1 is not C3's.
          .session("C3", "S1", "E1", MAR_10, b -> b.setPractitionerId("P1"));

      // Adherence. C1|E2: 4 sessions (S3, S4, S10, S11) of 5 planned: 4 < 0.8*5 = 4 is false: not low.
      h.outcome("C1", "E2", Instrument.NPRS, Timepoint.DISCHARGE, 3, "2026-03-20T10:00:00Z");
      // C1|E3: 3 sessions (S5, S6, S7) of 5: 3 < 4: LOW_ADHERENCE, on its first discharge day 2026-03-20.
      h.outcome("C1", "E3", Instrument.NPRS, Timepoint.DISCHARGE, 3, "2026-03-25T10:00:00Z")
          .outcome("C1", "E3", Instrument.ODI, Timepoint.DISCHARGE, 30, "2026-03-20T10:00:00Z");
      // C1|E1: 3 sessions (S1, S2, S9) of 10 but no discharge: not flagged.
      h.outcome("C1", "E1", Instrument.NPRS, Timepoint.WEEK_2, 3, "2026-03-19T10:00:00Z");
      // C2|E1: 1 session of 10, discharged 2026-04-02 (after 2026-03-31).
      h.outcome("C2", "E1", Instrument.NPRS, Timepoint.DISCHARGE, 3, "2026-04-02T10:00:00Z");
      return h;
    }

    @Test
    void everyFlagCountedPerClinic() {
      ObjectNode fig = Oracle.of(clinics().records()).compliance("network", "30", MAR_31);
      // 30 days to 2026-03-31 start 2026-03-02: every episode start (03-05) and session (03-10) but C2|E2 (2025).
      //         NOT_REC CHRONIC CONSERV TRAIN OUTSIDE NEEDLE CONTRA NECK LOW
      // C1:       1       1       1      2     2       1      1     1    1   (E1 E1 E1, S1 S3, S1 S2, S6, E3, S5, E3)
      // C2:       1       0       1      1     0       1      0     0    0   (E1, E1, S1, S1)
      // C3:       0       0       1      0     0       0      0     0    0   (E1)
      assertThat(clinicIds(fig)).containsExactly("C1", "C2", "C3");
      assertThat(counts(fig, "C1")).containsExactly(1, 1, 1, 2, 2, 1, 1, 1, 1);
      assertThat(counts(fig, "C2")).containsExactly(1, 0, 1, 1, 0, 1, 0, 0, 0);
      assertThat(counts(fig, "C3")).containsExactly(0, 0, 1, 0, 0, 0, 0, 0, 0);
      assertThat(flagCounts(fig.get("total"))).containsExactly(2, 1, 3, 3, 2, 2, 1, 1, 1);
    }

    @Test
    void episodeFlagsCountOnTheStartDayAndAdherenceOnTheFirstDischargeDay() {
      Oracle oracle = Oracle.of(clinics().records());
      // all to 2026-03-31: C2|E2 (osteoarthritis, 2025) adds a NOT_RECOMMENDED to C2.
      assertThat(counts(oracle.compliance("network", "all", MAR_31), "C2")).containsExactly(2, 0, 1, 1, 0, 1, 0, 0, 0);
      // 30 days to 2026-04-30 (from 04-01): only C2|E1's low adherence, discharged 04-02 (1 session < 8).
      ObjectNode april = oracle.compliance("network", "30", LocalDate.parse("2026-04-30"));
      assertThat(clinicIds(april)).containsExactly("C2");
      assertThat(counts(april, "C2")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1);
      // C1|E3's first discharge is 03-20: 30 days to 2026-03-19 (from 02-18) miss it, to 2026-03-20 catch it.
      assertThat(counts(oracle.compliance("clinic:C1", "30", LocalDate.parse("2026-03-19")), "C1").get(8)).isZero();
      assertThat(counts(oracle.compliance("clinic:C1", "30", LocalDate.parse("2026-03-20")), "C1").get(8))
          .isEqualTo(1);
    }

    @Test
    void aClinicScopeHasOnlyItsOwnRow() {
      Oracle oracle = Oracle.of(clinics().records());
      ObjectNode c1 = oracle.compliance("clinic:C1", "30", MAR_31);
      assertThat(clinicIds(c1)).containsExactly("C1");
      assertThat(flagCounts(c1.get("total"))).containsExactly(1, 1, 1, 2, 2, 1, 1, 1, 1);
      ObjectNode unseen = oracle.compliance("clinic:C9", "30", MAR_31);
      assertThat(unseen.get("rows")).isEmpty();
      assertThat(flagCounts(unseen.get("total"))).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void practitionerAndClinicFlagsFollowTheReferenceData() {
      var h = clinics();
      // P2 retracted: S2 no longer OUTSIDE_SCOPE; C1 = 1 (S1).
      h.retract(Topics.PRACTITIONERS.name(), Keys.practitioner("P2"));
      assertThat(counts(Oracle.of(h.records()).compliance("network", "30", MAR_31), "C1").get(4)).isEqualTo(1);
      // P3 corrected to 61 h: S3 no longer TRAINING; C1 = 1 (S1).
      h.practitioner("P3", "C1", Profession.CHIROPRACTOR, 61.0);
      assertThat(counts(Oracle.of(h.records()).compliance("network", "30", MAR_31), "C1").get(3)).isEqualTo(1);
      // C1 moved to Colorado: no OUTSIDE_SCOPE at all; C3 registered in South Dakota: C3|S1 by P1 is not, P1 is
      // C1's practitioner.
      h.clinic("C1", "CO").clinic("C3", "SD");
      ObjectNode fig = Oracle.of(h.records()).compliance("network", "30", MAR_31);
      assertThat(counts(fig, "C1").get(4)).isZero();
      assertThat(counts(fig, "C3").get(4)).isZero();
      // P1 moves to C3: C3|S1 is OUTSIDE_SCOPE and TRAINING now, and C1|S1 lost its TRAINING flag (S3's went
      // with P3's correction).
      h.practitioner("P1", "C3", Profession.PHYSICAL_THERAPIST, 60.0);
      fig = Oracle.of(h.records()).compliance("network", "30", MAR_31);
      assertThat(counts(fig, "C3").get(4)).isEqualTo(1);
      assertThat(counts(fig, "C3").get(3)).isEqualTo(1);
      assertThat(counts(fig, "C1").get(3)).isZero();
    }
  }

  // ---------------------------------------------------------------------------------------------- data quality

  @Nested
  class DataQuality {
    @Test
    void factsThatDoNotCountAreCountedByWhatTheyLackAndFollowUpByBaselineDay() {
      var h = new HistoryBuilder()
          .episode("C1", "E1", Indication.NECK_PAIN, LocalDate.parse("2026-01-01"))
          .episode("C1", "E2", Indication.NECK_PAIN, LocalDate.parse("2026-01-01"))
          .session("C1", "S1", "E1", "2026-01-10T10:00:00Z")
          .session("C1", "S2", "E-gone", "2026-01-10T10:00:00Z") // its episode never arrives
          .adverseEvent("C1", "A1", "S1", AdverseEventCategory.BRUISING, false) // counts
          .adverseEvent("C1", "A2", "S2", AdverseEventCategory.BRUISING, false) // session there, episode not
          .adverseEvent("C1", "A3", "S1", AdverseEventCategory.BRUISING, false, b -> b.setEpisodeId("E2"))
          .adverseEvent("C1", "A4", "S404", AdverseEventCategory.BRUISING, false) // no session S404 anywhere
          .outcome("C1", "E-gone", Instrument.NPRS, Timepoint.BASELINE, 7, "2026-01-01T10:00:00Z")
          // E1: baseline 01-01 (NPRS) and 01-05 (ODI): due 60 days after 01-01, complete with its discharge.
          .outcome("C1", "E1", Instrument.ODI, Timepoint.BASELINE, 40, "2026-01-05T10:00:00Z")
          .outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE, 7, "2026-01-01T10:00:00Z")
          .outcome("C1", "E1", Instrument.NPRS, Timepoint.DISCHARGE, 3, "2026-06-01T10:00:00Z")
          // E2: baseline 01-20, nothing after.
          .outcome("C1", "E2", Instrument.NPRS, Timepoint.BASELINE, 7, "2026-01-20T10:00:00Z")
          .outcome("C1", "E2", Instrument.NPRS, Timepoint.WEEK_4, 5, "2026-02-20T10:00:00Z");
      Oracle oracle = Oracle.of(h.records());

      ObjectNode q = oracle.dataQuality("clinic:C1", LocalDate.parse("2026-03-02"));
      assertThat(q.get("counts").toString()).isEqualTo("{\"sessionsEpisodeUnknown\":1,\"outcomesEpisodeUnknown\":1,"
          + "\"adverseEventsEpisodeUnknown\":1,\"adverseEventsSessionUnknown\":1,\"adverseEventsWrongEpisode\":1}");
      // 03-02 - 60 days = 01-01: E1 is due (and complete), E2 (01-20) not yet.
      assertThat(q.get("followUp").toString())
          .isEqualTo("{\"dueAfterDays\":60,\"episodes\":1,\"completed\":1,\"completeness\":1.0}");
      ObjectNode later = oracle.dataQuality("network", LocalDate.parse("2026-03-21"));
      assertThat(later.get("followUp").get("episodes").asInt()).isEqualTo(2);
      assertThat(later.get("followUp").get("completeness").asDouble()).isEqualTo(0.5);
      assertThat(oracle.dataQuality("clinic:C2", LocalDate.parse("2026-03-21")).get("followUp").get("completeness")
          .isNull()).isTrue();
    }
  }

  // ------------------------------------------------------------------------------------------------ JSON shape

  @Test
  void jsonHasTheFieldsOfFiguresMdInOrderWithNulls() throws Exception {
    var h = new HistoryBuilder().episode("C1", "E1", Indication.OTHER, LocalDate.parse("2026-01-01"))
        .session("C1", "S1", "E1", "2026-03-10T10:00:00Z")
        .baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077, null);
    Oracle oracle = Oracle.of(h.records());
    ObjectNode complications = oracle.complications("network", "ALL", "90", MAR_31);
    assertThat(names(complications)).containsExactly("scope", "indication", "window", "asOf", "rows");
    assertThat(complications.get("asOf").asText()).isEqualTo("2026-03-31");
    assertThat(complications.get("window").asText()).isEqualTo("90");
    var categories = new ArrayList<String>();
    complications.get("rows").forEach(r -> categories.add(r.get("category").asText()));
    assertThat(categories).containsExactly(names(ComplicationCategory.values()));
    JsonNode bruising = row(complications, ComplicationCategory.BRUISING);
    assertThat(names(bruising)).containsExactly("category", "sessions", "events", "rate", "ciLow", "ciHigh", "baselines");
    assertThat(names(bruising.get("baselines").get(0)))
        .containsExactly("source", "low", "high", "pUpper", "pLower", "status");

    ObjectNode efficacy = oracle.efficacy("clinic:C1", "OTHER", "all", MAR_31);
    assertThat(names(efficacy)).containsExactly("scope", "indication", "window", "asOf", "rows");
    assertThat(names(efficacy.get("rows").get(0))).containsExactly("instrument", "timepoint", "n", "meanChange", "sd",
        "ciLow", "ciHigh", "mcid", "responders", "responderRate", "responderCiLow", "responderCiHigh", "status");
    assertThat(new ObjectMapper().writeValueAsString(efficacy.get("rows").get(0)))
        .contains("\"meanChange\":null");

    ObjectNode compliance = oracle.compliance("network", "365", MAR_31);
    assertThat(names(compliance)).containsExactly("scope", "window", "asOf", "rows", "total");
    assertThat(names(compliance.get("total"))).containsExactly(names(GuidelineFlag.values()));
  }

  @Test
  void rejectsQuestionsOutsideTheContract() {
    Oracle oracle = Oracle.of(List.of());
    assertThatThrownBy(() -> oracle.complications("clinic:", "ALL", "30", MAR_31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oracle.complications("everything", "ALL", "30", MAR_31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oracle.efficacy("network", "BACK", "30", MAR_31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oracle.compliance("network", "7", MAR_31)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Oracle.windows()).containsExactly("30", "90", "365", "all");
    assertThat(Oracle.indications()).hasSize(15).startsWith("ALL", "CHRONIC_LOW_BACK_PAIN").endsWith("OTHER");
  }

  // ------------------------------------------------------------------------------------------------ surveillance

  /**
   * The oracle's CUSUM worked by hand. Bruising's references: Boyce 2020 (p0 0.077, 20,464 sessions) for every
   * indication, and knee pain its own (Knee 2025, p0 0.2, 50,000 sessions). At neck pain each session takes 0.077
   * from S and each bruise adds ln 2 = 0.693147.
   */
  @Nested
  class Surveillance {
    static final double LN2 = Math.log(2);
    static final LocalDate MAR_2 = LocalDate.parse("2026-03-02");

    private HistoryBuilder references() {
      var h = new HistoryBuilder();
      reference(h, ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 20_464L, null);
      reference(h, ComplicationCategory.BRUISING, "Brady 2014", 0.0755, 7_629L, null);
      reference(h, ComplicationCategory.BRUISING, "Knee 2025", 0.2, 50_000L, Indication.KNEE_PAIN);
      // Vasovagal reactions have a reference for knee pain only: neck pain adds nothing to that path.
      reference(h, ComplicationCategory.VASOVAGAL, "Knee faints 2025", 0.01, 50_000L, Indication.KNEE_PAIN);
      return h.episode("C1", "NECK", Indication.NECK_PAIN, MAR_2).episode("C1", "KNEE", Indication.KNEE_PAIN, MAR_2);
    }

    private void reference(HistoryBuilder h, ComplicationCategory c, String source, double p0, long study,
        Indication indication) {
      h.add(Topics.BASELINES.name(), org.dnregistry.topics.Keys.baseline(c, source),
          org.dnregistry.avro.Baseline.newBuilder().setCategory(c).setSource(source).setLow(p0).setHigh(p0)
              .setIndication(indication).setStudySessions(study).build());
    }

    /** {@code n} sessions of an episode on a day of March, the first {@code bruises} with a bruise. */
    private void day(HistoryBuilder h, String episode, int dayOfMarch, int n, int bruises) {
      for (int i = 0; i < n; i++) {
        String id = episode + "-" + dayOfMarch + "-" + i;
        h.session("C1", id, episode, String.format("2026-03-%02dT10:00:00Z", dayOfMarch));
        if (i < bruises) {
          h.adverseEvent("C1", "A-" + id, id, AdverseEventCategory.BRUISING, false);
        }
      }
    }

    private List<Double> s(ObjectNode path) {
      var out = new ArrayList<Double>();
      path.get("days").forEach(d -> out.add(d.get("s").doubleValue()));
      return out;
    }

    private List<Boolean> signals(ObjectNode path) {
      var out = new ArrayList<Boolean>();
      path.get("days").forEach(d -> out.add(d.get("signal").booleanValue()));
      return out;
    }

    @Test
    void aSignalRestartsFromZeroTheNextDayAndDaysWithoutSessionsAreRowsThatCarryS() {
      var h = references();
      double w = 5 * LN2 - 10 * 0.077; // 2.695737
      day(h, "NECK", 2, 10, 5); // S = w
      // 3 March: no session, S stays
      day(h, "NECK", 4, 10, 5); // 2w = 5.391
      day(h, "NECK", 5, 10, 5); // 3w = 8.087 >= 6: a signal
      day(h, "NECK", 6, 10, 5); // restarted: w, not 4w
      day(h, "NECK", 7, 10, 0); // w - 0.77 = 1.926
      Oracle oracle = Oracle.of(h.records());

      ObjectNode path = oracle.surveillance("clinic:C1", "BRUISING", null, null);
      assertThat(s(path)).usingComparatorForType(new org.assertj.core.util.DoubleComparator(EPS), Double.class)
          .containsExactly(w, w, 2 * w, 3 * w, w, w - 0.77);
      assertThat(signals(path)).containsExactly(false, false, false, true, false, false);
      assertThat(path.get("days").get(1).get("sessions").asLong()).isZero();
      assertThat(path.get("days").get(1).get("day").asText()).isEqualTo("2026-03-03");
      assertThat(path.get("days").get(3).get("expected").doubleValue()).isCloseTo(0.77, within(EPS));
      assertThat(oracle.signals()).containsExactly("clinic:C1|BRUISING|2026-03-05", "network|BRUISING|2026-03-05");
      // from and to select rows of the same path: S before from still counts.
      assertThat(s(oracle.surveillance("clinic:C1", "BRUISING", LocalDate.parse("2026-03-04"),
          LocalDate.parse("2026-03-05")))).usingComparatorForType(new org.assertj.core.util.DoubleComparator(EPS),
          Double.class).containsExactly(2 * w, 3 * w);
    }

    @Test
    void aCorrectionOfAPastDayMovesThePathFromThatDayOn() {
      var h = references();
      day(h, "NECK", 2, 10, 5);
      day(h, "NECK", 4, 10, 5);
      day(h, "NECK", 5, 10, 5);
      assertThat(Oracle.of(h.records()).signals()).contains("clinic:C1|BRUISING|2026-03-05");
      // Four of the first day's five bruises retracted: 1 ln 2 - 0.77 < 0, so S is 0 on 2 and 3 March.
      for (int i = 1; i < 5; i++) {
        h.retract(Topics.ADVERSE_EVENTS.name(), org.dnregistry.topics.Keys.adverseEvent("C1", "NECK", "A-NECK-2-" + i));
      }
      double w = 5 * LN2 - 10 * 0.077;
      Oracle corrected = Oracle.of(h.records());
      ObjectNode path = corrected.surveillance("clinic:C1", "BRUISING", null, null);
      assertThat(s(path)).usingComparatorForType(new org.assertj.core.util.DoubleComparator(EPS), Double.class)
          .containsExactly(0.0, 0.0, w, 2 * w);
      assertThat(corrected.signals()).isEmpty();
    }

    @Test
    void indicationsAddAtTheirOwnReferenceAndOneWithoutAReferenceAddsNothing() {
      var h = references();
      day(h, "NECK", 2, 10, 2);
      day(h, "KNEE", 2, 10, 2);
      h.adverseEvent("C1", "V1", "NECK-2-9", AdverseEventCategory.VASOVAGAL, false);
      Oracle oracle = Oracle.of(h.records());

      // Knee pain's own reference (0.2, the larger study) and Boyce 2020 (not Brady 2014) for the others.
      ObjectNode path = oracle.surveillance("clinic:C1", "BRUISING", null, null);
      assertThat(path.get("references")).hasSize(Indication.values().length);
      assertThat(path.get("references").toString())
          .contains("{\"indication\":\"KNEE_PAIN\",\"source\":\"Knee 2025\",\"p0\":0.2}")
          .contains("{\"indication\":\"NECK_PAIN\",\"source\":\"Boyce 2020\",\"p0\":0.077}")
          .doesNotContain("Brady 2014");
      double w = (2 * LN2 - 10 * 0.077) + (2 * LN2 - 10 * 0.2); // 0.6163 - 0.6137 = 0.0025
      JsonNode day = path.get("days").get(0);
      assertThat(day.get("s").doubleValue()).isCloseTo(Math.max(0, w), within(EPS));
      assertThat(day.get("expected").doubleValue()).isCloseTo(0.77 + 2.0, within(EPS));
      assertThat(day.get("sessions").asLong()).isEqualTo(20);
      assertThat(day.get("events").asLong()).isEqualTo(4);

      // Vasovagal reactions: only knee pain has a reference, so the neck pain event and sessions add nothing.
      ObjectNode vasovagal = oracle.surveillance("clinic:C1", "VASOVAGAL", null, null);
      assertThat(vasovagal.get("monitored").booleanValue()).isTrue();
      assertThat(vasovagal.get("references")).hasSize(1);
      JsonNode v = vasovagal.get("days").get(0);
      assertThat(v.get("sessions").asLong()).isEqualTo(10);
      assertThat(v.get("events").asLong()).isZero();
      assertThat(v.get("expected").doubleValue()).isCloseTo(0.1, within(EPS));
    }

    @Test
    void aCategoryWithoutABaselineOrASentinelCategoryIsNotMonitored() {
      var h = references();
      reference(h, ComplicationCategory.PNEUMOTHORAX, "Moghim", 0.0001, 1_000L, null);
      day(h, "NECK", 2, 10, 5);
      h.adverseEvent("C1", "P1", "NECK-2-0", AdverseEventCategory.NAUSEA, false);
      Oracle oracle = Oracle.of(h.records());
      ObjectNode nausea = oracle.surveillance("clinic:C1", "NAUSEA", null, null);
      assertThat(nausea.get("monitored").booleanValue()).isFalse();
      assertThat(nausea.get("days")).isEmpty();
      assertThat(nausea.get("references")).isEmpty();
      var monitored = new ArrayList<String>();
      nausea.get("monitoredCategories").forEach(c -> monitored.add(c.asText()));
      assertThat(monitored).containsExactly("BRUISING", "VASOVAGAL", "ANY_MINOR", "SERIOUS");
      // Pneumothorax has a baseline, but a sentinel category raises an alert for every event instead.
      assertThat(oracle.surveillance("clinic:C1", "PNEUMOTHORAX", null, null).get("monitored").booleanValue()).isFalse();
    }
  }

  // --------------------------------------------------------------------------------------------------- helpers

  private static long sessions(ObjectNode complications) {
    return complications.get("rows").get(0).get("sessions").asLong();
  }

  private static long events(ObjectNode complications, ComplicationCategory category) {
    return row(complications, category).get("events").asLong();
  }

  private static JsonNode row(ObjectNode complications, ComplicationCategory category) {
    JsonNode row = complications.get("rows").get(category.ordinal());
    assertThat(row.get("category").asText()).isEqualTo(category.name());
    return row;
  }

  private static JsonNode row(ObjectNode efficacy, Instrument instrument, Timepoint timepoint) {
    for (JsonNode row : efficacy.get("rows")) {
      if (row.get("instrument").asText().equals(instrument.name()) && row.get("timepoint").asText().equals(timepoint.name())) {
        return row;
      }
    }
    throw new AssertionError("no row " + instrument + "/" + timepoint);
  }

  private static List<String> sources(JsonNode complicationRow) {
    var out = new ArrayList<String>();
    complicationRow.get("baselines").forEach(b -> out.add(b.get("source").asText()));
    return out;
  }

  private static JsonNode baseline(JsonNode complicationRow, String source) {
    for (JsonNode b : complicationRow.get("baselines")) {
      if (b.get("source").asText().equals(source)) {
        return b;
      }
    }
    throw new AssertionError("no baseline " + source + " in " + complicationRow);
  }

  private static void assertBaseline(JsonNode row, String source, double pUpper, double pLower, String status) {
    JsonNode b = baseline(row, source);
    assertThat(b.get("pUpper").doubleValue()).as("%s pUpper", source).isCloseTo(pUpper, within(EPS));
    assertThat(b.get("pLower").doubleValue()).as("%s pLower", source).isCloseTo(pLower, within(EPS));
    assertThat(b.get("status").asText()).as("%s status", source).isEqualTo(status);
  }

  private static List<String> clinicIds(ObjectNode compliance) {
    var out = new ArrayList<String>();
    compliance.get("rows").forEach(r -> out.add(r.get("clinicId").asText()));
    return out;
  }

  private static List<Integer> counts(ObjectNode compliance, String clinicId) {
    for (JsonNode r : compliance.get("rows")) {
      if (r.get("clinicId").asText().equals(clinicId)) {
        return flagCounts(r.get("counts"));
      }
    }
    throw new AssertionError("no row for " + clinicId + " in " + compliance);
  }

  private static List<Integer> flagCounts(JsonNode counts) {
    assertThat(names(counts)).containsExactly(names(GuidelineFlag.values()));
    var out = new ArrayList<Integer>();
    counts.forEach(c -> out.add(c.asInt()));
    return out;
  }

  private static List<String> names(JsonNode object) {
    var out = new ArrayList<String>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String[] names(Enum<?>[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].name();
    }
    return out;
  }
}
