package org.dnregistry.streams.buckets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.junit.jupiter.api.Test;

class DayCountersTest {
  private static DayCounters sample() {
    return DayCounters.builder()
        .addSessions(3)
        .addEvents(ComplicationCategory.BRUISING, 2)
        .addEvents(ComplicationCategory.ANY_MINOR, 2)
        .addObservation(Instrument.PSFS, Timepoint.MONTH_12, -150, false)
        .addObservation(Instrument.PSFS, Timepoint.MONTH_12, 300, true)
        .addFlag(GuidelineFlag.LOW_ADHERENCE, 1)
        .build();
  }

  @Test
  void addingAndSubtractingReturnsExactlyToZero() {
    DayCounters a = sample();
    assertThat(a.plus(a).minus(a)).isEqualTo(a);
    assertThat(a.minus(a).isZero()).isTrue();
    assertThat(a.negate().plus(a)).isEqualTo(DayCounters.ZERO);
    assertThat(a.efficacy(Instrument.PSFS, Timepoint.MONTH_12))
        .isEqualTo(new DayCounters.EfficacyCell(2, 150, 150 * 150 + 300 * 300, 1));
  }

  @Test
  void aNegativeSumOfChangesIsNotANegativeCount() {
    DayCounters worse = DayCounters.builder().addObservation(Instrument.NPRS, Timepoint.WEEK_2, -300, false).build();
    assertThat(worse.hasNegativeCount()).isFalse();
    assertThat(worse.negate().hasNegativeCount()).isTrue();
    assertThat(sample().negate().hasNegativeCount()).isTrue();
    assertThat(DayCounters.builder().addFlag(GuidelineFlag.CHRONIC_CONDITION, -1).build().hasNegativeCount()).isTrue();
  }

  @Test
  void binaryRoundTripIsSparseAndLossless() {
    DayCounters a = sample();
    // layout byte, pair count, then (index, value) for each of the 9 non-zero counters: a few bytes each
    assertThat(a.toBytes()).hasSizeLessThan(2 + 9 * 6);
    assertThat(DayCounters.fromBytes(a.toBytes())).isEqualTo(a);
    assertThat(DayCounters.fromBytes(a.negate().toBytes())).isEqualTo(a.negate());
    assertThat(DayCounters.fromBytes(DayCounters.ZERO.toBytes())).isEqualTo(DayCounters.ZERO);
    byte[] otherLayout = a.toBytes();
    otherLayout[0]++;
    assertThatThrownBy(() -> DayCounters.fromBytes(otherLayout)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layout");
  }

  @Test
  void baselineIsNotAFollowUp() {
    assertThatThrownBy(() -> DayCounters.ZERO.efficacy(Instrument.NPRS, Timepoint.BASELINE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
