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
}
