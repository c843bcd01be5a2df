package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.session;

import java.time.LocalDate;
import java.util.ArrayList;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.testing.RegistryDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When sessions and adverse events count, and that each counts exactly once, whatever the arrival order. */
class FactCountingTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 4);
  static final LocalDate OTHER_DAY = LocalDate.of(2026, 3, 9);
  static final String NET_ALL = "network|ALL";
  static final String NET_NECK = "network|NECK_PAIN";
  static final String NET_KNEE = "network|KNEE_PAIN";
  static final String C1_ALL = "clinic:C1|ALL";
  static final String C1_NECK = "clinic:C1|NECK_PAIN";

  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  @Test
  void aSessionCountsInTheFourSeriesOfItsClinicAndIndicationOnItsUtcDay() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    // 23:59:59 UTC is still DAY, whatever the local time zone of the clinic.
    d.put(session("C1", "S1", "E1", DAY.atTime(23, 59, 59).toInstant(java.time.ZoneOffset.UTC)).build());

    for (String series : new String[] {NET_ALL, NET_NECK, C1_ALL, C1_NECK}) {
      assertThat(d.bucket(series, DAY).sessions()).as(series).isEqualTo(1);
    }
    assertThat(d.bucket(NET_KNEE, DAY).sessions()).isZero();
    assertThat(d.bucket("clinic:C2|ALL", DAY).sessions()).isZero();
    assertThat(d.bucket(NET_ALL, DAY.plusDays(1)).sessions()).isZero();
  }

  @Test
  void networkSumsClinicsAndAllSumsIndications() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(episode("C2", "E1", Indication.KNEE_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(session("C2", "S1", "E1", noon(DAY)).build());
    d.put(session("C2", "S2", "E1", noon(DAY)).build());

    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(3);
    assertThat(d.bucket(NET_NECK, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_KNEE, DAY).sessions()).isEqualTo(2);
    assertThat(d.bucket(C1_ALL, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket("clinic:C2|ALL", DAY).sessions()).isEqualTo(2);
    assertThat(d.bucket("clinic:C2|KNEE_PAIN", DAY).sessions()).isEqualTo(2);
  }

  @Test
  void aSessionWithoutItsEpisodeDoesNotCountUntilTheEpisodeArrives() {
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(d.bucketCount()).isZero();

    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(1);
  }

  @Test
  void anEpisodeOfAnotherClinicWithTheSameIdIsNotTheSessionsEpisode() {
    d.put(episode("C2", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(d.bucket(NET_ALL, DAY).sessions()).isZero();
  }

  @Test
  void anAdverseEventBeforeItsSessionAndEpisodeCountsOnceBothArrive() {
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.BRUISING)).isZero();

    d.put(episode("C1", "E1", Indication.NECK_PAIN, OTHER_DAY).build());
    DayCounters b = d.bucket(C1_NECK, DAY);
    assertThat(b.sessions()).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.BRUISING)).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.ANY_MINOR)).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.SERIOUS)).isZero();
  }

  @Test
  void anAdverseEventCountsOnItsSessionsDayNotItsOnsetDay() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PAIN_AFTER).setOnsetAt(noon(OTHER_DAY)).build());

    assertThat(d.bucket(NET_NECK, DAY).events(ComplicationCategory.PAIN_AFTER)).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, OTHER_DAY).events(ComplicationCategory.PAIN_AFTER)).isZero();
  }

  @Test
  void anAdverseEventNamingAnotherEpisodeThanItsSessionsDoesNotCountAndIsADataQualityProblem() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(episode("C1", "E2", Indication.KNEE_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E2", AdverseEventCategory.PAIN_AFTER).build());
    d.put(adverseEvent("C1", "A2", "S9", "E2", AdverseEventCategory.PAIN_AFTER).build());

    assertThat(d.bucket(NET_NECK, DAY).events(ComplicationCategory.PAIN_AFTER)).isZero();
    assertThat(d.bucket(NET_KNEE, DAY).events(ComplicationCategory.PAIN_AFTER)).isZero();
    var quality = d.figures().dataQuality("clinic:C1", DAY).counts();
    assertThat(quality).containsEntry("adverseEventsWrongEpisode", 1L).containsEntry("adverseEventsSessionUnknown", 1L);
    assertThat(d.figures().dataQuality("network", DAY).counts()).containsEntry("adverseEventsWrongEpisode", 1L);

    // Filed again under its session's episode (a new fact; the wrong one retracted), it counts.
    d.retractAdverseEvent("C1", "E2", "A1");
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PAIN_AFTER).build());
    assertThat(d.bucket(NET_NECK, DAY).events(ComplicationCategory.PAIN_AFTER)).isEqualTo(1);
    assertThat(d.figures().dataQuality("clinic:C1", DAY).counts()).containsEntry("adverseEventsWrongEpisode", 0L);
    // The session S9 arrives, in another episode than A2 names: A2 names the wrong episode now.
    d.put(session("C1", "S9", "E1", noon(DAY)).build());
    assertThat(d.figures().dataQuality("clinic:C1", DAY).counts()).containsEntry("adverseEventsWrongEpisode", 1L)
        .containsEntry("adverseEventsSessionUnknown", 0L);
  }

  @Test
  void aSeriousEventCountsAsSeriousAndNotAsMinor() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PNEUMOTHORAX).setSerious(true).build());

    DayCounters b = d.bucket(NET_ALL, DAY);
    assertThat(b.events(ComplicationCategory.PNEUMOTHORAX)).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.SERIOUS)).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.ANY_MINOR)).isZero();
  }

  @Test
  void duplicatesDoNotDoubleCount() {
    var e = episode("C1", "E1", Indication.NECK_PAIN, DAY).build();
    var s = session("C1", "S1", "E1", noon(DAY)).build();
    var a = adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build();
    for (int i = 0; i < 3; i++) {
      d.put(e).put(s).put(a);
    }
    DayCounters b = d.bucket(NET_ALL, DAY);
    assertThat(b.sessions()).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.BRUISING)).isEqualTo(1);
  }

  @Test
  void anUpsertReplacesTheFact() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BLEEDING).build());

    DayCounters b = d.bucket(NET_ALL, DAY);
    assertThat(b.events(ComplicationCategory.BRUISING)).isZero();
    assertThat(b.events(ComplicationCategory.BLEEDING)).isEqualTo(1);
    assertThat(b.events(ComplicationCategory.ANY_MINOR)).isEqualTo(1);
  }

  @Test
  void aCorrectedSessionDayMovesItsSessionAndItsAdverseEvents() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.put(session("C1", "S1", "E1", noon(OTHER_DAY)).build());

    assertThat(d.buckets().get("network|ALL|" + DAY)).isNull();
    DayCounters moved = d.bucket(NET_ALL, OTHER_DAY);
    assertThat(moved.sessions()).isEqualTo(1);
    assertThat(moved.events(ComplicationCategory.BRUISING)).isEqualTo(1);
  }

  @Test
  void aCorrectedIndicationMovesCountsBetweenIndicationsButNotOutOfAll() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, DAY).build());

    assertThat(d.bucket(NET_NECK, DAY).isZero()).isTrue();
    assertThat(d.bucket(NET_KNEE, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_KNEE, DAY).events(ComplicationCategory.BRUISING)).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.BRUISING)).isEqualTo(1);
  }

  @Test
  void retractingAnAdverseEventRemovesIt() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.retractAdverseEvent("C1", "E1", "A1");

    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.BRUISING)).isZero();
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.ANY_MINOR)).isZero();
  }

  @Test
  void retractingASessionRemovesItAndItsAdverseEventsAndReSendingRestoresThem() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    var s = session("C1", "S1", "E1", noon(DAY)).build();
    d.put(s);
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.retractSession("C1", "E1", "S1");
    assertThat(d.bucketCount()).isZero();

    d.put(s);
    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.BRUISING)).isEqualTo(1);
  }

  @Test
  void retractingAnEpisodeRemovesItsSessionsAndTheirAdverseEvents() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(episode("C1", "E2", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(session("C1", "S2", "E1", noon(OTHER_DAY)).build());
    d.put(session("C1", "S3", "E2", noon(DAY)).build());
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
    d.retractEpisode("C1", "E1");

    assertThat(d.bucket(NET_ALL, DAY).sessions()).isEqualTo(1);
    assertThat(d.bucket(NET_ALL, DAY).events(ComplicationCategory.BRUISING)).isZero();
    assertThat(d.bucket(NET_ALL, OTHER_DAY).isZero()).isTrue();
  }

  @Test
  void emptyBucketsAreRemovedAndTheClinicIndexForgetsAClinicWithNothingLeft() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.publish();
    assertThat(keys(d.driver.getKeyValueStore(StoreNames.SERIES_INDEX))).contains(C1_ALL, NET_ALL);

    d.retractSession("C1", "E1", "S1");
    assertThat(d.bucketCount()).isZero();
    assertThat(keys(d.driver.getKeyValueStore(StoreNames.SERIES_INDEX))).isEmpty();
  }

  private static java.util.List<String> keys(org.apache.kafka.streams.state.KeyValueStore<String, ?> store) {
    var keys = new ArrayList<String>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }
}
