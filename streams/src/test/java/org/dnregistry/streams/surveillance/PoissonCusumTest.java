package org.dnregistry.streams.surveillance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.dnregistry.avro.ComplicationCategory.ANY_MINOR;
import static org.dnregistry.avro.ComplicationCategory.BRUISING;
import static org.dnregistry.avro.ComplicationCategory.VASOVAGAL;
import static org.dnregistry.avro.Indication.KNEE_PAIN;
import static org.dnregistry.avro.Indication.NECK_PAIN;
import static org.dnregistry.avro.Indication.SHOULDER_PAIN;
import static org.dnregistry.streams.surveillance.ReferenceRatesTest.baseline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.surveillance.CusumPath.DayRow;
import org.dnregistry.topics.PublishedBaselines;
import org.junit.jupiter.api.Test;

/**
 * Paths of REFERENCE section 4's CUSUM checked against an independent recomputation in Python, the function
 * below (saved as ref.py with the inputs of each case and run as {@code python3 ref.py <case>}; Python 3.11.7).
 * Each test quotes its case's input and output: (S_d rounded to 12 decimals, signal, expected events).
 *
 * <pre>
 * from math import log
 * R, H = 2.0, 6.0
 * def path(days, p0):          # days: one dict indication -> (n, x) per calendar day; p0: indication -> rate
 *     S, out = 0.0, []
 *     for day in days:
 *         W = sum(x * log(R) - n * p0[i] * (R - 1) for i, (n, x) in day.items() if i in p0)
 *         s = max(0.0, S + W)
 *         sig = s >= H
 *         mu = sum(n * p0[i] for i, (n, x) in day.items() if i in p0)
 *         out.append((round(s, 12), sig, round(mu, 12)))
 *         S = 0.0 if sig else s
 *     return out
 * </pre>
 */
class PoissonCusumTest {
  private static final LocalDate D0 = LocalDate.of(2025, 3, 3);
  private static final ReferenceRates PUBLISHED = ReferenceRates.of(PublishedBaselines.load());
  private static final double EPS = 1e-9;

  private static LocalDate day(int i) {
    return D0.plusDays(i);
  }

  /** One indication, {n, x} per consecutive day from D0. */
  private static ScopeCounts counts(Indication indication, ComplicationCategory category, long[][] days) {
    var b = ScopeCounts.builder();
    for (int d = 0; d < days.length; d++) {
      b.sessions(day(d), indication, days[d][0]).events(day(d), indication, category, days[d][1]);
    }
    return b.build();
  }

  private static void assertPath(CusumPath path, double[] s, boolean[] signal, double[] expected) {
    List<DayRow> rows = path.days();
    assertThat(rows).hasSize(s.length);
    for (int d = 0; d < s.length; d++) {
      DayRow row = rows.get(d);
      assertThat(row.day()).as("day %d", d).isEqualTo(day(d));
      assertThat(row.s()).as("S on day %d", d).isCloseTo(s[d], within(EPS));
      assertThat(row.signal()).as("signal on day %d", d).isEqualTo(signal[d]);
      assertThat(row.expected()).as("expected on day %d", d).isCloseTo(expected[d], within(EPS));
    }
  }

  @Test
  void aSignalRestartsTheSumFromZeroTheNextDay() {
    // python3 ref.py restart (NECK p0 0.077; days (10,3) (10,4) (10,3) (10,4) (10,1) (10,5)):
    // (1.30944154168, False, 0.77) (3.31203026392, False, 0.77) (4.621471805599, False, 0.77)
    // (6.624060527839, True, 0.77) (0.0, False, 0.77) (2.6957359028, False, 0.77)
    // Without the restart day 4 would be 6.547207708399 and signal again (python3 ref.py norestart).
    var counts = counts(NECK_PAIN, BRUISING, new long[][] {{10, 3}, {10, 4}, {10, 3}, {10, 4}, {10, 1}, {10, 5}});

    CusumPath path = PoissonCusum.evaluate(counts, PUBLISHED.of(BRUISING));

    assertPath(path, new double[] {1.30944154168, 3.31203026392, 4.621471805599, 6.624060527839, 0.0, 2.6957359028},
        new boolean[] {false, false, false, true, false, false}, new double[] {0.77, 0.77, 0.77, 0.77, 0.77, 0.77});
    assertThat(path.signalDays()).containsExactly(day(3));
    assertThat(path.signals()).singleElement().satisfies(r -> {
      assertThat(r.sessions()).isEqualTo(10);
      assertThat(r.events()).isEqualTo(4);
    });
  }

  @Test
  void daysWithoutSessionsAddNothingButHaveARow() {
    // python3 ref.py gaps (NECK p0 0.077; days (10,3), none, none, KNEE sessions only, (5,0)):
    // (1.30944154168, False, 0.77) (1.30944154168, False, 0) (1.30944154168, False, 0)
    // (1.30944154168, False, 0) (0.92444154168, False, 0.385)
    var counts = ScopeCounts.builder()
        .sessions(day(0), NECK_PAIN, 10).events(day(0), NECK_PAIN, BRUISING, 3)
        .sessions(day(4), NECK_PAIN, 5)
        .build();

    CusumPath path = PoissonCusum.evaluate(counts, PUBLISHED.of(BRUISING));

    assertPath(path, new double[] {1.30944154168, 1.30944154168, 1.30944154168, 1.30944154168, 0.92444154168},
        new boolean[5], new double[] {0.77, 0, 0, 0, 0.385});
    assertThat(path.days().get(2).sessions()).isZero();
    assertThat(path.signalDays()).isEmpty();
  }

  @Test
  void indicationsWithDifferentReferencesAreWeightedByTheirOwnRate() {
    // BRUISING with a neck-specific baseline (0.2, 3,000 sessions) besides the published ones: NECK_PAIN uses 0.2,
    // KNEE_PAIN and SHOULDER_PAIN Boyce 2020's 0.077. A knee-specific note without studySessions is not chosen.
    // python3 ref.py mixed (days {NECK (5,2), KNEE (4,1), SHOULDER (3,0)}, {NECK (6,4), KNEE (2,2)},
    // {NECK (4,3), SHOULDER (5,2)}, {KNEE (8,0)}):
    // (0.54044154168, False, 1.539) (3.34532462504, False, 1.354) (5.626060527839, False, 1.185)
    // (5.010060527839, False, 0.616)
    var baselines = new ArrayList<>(PublishedBaselines.load());
    baselines.add(baseline(BRUISING, "Neck study", 0.2, 3_000L, NECK_PAIN));
    baselines.add(baseline(BRUISING, "Knee note", 0.9, null, KNEE_PAIN));
    var references = ReferenceRates.of(baselines).of(BRUISING);
    var counts = ScopeCounts.builder()
        .sessions(day(0), NECK_PAIN, 5).events(day(0), NECK_PAIN, BRUISING, 2)
        .sessions(day(0), KNEE_PAIN, 4).events(day(0), KNEE_PAIN, BRUISING, 1)
        .sessions(day(0), SHOULDER_PAIN, 3)
        .sessions(day(1), NECK_PAIN, 6).events(day(1), NECK_PAIN, BRUISING, 4)
        .sessions(day(1), KNEE_PAIN, 2).events(day(1), KNEE_PAIN, BRUISING, 2)
        .sessions(day(2), NECK_PAIN, 4).events(day(2), NECK_PAIN, BRUISING, 3)
        .sessions(day(2), SHOULDER_PAIN, 5).events(day(2), SHOULDER_PAIN, BRUISING, 2)
        .sessions(day(3), KNEE_PAIN, 8)
        .build();

    CusumPath path = PoissonCusum.evaluate(counts, references);

    assertPath(path, new double[] {0.54044154168, 3.34532462504, 5.626060527839, 5.010060527839}, new boolean[4],
        new double[] {1.539, 1.354, 1.185, 0.616});
    assertThat(path.days()).extracting(DayRow::sessions).containsExactly(12L, 8L, 9L, 8L);
    assertThat(path.days()).extracting(DayRow::events).containsExactly(3L, 6L, 5L, 0L);
    assertThat(path.references().reference(NECK_PAIN).orElseThrow().source()).isEqualTo("Neck study");
    assertThat(path.references().reference(KNEE_PAIN).orElseThrow().source()).isEqualTo("Boyce 2020");
  }

  @Test
  void anIndicationWithoutAReferenceAddsNothing() {
    // VASOVAGAL has a baseline for NECK_PAIN only: knee events neither move S nor show in the day's counts.
    var baselines = new ArrayList<>(PublishedBaselines.load());
    baselines.add(baseline(VASOVAGAL, "Neck study", 0.01, 500L, NECK_PAIN));
    var counts = ScopeCounts.builder()
        .sessions(day(0), NECK_PAIN, 10).events(day(0), NECK_PAIN, VASOVAGAL, 1)
        .sessions(day(0), KNEE_PAIN, 10).events(day(0), KNEE_PAIN, VASOVAGAL, 9)
        .build();

    CusumPath path = PoissonCusum.evaluate(counts, ReferenceRates.of(baselines).of(VASOVAGAL));

    DayRow only = path.days().get(0);
    assertThat(only.s()).isCloseTo(Math.log(2) - 10 * 0.01, within(EPS));
    assertThat(only.sessions()).isEqualTo(10);
    assertThat(only.events()).isEqualTo(1);
    assertThat(only.signal()).isFalse();
  }

  @Test
  void aCategoryWithoutAnyBaselineHasAFlatPath() {
    // No baselines at all: ANY_MINOR is still monitored, every indication adds nothing, S stays 0 every day.
    var counts = ScopeCounts.builder()
        .sessions(day(0), NECK_PAIN, 3).events(day(0), NECK_PAIN, ANY_MINOR, 3)
        .sessions(day(2), KNEE_PAIN, 4).events(day(2), KNEE_PAIN, ANY_MINOR, 4)
        .build();

    CusumPath path = PoissonCusum.evaluate(counts, ReferenceRates.of(List.of()).of(ANY_MINOR));

    assertThat(path.days()).hasSize(3).allSatisfy(r -> {
      assertThat(r.s()).isZero();
      assertThat(r.signal()).isFalse();
      assertThat(r.expected()).isZero();
    });
    assertThat(path.references().references()).isEmpty();
  }

  @Test
  void aCorrectedPastDayMovesThePathFromThatDayOn() {
    // python3 ref.py before (NECK p0 0.077, 9 sessions a day; events 1 3 3 0 2 4 3 2):
    // (0.00014718056, False, 0.693) (1.38658872224, False, 0.693) (2.77303026392, False, 0.693)
    // (2.08003026392, False, 0.693) (2.77332462504, False, 0.693) (4.852913347279, False, 0.693)
    // (6.239354888959, True, 0.693) (0.69329436112, False, 0.693)
    // Then a session of day 2 with 2 of its events is corrected to day 7 (its occurredAt was wrong); python gives
    // (0.00014718056, False, 0.693) (1.38658872224, False, 0.693) (1.4637359028, False, 0.616)
    // (0.7707359028, False, 0.693) (1.46403026392, False, 0.693) (3.543618986159, False, 0.693)
    // (4.930060527839, False, 0.693) (6.932649250079, True, 0.77)
    long[][] before = {{9, 1}, {9, 3}, {9, 3}, {9, 0}, {9, 2}, {9, 4}, {9, 3}, {9, 2}};
    long[][] after = {{9, 1}, {9, 3}, {8, 1}, {9, 0}, {9, 2}, {9, 4}, {9, 3}, {10, 4}};

    CusumPath p1 = PoissonCusum.evaluate(counts(NECK_PAIN, BRUISING, before), PUBLISHED.of(BRUISING));
    CusumPath p2 = PoissonCusum.evaluate(counts(NECK_PAIN, BRUISING, after), PUBLISHED.of(BRUISING));

    assertPath(p1, new double[] {0.00014718056, 1.38658872224, 2.77303026392, 2.08003026392, 2.77332462504,
        4.852913347279, 6.239354888959, 0.69329436112}, new boolean[] {false, false, false, false, false, false, true,
        false}, new double[] {0.693, 0.693, 0.693, 0.693, 0.693, 0.693, 0.693, 0.693});
    assertPath(p2, new double[] {0.00014718056, 1.38658872224, 1.4637359028, 0.7707359028, 1.46403026392,
        3.543618986159, 4.930060527839, 6.932649250079}, new boolean[] {false, false, false, false, false, false, false,
        true}, new double[] {0.693, 0.693, 0.616, 0.693, 0.693, 0.693, 0.693, 0.77});
    assertThat(p2.days().subList(0, 2)).isEqualTo(p1.days().subList(0, 2));
    for (int d = 2; d < 8; d++) {
      assertThat(p2.days().get(d).s()).as("day %d", d).isNotCloseTo(p1.days().get(d).s(), within(1e-6));
    }
    assertThat(p1.signalDays()).containsExactly(day(6));
    assertThat(p2.signalDays()).containsExactly(day(7));
  }

  @Test
  void eventsWithoutExcessKeepSAtZero() {
    // At the reference rate of exactly one expected event a day, days of 0 events pin S at 0 (never negative).
    var counts = counts(NECK_PAIN, BRUISING, new long[][] {{13, 0}, {13, 0}, {13, 0}});

    assertThat(PoissonCusum.evaluate(counts, PUBLISHED.of(BRUISING)).days()).extracting(DayRow::s)
        .containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void anEmptyScopeHasNoPath() {
    CusumPath path = PoissonCusum.evaluate(ScopeCounts.empty(), PUBLISHED.of(BRUISING));

    assertThat(path.days()).isEmpty();
    assertThat(path.signalDays()).isEmpty();
    assertThat(path.firstDay()).isEmpty();
    assertThat(path.lastS()).isZero();
    assertThat(path.totals(day(0), 30).sessions()).isZero();
  }

  @Test
  void everyMonitoredCategoryIsEvaluatedFromOneScan() {
    var counts = ScopeCounts.builder()
        .sessions(day(0), NECK_PAIN, 10).events(day(0), NECK_PAIN, BRUISING, 3).events(day(0), NECK_PAIN, ANY_MINOR, 7)
        .build();

    List<CusumPath> paths = PoissonCusum.evaluateAll(counts, PUBLISHED);

    assertThat(paths).extracting(CusumPath::category).containsExactlyElementsOf(PUBLISHED.categories());
    assertThat(paths.get(PUBLISHED.categories().indexOf(ANY_MINOR)).days().get(0).s())
        .isCloseTo(7 * Math.log(2) - 10 * 0.368, within(EPS));
  }

  @Test
  void theThirtyDaysEndingOnASignalDayAreTotalled() {
    var b = ScopeCounts.builder();
    for (int d = 0; d < 40; d++) {
      b.sessions(day(d), NECK_PAIN, 10).events(day(d), NECK_PAIN, BRUISING, d % 3);
    }
    CusumPath path = PoissonCusum.evaluate(b.build(), PUBLISHED.of(BRUISING));

    CusumPath.Totals t = path.totals(day(39), 30);

    assertThat(t.from()).isEqualTo(day(10));
    assertThat(t.sessions()).isEqualTo(300);
    assertThat(t.events()).isEqualTo(30); // days 10-39: d % 3 sums to 10 * (0 + 1 + 2)
    assertThat(t.expected()).isCloseTo(300 * 0.077, within(EPS));
    // A window reaching before the first day counts only the path's days.
    assertThat(path.totals(day(4), 30).sessions()).isEqualTo(50);
    assertThat(path.days(day(38), day(45))).extracting(DayRow::day).containsExactly(day(38), day(39));
    assertThat(path.days(day(-10), day(-1))).isEmpty();
    assertThat(path.days(LocalDate.MIN, LocalDate.MAX)).hasSize(40);
  }
}
