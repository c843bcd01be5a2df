package org.dnregistry.streams.surveillance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.surveillance.DesignSimulation.Delays;
import org.dnregistry.streams.surveillance.DesignSimulation.Elevation;
import org.dnregistry.streams.surveillance.DesignSimulation.FalseSignals;
import org.dnregistry.topics.PublishedBaselines;
import org.junit.jupiter.api.Test;

/**
 * A short seeded run of the design simulation (the bench program CusumSimulation runs the long one for
 * docs/SURVEILLANCE.md): a sanity check of the code, with bands wide enough for a small sample, not a measurement.
 * The bench figures at 9 sessions a day are 0.48 false signals per clinic-year, and a doubled bruising rate
 * signalled after 18 days (median) and 36 (90th percentile); an independent numpy simulation gave the same.
 */
class CusumDesignSimulationTest {
  private static final ReferenceRates RATES = ReferenceRates.of(PublishedBaselines.load());
  private final DesignSimulation simulation = new DesignSimulation(RATES);

  @Test
  void inControlClinicsRunAtExactlyTheReferenceRates() {
    ScopeCounts counts = simulation.clinic(40, Elevation.NONE, 365, new SplittableRandom(1));
    long sessions = 0;
    long bruising = 0;
    long anyMinor = 0;
    long serious = 0;
    for (int d = 0; d < counts.days(); d++) {
      for (Indication i : Indication.values()) {
        var day = counts.day(d);
        sessions += counts.sessions(day, i);
        bruising += counts.events(day, i, ComplicationCategory.BRUISING);
        anyMinor += counts.events(day, i, ComplicationCategory.ANY_MINOR);
        serious += counts.events(day, i, ComplicationCategory.SERIOUS);
      }
    }
    // About 14,600 sessions: 4 standard errors of each rate.
    assertThat(sessions).isBetween(14_000L, 15_200L);
    assertThat(bruising / (double) sessions).isCloseTo(0.077, within(4 * Math.sqrt(0.077 / sessions)));
    assertThat(anyMinor / (double) sessions).isCloseTo(0.368, within(4 * Math.sqrt(0.368 / sessions)));
    assertThat(serious).isLessThan(40); // 0.000977 per session: about 14 expected
    assertThat(simulation.anyMinorRate()[Indication.NECK_PAIN.ordinal()]).isCloseTo(0.368, within(1e-12));
  }

  @Test
  void inControlFalseSignalsAtNineSessionsADayAreAboutHalfAYear() {
    FalseSignals f = simulation.falseSignals(9, 40, 5, 11);

    assertThat(f.clinicYears()).isEqualTo(200);
    assertThat(f.perClinicYear()).isBetween(0.25, 0.9);
    // The rarest categories (0.0004 per session) almost never signal in control; the frequent ones carry the rate.
    assertThat(f.perClinicYear(ComplicationCategory.FATIGUE)).isLessThan(0.02);
    assertThat(f.signalsByCategory().keySet()).containsExactlyElementsOf(RATES.categories());
  }

  @Test
  void aDoubledBruisingRateIsDetectedInWeeksAndATripledOneFaster() {
    Delays doubled = simulation.delays(9, new Elevation(true, 2, 180), 200, 730, 12);
    Delays tripled = simulation.delays(9, new Elevation(true, 3, 180), 200, 730, 13);

    assertThat(doubled.runs()).isEqualTo(200);
    assertThat(doubled.undetected()).isZero();
    assertThat(doubled.targetQuantile(0.5)).isBetween(12, 28);
    assertThat(doubled.targetQuantile(0.9)).isBetween(24, 60);
    assertThat(tripled.targetQuantile(0.5)).isBetween(4, 13);
    assertThat(tripled.targetQuantile(0.5)).isLessThan(doubled.targetQuantile(0.5));
    // Some other category may signal first, never later than the target.
    assertThat(doubled.anyQuantile(0.5)).isLessThanOrEqualTo(doubled.targetQuantile(0.5));
  }

  @Test
  void theSimulationIsDeterministicForASeed() {
    assertThat(simulation.falseSignals(9, 4, 2, 99).signalsByCategory())
        .isEqualTo(simulation.falseSignals(9, 4, 2, 99).signalsByCategory());
  }

  @Test
  void poissonDrawsHaveTheirMeanAndVariance() {
    var random = new SplittableRandom(5);
    for (double mean : new double[] {0.3, 7, 45}) {
      int draws = 200_000;
      double sum = 0;
      double sumSq = 0;
      for (int k = 0; k < draws; k++) {
        long x = DesignSimulation.Poisson.draw(random, mean);
        sum += x;
        sumSq += (double) x * x;
      }
      double m = sum / draws;
      double v = sumSq / draws - m * m;
      assertThat(m).as("mean of Poisson(%s)", mean).isCloseTo(mean, within(5 * Math.sqrt(mean / draws)));
      assertThat(v).as("variance of Poisson(%s)", mean).isCloseTo(mean, within(0.02 * mean + 0.01));
    }
    assertThat(DesignSimulation.Poisson.draw(random, 0)).isZero();
  }
}
