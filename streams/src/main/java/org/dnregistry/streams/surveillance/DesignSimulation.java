package org.dnregistry.streams.surveillance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;

/**
 * Synthetic clinics for checking the design figures of REFERENCE section 4 (false signals per clinic-year at the
 * reference rates, days to detect a raised rate) with the production {@link PoissonCusum} and
 * {@link ReferenceRates}. Deterministic for a seed. Used by the bench program {@code CusumSimulation}, which prints
 * the table of docs/SURVEILLANCE.md, and by a unit test that checks the figures lie in a wide band.
 *
 * <p>The model, and why:
 * <ul>
 *   <li>Sessions on each calendar day are Poisson with the clinic's mean, split over indications by
 *       {@link #INDICATION_MIX}: a day without sessions happens (13% of days at 2 a day), as in a real clinic.</li>
 *   <li>Every monitored adverse-event category has its own independent Poisson stream at its reference rate
 *       (per session of each indication), so every monitored category is exactly in control at once. ANY_MINOR
 *       counts those streams plus a stream of other minor events (categories without a baseline) at the rate that
 *       tops ANY_MINOR up to its own reference: with the published baselines 0.368 - 0.3324 = 0.0356 per session.
 *       SERIOUS events are a separate stream (sentinel categories, which count in no other monitored category).</li>
 *   <li>An elevated clinic multiplies the rates of the chosen streams from its onset day on: BRUISING alone, or
 *       every minor stream (then ANY_MINOR is multiplied too).</li>
 * </ul>
 * Events of a stream on a day are drawn as one Poisson total over the indications and then given to indications
 * in proportion to their expected counts, which has the same distribution as one draw per indication and costs
 * one draw per stream and day.
 */
public final class DesignSimulation {
  /**
   * A plausible case mix for an outpatient dry-needling clinic (an assumption, not a published figure; neck, low
   * back and shoulder pain dominate). With the published baselines every indication has the same reference, so
   * the mix changes nothing in the figures; it makes the simulation exercise the risk-adjusted path.
   */
  public static final Map<Indication, Double> INDICATION_MIX = mix();

  private static final Indication[] INDICATIONS = Indication.values();
  private static final int I = INDICATIONS.length;
  private static final LocalDate START = LocalDate.of(2024, 1, 1);

  private final ReferenceRates rates;
  private final double[] shares = new double[I];
  private final List<Stream> streams = new ArrayList<>();

  /** One Poisson source of events and the categories each of its events counts in. */
  private record Stream(String name, double[] rate, List<ComplicationCategory> countsIn, boolean minor) {}

  /**
   * A raised rate from {@code onsetDay} (0 = the first simulated day) on.
   *
   * @param bruisingOnly true: BRUISING alone; false: every minor event
   * @param factor       the rate ratio, e.g. 2 for a doubling
   */
  public record Elevation(boolean bruisingOnly, double factor, int onsetDay) {
    public static final Elevation NONE = new Elevation(true, 1, Integer.MAX_VALUE);

    public String describe() {
      return factor == 1 ? "in control" : (bruisingOnly ? "BRUISING" : "all minor") + " x" + fmt(factor);
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }

  /** False signals over clinic-years of in-control clinics. */
  public record FalseSignals(double sessionsPerDay, int clinics, int years, long sessions,
      Map<ComplicationCategory, Long> signalsByCategory) {
    public long total() {
      return signalsByCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    public long clinicYears() {
      return (long) clinics * years;
    }

    public double perClinicYear() {
      return total() / (double) clinicYears();
    }

    public double perClinicYear(ComplicationCategory category) {
      return signalsByCategory.getOrDefault(category, 0L) / (double) clinicYears();
    }
  }

  /**
   * Days from onset to the first signal on or after the onset day, the onset day counted as day 1 (a signal on the
   * onset day took 1 day). {@code Integer.MAX_VALUE} marks a run without a signal within the horizon.
   *
   * @param target first signal of the elevated category (BRUISING, or ANY_MINOR for all minor events)
   * @param any    first signal of any monitored category (what a quality team sees first)
   */
  public record Delays(double sessionsPerDay, Elevation elevation, int horizonDays, int[] target, int[] any) {
    public int runs() {
      return target.length;
    }

    public int undetected() {
      return (int) Arrays.stream(target).filter(d -> d == Integer.MAX_VALUE).count();
    }

    /** The nearest-rank quantile of the target delays; MAX_VALUE when it lies beyond the horizon. */
    public int targetQuantile(double p) {
      return quantile(target, p);
    }

    public int anyQuantile(double p) {
      return quantile(any, p);
    }

    private static int quantile(int[] delays, double p) {
      int[] sorted = delays.clone();
      Arrays.sort(sorted);
      return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
  }

  public DesignSimulation(ReferenceRates rates) {
    this.rates = Objects.requireNonNull(rates, "rates");
    INDICATION_MIX.forEach((indication, share) -> shares[indication.ordinal()] = share);
    double[] anyMinor = p0(ComplicationCategory.ANY_MINOR);
    double[] minorSum = new double[I];
    for (ComplicationCategory c : rates.categories()) {
      if (c == ComplicationCategory.ANY_MINOR || c == ComplicationCategory.SERIOUS) {
        continue;
      }
      double[] rate = p0(c);
      for (int i = 0; i < I; i++) {
        minorSum[i] += rate[i];
      }
      streams.add(new Stream(c.name(), rate, List.of(c, ComplicationCategory.ANY_MINOR), true));
    }
    double[] other = new double[I];
    for (int i = 0; i < I; i++) {
      // When the categories' references add up to more than ANY_MINOR's, ANY_MINOR runs above its own reference:
      // the references disagree, and no stream of other events can fix that.
      other[i] = Math.max(0, anyMinor[i] - minorSum[i]);
    }
    streams.add(new Stream("other minor", other, List.of(ComplicationCategory.ANY_MINOR), true));
    streams.add(new Stream("serious", p0(ComplicationCategory.SERIOUS), List.of(ComplicationCategory.SERIOUS),
        false));
  }

  /** The rate of ANY_MINOR events (per session of each indication) the simulation runs at in control. */
  public double[] anyMinorRate() {
    double[] sum = new double[I];
    for (Stream s : streams) {
      if (s.minor()) {
        for (int i = 0; i < I; i++) {
          sum[i] += s.rate()[i];
        }
      }
    }
    return sum;
  }

  /** The counts of one clinic over {@code days} calendar days. */
  public ScopeCounts clinic(double sessionsPerDay, Elevation elevation, int days, SplittableRandom random) {
    var builder = ScopeCounts.builder();
    addDays(builder, sessionsPerDay, elevation, 0, days, random);
    return builder.build();
  }

  /** {@code clinics} in-control clinics, each followed for {@code years} years of 365 days from S = 0. */
  public FalseSignals falseSignals(double sessionsPerDay, int clinics, int years, long seed) {
    var random = new SplittableRandom(seed);
    var signals = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
    rates.categories().forEach(c -> signals.put(c, 0L));
    long sessions = 0;
    for (int k = 0; k < clinics; k++) {
      var builder = ScopeCounts.builder();
      sessions += addDays(builder, sessionsPerDay, Elevation.NONE, 0, years * 365, random);
      for (CusumPath path : PoissonCusum.evaluateAll(builder.build(), rates)) {
        signals.merge(path.category(), (long) path.signalCount(), Long::sum);
      }
    }
    return new FalseSignals(sessionsPerDay, clinics, years, sessions, signals);
  }

  /**
   * {@code runs} clinics in control for {@code elevation.onsetDay()} days, then elevated for up to
   * {@code horizonDays}: the days to the first signal. Simulated in steps of 60 days, stopping at the target's
   * first signal, since the path up to a day depends on nothing after it.
   */
  public Delays delays(double sessionsPerDay, Elevation elevation, int runs, int horizonDays, long seed) {
    if (elevation.factor() == 1) {
      throw new IllegalArgumentException("an elevation is needed to measure a delay");
    }
    var target = elevation.bruisingOnly() ? ComplicationCategory.BRUISING : ComplicationCategory.ANY_MINOR;
    var random = new SplittableRandom(seed);
    int onset = elevation.onsetDay();
    LocalDate onsetDay = START.plusDays(onset);
    int[] targetDelay = new int[runs];
    int[] anyDelay = new int[runs];
    for (int r = 0; r < runs; r++) {
      var builder = ScopeCounts.builder();
      addDays(builder, sessionsPerDay, elevation, 0, onset, random);
      int simulated = onset;
      targetDelay[r] = Integer.MAX_VALUE;
      anyDelay[r] = Integer.MAX_VALUE;
      while (simulated < onset + horizonDays && targetDelay[r] == Integer.MAX_VALUE) {
        int step = Math.min(60, onset + horizonDays - simulated);
        addDays(builder, sessionsPerDay, elevation, simulated, step, random);
        simulated += step;
        ScopeCounts counts = builder.build();
        for (CusumPath path : PoissonCusum.evaluateAll(counts, rates)) {
          int first = firstSignalFrom(path, onsetDay);
          anyDelay[r] = Math.min(anyDelay[r], first);
          if (path.category() == target) {
            targetDelay[r] = first;
          }
        }
      }
    }
    return new Delays(sessionsPerDay, elevation, horizonDays, targetDelay, anyDelay);
  }

  private static int firstSignalFrom(CusumPath path, LocalDate onsetDay) {
    for (LocalDate day : path.signalDays()) {
      if (!day.isBefore(onsetDay)) {
        return (int) (day.toEpochDay() - onsetDay.toEpochDay()) + 1;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Adds {@code days} simulated days from day {@code from} on; returns the number of sessions added. */
  private long addDays(ScopeCounts.Builder builder, double sessionsPerDay, Elevation elevation, int from, int days,
      SplittableRandom random) {
    long sessions = 0;
    long[] n = new long[I];
    double[] mu = new double[I];
    for (int d = from; d < from + days; d++) {
      LocalDate day = START.plusDays(d);
      for (int i = 0; i < I; i++) {
        n[i] = shares[i] == 0 ? 0 : Poisson.draw(random, sessionsPerDay * shares[i]);
        builder.sessions(day, INDICATIONS[i], n[i]);
        sessions += n[i];
      }
      boolean elevated = d >= elevation.onsetDay();
      for (Stream s : streams) {
        double factor = elevated && affects(elevation, s) ? elevation.factor() : 1;
        double total = 0;
        for (int i = 0; i < I; i++) {
          mu[i] = n[i] * s.rate()[i] * factor;
          total += mu[i];
        }
        long events = Poisson.draw(random, total);
        for (long e = 0; e < events; e++) {
          Indication indication = INDICATIONS[pick(mu, total, random)];
          for (ComplicationCategory c : s.countsIn()) {
            builder.events(day, indication, c, 1);
          }
        }
      }
    }
    return sessions;
  }

  private static boolean affects(Elevation elevation, Stream s) {
    return elevation.bruisingOnly() ? s.name().equals(ComplicationCategory.BRUISING.name()) : s.minor();
  }

  private static int pick(double[] weights, double total, SplittableRandom random) {
    double u = random.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last; // rounding left u a hair above 0: the last indication with weight
  }

  private double[] p0(ComplicationCategory category) {
    double[] rate = new double[I];
    if (rates.isMonitored(category)) {
      for (Reference r : rates.of(category).references()) {
        rate[r.indication().ordinal()] = r.p0();
      }
    }
    return rate;
  }

  private static Map<Indication, Double> mix() {
    var mix = new EnumMap<Indication, Double>(Indication.class);
    mix.put(Indication.NECK_PAIN, 0.20);
    mix.put(Indication.CHRONIC_LOW_BACK_PAIN, 0.16);
    mix.put(Indication.SHOULDER_PAIN, 0.14);
    mix.put(Indication.UPPER_BACK_MYOFASCIAL_PAIN, 0.10);
    mix.put(Indication.ACUTE_LOW_BACK_PAIN, 0.06);
    mix.put(Indication.KNEE_PAIN, 0.06);
    mix.put(Indication.HIP_PAIN, 0.05);
    mix.put(Indication.HEADACHE, 0.05);
    mix.put(Indication.LATERAL_EPICONDYLALGIA, 0.04);
    mix.put(Indication.PLANTAR_FASCIITIS, 0.04);
    mix.put(Indication.OTHER, 0.04);
    mix.put(Indication.OSTEOARTHRITIS, 0.02);
    mix.put(Indication.PATELLOFEMORAL_PAIN, 0.02);
    mix.put(Indication.TMJ_PAIN, 0.02);
    return java.util.Collections.unmodifiableMap(mix);
  }

  /** Seeded Poisson draws by inversion; means above 30 are split into parts (a sum of Poissons is Poisson). */
  static final class Poisson {
    private static final double PART = 30;

    private Poisson() {}

    static long draw(SplittableRandom random, double mean) {
      if (!(mean >= 0) || Double.isInfinite(mean)) {
        throw new IllegalArgumentException("a Poisson mean must be finite and >= 0, was " + mean);
      }
      long k = 0;
      while (mean > PART) {
        k += small(random, PART);
        mean -= PART;
      }
      return k + small(random, mean);
    }

    private static long small(SplittableRandom random, double mean) {
      if (mean == 0) {
        return 0;
      }
      double p = Math.exp(-mean);
      double cdf = p;
      double u = random.nextDouble();
      long x = 0;
      // Rounding may leave cdf a hair below u near 1: stop far in the tail (beyond 20 standard deviations).
      double stop = mean + 20 * Math.sqrt(mean) + 40;
      while (u > cdf && x < stop) {
        x++;
        p *= mean / x;
        cdf += p;
      }
      return x;
    }
  }
}
