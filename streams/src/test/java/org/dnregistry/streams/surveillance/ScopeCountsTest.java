package org.dnregistry.streams.surveillance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnregistry.avro.ComplicationCategory.ANY_MINOR;
import static org.dnregistry.avro.ComplicationCategory.BRUISING;
import static org.dnregistry.avro.Indication.KNEE_PAIN;
import static org.dnregistry.avro.Indication.NECK_PAIN;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input of the CUSUM: counts by day and indication, from the first through the latest counted session day. */
class ScopeCountsTest {
  private static final LocalDate D0 = LocalDate.of(2025, 3, 3);

  @Test
  void theRangeIsFromTheFirstThroughTheLatestDayWithSessionsWhateverTheOrderOfAdding() {
    var counts = ScopeCounts.builder()
        .sessions(D0.plusDays(500), KNEE_PAIN, 2)
        .sessions(D0, NECK_PAIN, 1)
        .sessions(D0.minusDays(300), NECK_PAIN, 0) // a zero adds no day
        .add(D0.plusDays(100), NECK_PAIN, 4, Map.of(BRUISING, 1L, ANY_MINOR, 2L))
        .sessions(D0.plusDays(100), NECK_PAIN, 1)
        .build();

    assertThat(counts.firstDay()).hasValue(D0);
    assertThat(counts.lastDay()).hasValue(D0.plusDays(500));
    assertThat(counts.days()).isEqualTo(501);
    assertThat(counts.sessions(D0.plusDays(100), NECK_PAIN)).isEqualTo(5);
    assertThat(counts.events(D0.plusDays(100), NECK_PAIN, ANY_MINOR)).isEqualTo(2);
    assertThat(counts.events(D0.plusDays(100), KNEE_PAIN, ANY_MINOR)).isZero();
    assertThat(counts.sessions(D0.minusDays(1), NECK_PAIN)).isZero();
  }

  @Test
  void aDayWhoseSessionsWereAllRetractedIsNoLongerTheFirst() {
    var counts = ScopeCounts.builder()
        .sessions(D0, NECK_PAIN, 3).sessions(D0, NECK_PAIN, -3)
        .sessions(D0.plusDays(7), NECK_PAIN, 1)
        .build();

    assertThat(counts.firstDay()).hasValue(D0.plusDays(7));
    assertThat(counts.days()).isEqualTo(1);
  }

  @Test
  void noSessionsIsAnEmptyScope() {
    assertThat(ScopeCounts.builder().build().isEmpty()).isTrue();
    assertThat(ScopeCounts.builder().build().firstDay()).isEmpty();
  }

  @Test
  void negativeCountsAreRefusedWithTheirDay() {
    assertThatThrownBy(() -> ScopeCounts.builder().sessions(D0, NECK_PAIN, -1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative sessions (-1) on 2025-03-03");
    assertThatThrownBy(() -> ScopeCounts.builder().sessions(D0, NECK_PAIN, 1).events(D0, NECK_PAIN, BRUISING, -2)
        .build()).hasMessageContaining("negative events (-2) of BRUISING on 2025-03-03 for NECK_PAIN");
  }

  @Test
  void eventsCountOnTheirSessionsDaySoEventsWithoutSessionsAreRefused() {
    assertThatThrownBy(() -> ScopeCounts.builder().sessions(D0, NECK_PAIN, 1).events(D0, KNEE_PAIN, BRUISING, 1)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 events without sessions of BRUISING on 2025-03-03 for KNEE_PAIN");
  }

  @Test
  void decadesOfDaysFitAndGrowingBackwardsKeepsEveryCount() {
    var b = ScopeCounts.builder();
    for (int d = 3650; d >= 0; d--) {
      b.sessions(D0.plusDays(d), NECK_PAIN, d % 5 + 1).events(D0.plusDays(d), NECK_PAIN, BRUISING, d % 2);
    }
    var counts = b.build();

    assertThat(counts.days()).isEqualTo(3651);
    for (int d = 0; d <= 3650; d += 365) {
      assertThat(counts.sessions(D0.plusDays(d), NECK_PAIN)).isEqualTo(d % 5 + 1);
      assertThat(counts.events(D0.plusDays(d), NECK_PAIN, BRUISING)).isEqualTo(d % 2);
    }
  }
}
