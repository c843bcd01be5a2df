package org.dnregistry.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.baseline;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.session;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.BaselineStatus;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Severity;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SENTINEL alerts once per adverse event; STATUS alerts once per transition into WARNING or ALARM. */
class AlertsTest {
  static final LocalDate DAY = LocalDate.of(2026, 5, 4);
  static final Duration TICK = Duration.ofSeconds(11);

  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  private List<Alert> alerts(AlertKind kind) {
    return d.read(Topics.ALERTS).stream().map(kv -> kv.value).filter(a -> a.getKind() == kind).toList();
  }

  @Test
  void aSentinelEventAlertsOnceWithItsSessionClinicAndIndicationWhenItCounts() {
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PNEUMOTHORAX).setSeverity(Severity.SEVERE).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(d.read(Topics.ALERTS)).isEmpty(); // no episode yet: it does not count

    d.put(episode("C1", "E1", Indication.UPPER_BACK_MYOFASCIAL_PAIN, DAY).build());
    List<KeyValue<String, Alert>> out = d.read(Topics.ALERTS);
    assertThat(out).hasSize(1);
    Alert a = out.get(0).value;
    assertThat(out.get(0).key).isEqualTo(a.getAlertId());
    assertThat(a.getKind()).isEqualTo(AlertKind.SENTINEL);
    assertThat(a.getCategory()).isEqualTo(ComplicationCategory.PNEUMOTHORAX);
    assertThat(a.getClinicId()).isEqualTo("C1");
    assertThat(a.getScope()).isEqualTo("clinic:C1");
    assertThat(a.getIndication()).isEqualTo("UPPER_BACK_MYOFASCIAL_PAIN");
    assertThat(a.getSessionId()).isEqualTo("S1");
    assertThat(a.getEpisodeId()).isEqualTo("E1");
    assertThat(a.getAdverseEventId()).isEqualTo("A1");
    assertThat(a.getSeverity()).isEqualTo(Severity.SEVERE);
    assertThat(a.getAsOf()).isEqualTo(DAY);

    // Duplicates, corrections, a retraction and a re-send of the same event: no second alert.
    var same = adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PNEUMOTHORAX).build();
    d.put(same).put(same);
    d.put(session("C1", "S1", "E1", noon(DAY.plusDays(1))).build());
    d.retractAdverseEvent("C1", "E1", "A1");
    d.put(same);
    assertThat(alerts(AlertKind.SENTINEL)).isEmpty();
  }

  @Test
  void seriousEventsOfAnyCategoryAndEverySentinelCategoryAlertButOrdinaryEventsDoNot() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A0", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).setSerious(true).build());
    var sentinel = List.of(AdverseEventCategory.PNEUMOTHORAX, AdverseEventCategory.INFECTION,
        AdverseEventCategory.NERVE_INJURY, AdverseEventCategory.NEEDLE_BREAKAGE, AdverseEventCategory.FORGOTTEN_NEEDLE);
    for (int i = 0; i < sentinel.size(); i++) {
      d.put(adverseEvent("C1", "S" + i, "S1", "E1", sentinel.get(i)).build());
    }
    List<Alert> alerts = alerts(AlertKind.SENTINEL);
    assertThat(alerts).extracting(Alert::getAdverseEventId).containsExactlyInAnyOrder("A1", "S0", "S1", "S2", "S3", "S4");
    assertThat(alerts.stream().filter(a -> a.getAdverseEventId().equals("A1")).findFirst().orElseThrow().getSerious())
        .isTrue();
    // A minor event corrected to serious alerts then.
    d.put(adverseEvent("C1", "A0", "S1", "E1", AdverseEventCategory.BRUISING).setSerious(true).build());
    assertThat(alerts(AlertKind.SENTINEL)).extracting(Alert::getAdverseEventId).containsExactly("A0");
  }

  private void sessionsWithBruising(String clinic, int sessions, int events, LocalDate day, String prefix) {
    d.put(episode(clinic, prefix + "E", Indication.NECK_PAIN, day).build());
    for (int i = 0; i < sessions; i++) {
      d.put(session(clinic, prefix + "S" + i, prefix + "E", noon(day)).build());
    }
    for (int i = 0; i < events; i++) {
      d.put(adverseEvent(clinic, prefix + "A" + i, prefix + "S" + i, prefix + "E", AdverseEventCategory.BRUISING)
          .build());
    }
  }

  @Test
  void aStatusMovingIntoWarningOrAlarmAlertsOncePerTransitionBatchedByTheInterval() {
    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).build());
    // 20 sessions, 2 events: consistent with 7.7%.
    sessionsWithBruising("C1", 20, 2, DAY, "a");
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).isEmpty();

    // 20 sessions, 6 events (30%): P(X >= 6 | Poisson(1.54)) = 0.00505 (R: ppois(5, 1.54, lower.tail=FALSE)).
    for (int i = 2; i < 6; i++) {
      d.put(adverseEvent("C1", "aA" + i, "aS" + i, "aE", AdverseEventCategory.BRUISING).build());
    }
    assertThat(alerts(AlertKind.STATUS)).isEmpty(); // not before the punctuator runs
    d.advance(TICK);
    List<Alert> warnings = alerts(AlertKind.STATUS);
    // Clinic and network, each indication and ALL, four windows: 16 transitions into WARNING.
    assertThat(warnings).hasSize(16);
    assertThat(warnings).allSatisfy(a -> {
      assertThat(a.getStatus()).isEqualTo(BaselineStatus.WARNING);
      assertThat(a.getPreviousStatus()).isEqualTo(BaselineStatus.CONSISTENT);
      assertThat(a.getSessions()).isEqualTo(20);
      assertThat(a.getEvents()).isEqualTo(6);
      assertThat(a.getAsOf()).isEqualTo(DAY);
      assertThat(a.getBaselineSource()).isEqualTo("Boyce 2020");
      assertThat(a.getPUpper()).isCloseTo(0.005047621642, org.assertj.core.api.Assertions.within(1e-12));
    });
    assertThat(warnings).extracting(Alert::getScope).containsOnly("network", "clinic:C1");
    assertThat(warnings).extracting(Alert::getWindow).containsOnly("30", "90", "365", "all");
    assertThat(warnings).extracting(Alert::getAlertId).doesNotHaveDuplicates();

    // Another event keeps it in WARNING: no new alert. An unrelated baseline-free category changes nothing.
    d.put(session("C1", "aS20", "aE", noon(DAY)).build());
    d.put(adverseEvent("C1", "aA6", "aS20", "aE", AdverseEventCategory.NAUSEA).build());
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).isEmpty();

    // Four more events: P(X >= 10 | Poisson(1.617)) < 0.001, ALARM.
    for (int i = 6; i < 10; i++) {
      d.put(adverseEvent("C1", "aA" + i + "b", "aS" + i, "aE", AdverseEventCategory.BRUISING).build());
    }
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).hasSize(16).allSatisfy(a -> {
      assertThat(a.getStatus()).isEqualTo(BaselineStatus.ALARM);
      assertThat(a.getPreviousStatus()).isEqualTo(BaselineStatus.WARNING);
    });

    // Back to consistent (retractions), then into WARNING again: a new transition, a new alert.
    IntStream.range(2, 10).forEach(i -> d.retractAdverseEvent("C1", "aE", "aA" + i + (i >= 6 ? "b" : "")));
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).isEmpty();
    for (int i = 2; i < 6; i++) {
      d.put(adverseEvent("C1", "aA" + i, "aS" + i, "aE", AdverseEventCategory.BRUISING).build());
    }
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).hasSize(16);
  }

  @Test
  void windowsAreEvaluatedAsOfTheSeriesLatestSessionDay() {
    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).build());
    sessionsWithBruising("C1", 20, 6, DAY, "a");
    // A later session in the clinic moves its asOf 100 days on: the 30- and 90-day windows no longer see DAY.
    sessionsWithBruising("C1", 1, 0, DAY.plusDays(100), "b");
    d.advance(TICK);
    List<Alert> alerts = alerts(AlertKind.STATUS);
    assertThat(alerts).filteredOn(a -> a.getScope().equals("clinic:C1"))
        .extracting(Alert::getWindow).containsOnly("365", "all");
    assertThat(alerts).allSatisfy(a -> assertThat(a.getAsOf()).isEqualTo(DAY.plusDays(100)));
  }

  @Test
  void aNewBaselineIsEvaluatedWithoutWaitingForNewEvents() {
    sessionsWithBruising("C1", 20, 6, DAY, "a");
    d.advance(TICK);
    assertThat(alerts(AlertKind.STATUS)).isEmpty();

    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).build());
    d.put(baseline(ComplicationCategory.BRUISING, "A knee study", 0.01, 0.01).setIndication(Indication.KNEE_PAIN)
        .build());
    d.advance(TICK);
    List<Alert> alerts = alerts(AlertKind.STATUS);
    assertThat(alerts).hasSize(16);
    assertThat(alerts).allSatisfy(a -> assertThat(a.getPreviousStatus()).isNull());
    assertThat(alerts).extracting(Alert::getBaselineSource).containsOnly("Boyce 2020");
  }
}
