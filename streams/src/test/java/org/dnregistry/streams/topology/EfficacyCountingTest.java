package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;

import java.time.LocalDate;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.DayCounters.EfficacyCell;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Efficacy observations: change direction, responders at the MCID, and when an observation counts. */
class EfficacyCountingTest {
  static final LocalDate START = LocalDate.of(2026, 2, 1);
  static final LocalDate FOLLOW_UP = LocalDate.of(2026, 3, 1);
  static final String NET = "network|ALL";

  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  private void scores(String episodeId, Instrument instrument, double baseline, Timepoint tp, double followUp) {
    d.put(outcome("C1", episodeId, instrument, Timepoint.BASELINE, baseline, noon(START)).build());
    d.put(outcome("C1", episodeId, instrument, tp, followUp, noon(FOLLOW_UP)).build());
  }

  private EfficacyCell cell(Instrument instrument, Timepoint tp) {
    return d.bucket(NET, FOLLOW_UP).efficacy(instrument, tp);
  }

  @Test
  void painAndDisabilityImproveDownwardsAndPsfsUpwards() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    scores("E1", Instrument.NPRS, 7.25, Timepoint.WEEK_4, 4.0);
    scores("E1", Instrument.PSFS, 3.0, Timepoint.WEEK_4, 6.5);
    scores("E1", Instrument.ODI, 30, Timepoint.WEEK_4, 36);

    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_4)).isEqualTo(new EfficacyCell(1, 325, 325 * 325, 1));
    assertThat(cell(Instrument.PSFS, Timepoint.WEEK_4)).isEqualTo(new EfficacyCell(1, 350, 350 * 350, 1));
    assertThat(cell(Instrument.ODI, Timepoint.WEEK_4)).isEqualTo(new EfficacyCell(1, -600, 600 * 600, 0));
  }

  @Test
  void aChangeOfExactlyTheMcidIsAResponseAndOneHundredthLessIsNot() {
    for (String e : new String[] {"E1", "E2", "E3", "E4", "E5", "E6"}) {
      d.put(episode("C1", e, Indication.NECK_PAIN, START).build());
    }
    scores("E1", Instrument.NPRS, 5.3, Timepoint.WEEK_2, 3.3);   // 2.00: in binary, 5.3 - 3.3 < 2
    scores("E2", Instrument.NPRS, 5.3, Timepoint.WEEK_8, 3.31);  // 1.99
    scores("E3", Instrument.NDI, 20.1, Timepoint.WEEK_2, 12.6);  // 7.50
    scores("E4", Instrument.NDI, 20.1, Timepoint.WEEK_8, 12.61); // 7.49
    scores("E5", Instrument.ODI, 40, Timepoint.WEEK_2, 30);      // 10
    scores("E6", Instrument.PSFS, 2.2, Timepoint.WEEK_2, 4.2);   // 2.00

    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_2).responders()).isEqualTo(1);
    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_8)).isEqualTo(new EfficacyCell(1, 199, 199 * 199, 0));
    assertThat(cell(Instrument.NDI, Timepoint.WEEK_2).responders()).isEqualTo(1);
    assertThat(cell(Instrument.NDI, Timepoint.WEEK_8).responders()).isZero();
    assertThat(cell(Instrument.ODI, Timepoint.WEEK_2).responders()).isEqualTo(1);
    assertThat(cell(Instrument.PSFS, Timepoint.WEEK_2).responders()).isEqualTo(1);
  }

  @Test
  void anObservationNeedsTheEpisodeAndTheBaselineOfTheSameInstrument() {
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE, 8, noon(START)).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.WEEK_4, 5, noon(FOLLOW_UP)).build());
    d.put(outcome("C1", "E1", Instrument.NDI, Timepoint.WEEK_4, 5, noon(FOLLOW_UP)).build()); // no NDI baseline
    assertThat(d.bucketCount()).isZero();

    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_4).n()).isEqualTo(1);
    assertThat(cell(Instrument.NDI, Timepoint.WEEK_4).n()).isZero();

    d.retractOutcome(Keys.outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE));
    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_4).n()).isZero();
  }

  @Test
  void everyFollowUpWithABaselineIsAnObservationOnItsOwnDay() {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE, 8, noon(START)).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.POST_SESSION, 6, noon(START.plusDays(1))).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.MONTH_12, 1, noon(START.plusDays(365))).build());

    assertThat(d.bucket("network|KNEE_PAIN", START.plusDays(1)).efficacy(Instrument.NPRS, Timepoint.POST_SESSION).n())
        .isEqualTo(1);
    assertThat(d.bucket("clinic:C1|ALL", START.plusDays(365)).efficacy(Instrument.NPRS, Timepoint.MONTH_12)
        .sumHundredths()).isEqualTo(700);
  }

  @Test
  void correctionsMoveObservationsAndRetractingTheEpisodeRemovesThem() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    scores("E1", Instrument.NPRS, 8, Timepoint.WEEK_4, 5);
    // The follow-up re-sent with another score and day: the old observation leaves its day.
    LocalDate later = FOLLOW_UP.plusDays(3);
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.WEEK_4, 4, noon(later)).build());
    assertThat(cell(Instrument.NPRS, Timepoint.WEEK_4).n()).isZero();
    assertThat(d.bucket(NET, later).efficacy(Instrument.NPRS, Timepoint.WEEK_4))
        .isEqualTo(new EfficacyCell(1, 400, 400 * 400, 1));
    // A corrected baseline changes the existing observation.
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.BASELINE, 5, noon(START)).build());
    assertThat(d.bucket(NET, later).efficacy(Instrument.NPRS, Timepoint.WEEK_4))
        .isEqualTo(new EfficacyCell(1, 100, 100 * 100, 0));

    d.retractEpisode("C1", "E1");
    assertThat(d.bucketCount()).isZero();
  }
}
