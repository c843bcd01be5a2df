package org.dnregistry.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.session;

import java.time.LocalDate;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.query.Responses;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.PublishedBaselines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Surveillance through the whole topology, at its edges: the path and its SIGNAL alerts from the day buckets, with
 * the published baselines (bruising's reference: Boyce 2020, p0 0.077, the largest study). Each bruising event adds
 * ln 2 = 0.693 to S, each session takes 0.077 away.
 */
class SurveillanceTopologyTest {
  static final LocalDate DAY1 = LocalDate.of(2026, 3, 2);
  static final double LN2 = Math.log(2);
  final RegistryDriver d = new RegistryDriver();

  @BeforeEach
  void baselines() {
    PublishedBaselines.load().forEach(d::put);
  }

  @AfterEach
  void close() {
    d.close();
  }

  /** {@code sessions} sessions of clinic C1 on {@code day}, the first {@code bruising} of them with a bruise. */
  private void day(String clinic, Indication indication, LocalDate day, int sessions, int bruising) {
    String episode = "E-" + indication + "-" + day;
    d.put(episode(clinic, episode, indication, DAY1).build());
    for (int i = 0; i < sessions; i++) {
      String id = "S-" + indication + "-" + day + "-" + i;
      d.put(session(clinic, id, episode, noon(day)).build());
      if (i < bruising) {
        d.put(adverseEvent(clinic, "A-" + id, id, episode, AdverseEventCategory.BRUISING).build());
      }
    }
  }

  private Responses.Surveillance path(String scope, ComplicationCategory category) {
    return d.figures().surveillance(scope, category.name(), null, null);
  }

  @Test
  void aSignalRaisesOneAlertAndTheChartStartsAgainTheNextDay() {
    day("C1", Indication.NECK_PAIN, DAY1, 20, 10); // W = 10 ln 2 - 20 * 0.077 = 5.39
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(1), 20, 10); // S = 10.79: a signal
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(2), 20, 10); // restarted: 5.39

    var days = path("clinic:C1", ComplicationCategory.BRUISING).days();
    double w = 10 * LN2 - 20 * 0.077;
    assertThat(days).extracting(Responses.SurveillanceDay::s).containsExactly(w, 2 * w, w);
    assertThat(days).extracting(Responses.SurveillanceDay::signal).containsExactly(false, true, false);
    assertThat(days.get(1).expected()).isCloseTo(20 * 0.077, within(1e-12));

    d.evaluate();
    var signals = d.signals();
    assertThat(signals).containsOnlyKeys("clinic:C1|BRUISING|2026-03-03", "network|BRUISING|2026-03-03");
    Alert alert = signals.get("clinic:C1|BRUISING|2026-03-03");
    assertThat(alert.getClinicId()).isEqualTo("C1");
    assertThat(alert.getCusum()).isCloseTo(2 * w, within(1e-9));
    assertThat(alert.getThreshold()).isEqualTo(6.0);
    assertThat(alert.getRateRatio()).isEqualTo(2.0);
    // The 30 days to the signal day: two days of 20 sessions and 10 bruises.
    assertThat(alert.getSessions()).isEqualTo(40);
    assertThat(alert.getEvents()).isEqualTo(20);
    assertThat(alert.getExpected()).isCloseTo(40 * 0.077, within(1e-9));
    assertThat(alert.getReferences()).contains("NECK_PAIN=Boyce 2020 (0.077)");
    assertThat(alert.getMessage()).contains("clinic C1", "BRUISING", "Review");

    // Evaluated again without a change: nothing new.
    day("C2", Indication.KNEE_PAIN, DAY1, 5, 0);
    d.evaluate();
    assertThat(d.signals()).isEmpty();
  }

  @Test
  void afterTheRestartTheNextSignalIsAnAlertOfItsOwnAndTheFirstIsNotRaisedAgain() {
    double w = 10 * LN2 - 20 * 0.077; // 5.39
    day("C1", Indication.NECK_PAIN, DAY1, 20, 10);
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(1), 20, 10); // 2w: the first signal
    d.evaluate();
    assertThat(d.signals()).containsOnlyKeys("clinic:C1|BRUISING|2026-03-03", "network|BRUISING|2026-03-03");

    // From 0 again: w on the third day, 2w on the fourth, a second signal; only it is raised now.
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(2), 20, 10);
    d.evaluate();
    assertThat(d.signals()).isEmpty();
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(3), 20, 10);
    d.evaluate();
    var second = d.signals();
    assertThat(second).containsOnlyKeys("clinic:C1|BRUISING|2026-03-05", "network|BRUISING|2026-03-05");
    assertThat(second.get("clinic:C1|BRUISING|2026-03-05").getCusum()).isCloseTo(2 * w, within(1e-9));
    // Its 30 days hold all four days: 80 sessions, 40 bruises.
    assertThat(second.get("clinic:C1|BRUISING|2026-03-05").getSessions()).isEqualTo(80);
    assertThat(path("clinic:C1", ComplicationCategory.BRUISING).days()).extracting(Responses.SurveillanceDay::signal)
        .containsExactly(false, true, false, true);
  }

  @Test
  void aCorrectionOfAPastDayMovesThePathFromThatDayAndARaisedAlertStays() {
    day("C1", Indication.NECK_PAIN, DAY1, 20, 10);
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(1), 20, 10);
    d.evaluate();
    assertThat(d.signals()).containsKey("clinic:C1|BRUISING|2026-03-03");

    // The first day's bruises are retracted: S is -1.54 -> 0 on day 1, 5.39 on day 2: no signal any more.
    for (int i = 0; i < 10; i++) {
      String id = "S-NECK_PAIN-" + DAY1 + "-" + i;
      d.retractAdverseEvent("C1", "E-NECK_PAIN-" + DAY1, "A-" + id);
    }
    var days = path("clinic:C1", ComplicationCategory.BRUISING).days();
    assertThat(days).extracting(Responses.SurveillanceDay::signal).containsExactly(false, false);
    assertThat(days.get(0).s()).isZero();
    // Two more heavy days: the signal falls on the fourth day now, and is raised; the withdrawn one stays raised.
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(3), 20, 10);
    d.evaluate();
    assertThat(d.signals()).containsOnlyKeys("clinic:C1|BRUISING|2026-03-05", "network|BRUISING|2026-03-05");
    assertThat(path("clinic:C1", ComplicationCategory.BRUISING).days())
        .extracting(Responses.SurveillanceDay::signal).containsExactly(false, false, false, true);
  }

  @Test
  void daysWithoutSessionsCarrySAndAreRows() {
    day("C1", Indication.NECK_PAIN, DAY1, 20, 5);
    day("C1", Indication.NECK_PAIN, DAY1.plusDays(4), 20, 5);
    var days = path("clinic:C1", ComplicationCategory.BRUISING).days();
    double w = 5 * LN2 - 20 * 0.077;
    assertThat(days).hasSize(5);
    assertThat(days).extracting(Responses.SurveillanceDay::sessions).containsExactly(20L, 0L, 0L, 0L, 20L);
    assertThat(days.get(3).s()).isCloseTo(w, within(1e-12));
    assertThat(days.get(4).s()).isCloseTo(2 * w, within(1e-12));
  }

  @Test
  void aCategoryWithoutBaselineOrASentinelCategoryIsNotMonitored() {
    day("C1", Indication.NECK_PAIN, DAY1, 20, 5);
    var vasovagal = path("clinic:C1", ComplicationCategory.VASOVAGAL);
    assertThat(vasovagal.monitored()).isFalse();
    assertThat(vasovagal.days()).isEmpty();
    assertThat(vasovagal.monitoredCategories()).contains("BRUISING", "ANY_MINOR", "SERIOUS")
        .doesNotContain("VASOVAGAL", "PNEUMOTHORAX");
    assertThat(path("clinic:C1", ComplicationCategory.PNEUMOTHORAX).monitored()).isFalse();
  }

  @Test
  void indicationsWithDifferentReferencesEachAddAtTheirOwnRate() {
    // A knee-specific bruising baseline from a larger study becomes knee pain's reference.
    d.put(Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("Knee registry 2025")
        .setLow(0.2).setHigh(0.2).setIndication(Indication.KNEE_PAIN).setStudySessions(50_000L).build());
    day("C1", Indication.NECK_PAIN, DAY1, 10, 2);
    day("C1", Indication.KNEE_PAIN, DAY1, 10, 2);

    var path = path("clinic:C1", ComplicationCategory.BRUISING);
    assertThat(path.references()).contains(
        new Responses.SurveillanceReference("NECK_PAIN", "Boyce 2020", 0.077),
        new Responses.SurveillanceReference("KNEE_PAIN", "Knee registry 2025", 0.2));
    double w = (2 * LN2 - 10 * 0.077) + (2 * LN2 - 10 * 0.2);
    assertThat(path.days()).singleElement().satisfies(row -> {
      assertThat(row.s()).isCloseTo(Math.max(0, w), within(1e-12));
      assertThat(row.expected()).isCloseTo(10 * 0.077 + 10 * 0.2, within(1e-12));
      assertThat(row.sessions()).isEqualTo(20);
      assertThat(row.events()).isEqualTo(4);
    });
  }

  @Test
  void newBaselinesReEvaluateEveryScopeWithoutNewEvents() {
    day("C1", Indication.NECK_PAIN, DAY1, 20, 10); // 10 ln 2 - 20 * 0.077 = 5.39: no signal
    d.evaluate();
    assertThat(d.signals()).isEmpty();
    // A stricter neck pain reference from a larger study: 10 ln 2 - 20 * 0.001 = 6.91, a signal on the same facts.
    d.put(Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("Strict 2026")
        .setLow(0.001).setHigh(0.001).setIndication(Indication.NECK_PAIN).setStudySessions(90_000L).build());
    d.evaluate();
    assertThat(d.signals()).containsOnlyKeys("clinic:C1|BRUISING|2026-03-02", "network|BRUISING|2026-03-02");
    assertThat(path("network", ComplicationCategory.BRUISING).references())
        .contains(new Responses.SurveillanceReference("NECK_PAIN", "Strict 2026", 0.001));
  }
}
