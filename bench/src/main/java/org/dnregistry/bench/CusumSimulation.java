package org.dnregistry.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.stats.RateEstimate;
import org.dnregistry.streams.surveillance.DesignSimulation;
import org.dnregistry.streams.surveillance.DesignSimulation.Delays;
import org.dnregistry.streams.surveillance.DesignSimulation.Elevation;
import org.dnregistry.streams.surveillance.DesignSimulation.FalseSignals;
import org.dnregistry.streams.surveillance.PoissonCusum;
import org.dnregistry.streams.surveillance.ReferenceRates;
import org.dnregistry.streams.surveillance.ScopeCounts;
import org.dnregistry.topics.PublishedBaselines;

/**
 * Checks the surveillance design figures of REFERENCE section 4 by simulation, with the production CUSUM and the
 * published baselines' reference choice (model: {@link DesignSimulation}), and prints the table of
 * docs/SURVEILLANCE.md: false signals per clinic-year of in-control clinics at 2, 9 and 40 sessions a day, and the
 * days to detect a doubled or tripled rate (BRUISING alone, every minor event). Ends with the time one evaluation
 * takes. Deterministic for a seed.
 *
 * <p>Usage: {@code CusumSimulation [clinic-years per volume, default 2000] [runs per delay row, default 2000]
 * [seed, default 20250301] [sessions a day, default 2,9,40]}.
 */
public final class CusumSimulation {
  private static final String DEFAULT_VOLUMES = "2,9,40";
  private static final int YEARS_PER_CLINIC = 5;
  private static final int ONSET_DAY = 180;
  private static final int HORIZON_DAYS = 730;

  private CusumSimulation() {}

  public static void main(String[] args) {
    int clinicYears = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20250301L;
    double[] volumes = Arrays.stream((args.length > 3 ? args[3] : DEFAULT_VOLUMES).split(","))
        .mapToDouble(Double::parseDouble).toArray();
    int clinics = Math.max(1, clinicYears / YEARS_PER_CLINIC);
    Instant start = Instant.now();

    ReferenceRates rates = ReferenceRates.of(PublishedBaselines.load());
    var simulation = new DesignSimulation(rates);
    System.out.printf(Locale.ROOT, "CusumSimulation: seed %d, R = %s, h = %s, Java %s, %d cores%n", seed,
        PoissonCusum.R, PoissonCusum.H, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println("References (published baselines, the largest study applicable):");
    for (ComplicationCategory c : rates.categories()) {
      var r = rates.of(c).reference(Indication.NECK_PAIN).orElseThrow();
      System.out.printf(Locale.ROOT, "  %-20s %-11s p0 = %s per session (every indication)%n", c, r.source(), r.p0());
    }
    System.out.printf(Locale.ROOT, "  other minor events (no baseline) at %.4f per session, so ANY_MINOR is in control"
        + " at %.4f%n", simulation.anyMinorRate()[0] - sumOfCategories(rates), simulation.anyMinorRate()[0]);
    System.out.println("Sessions: Poisson per calendar day with the given mean, indication mix "
        + DesignSimulation.INDICATION_MIX);

    System.out.printf(Locale.ROOT, "%nFalse signals per clinic-year, in-control clinics (%d clinics x %d years per row,"
        + " from S = 0)%n", clinics, YEARS_PER_CLINIC);
    var categories = rates.categories();
    var header = new StringBuilder(String.format(Locale.ROOT, "| %-12s | %-12s | %-22s |", "sessions/day",
        "clinic-years", "all monitored (95% CI)"));
    for (ComplicationCategory c : categories) {
      header.append(' ').append(shortName(c)).append(" |");
    }
    System.out.println(header);
    System.out.println(header.toString().replaceAll("[^|]", "-"));
    long seeds = seed;
    for (double volume : volumes) {
      FalseSignals f = simulation.falseSignals(volume, clinics, YEARS_PER_CLINIC, ++seeds);
      RateEstimate ci = RateEstimate.of(f.total(), f.clinicYears());
      var row = new StringBuilder(String.format(Locale.ROOT, "| %-12s | %,12d | %-22s |", fmt(volume),
          f.clinicYears(), String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", f.perClinicYear(), ci.ciLow(),
              ci.ciHigh())));
      for (ComplicationCategory c : categories) {
        row.append(String.format(Locale.ROOT, " %" + shortName(c).length() + ".3f |", f.perClinicYear(c)));
      }
      System.out.println(row);
    }

    System.out.printf(Locale.ROOT, "%nDays to the first signal after a rate rises on day %d (the onset day counts as"
        + " day 1), %d runs per row, followed up to %d days%n", ONSET_DAY, runs, HORIZON_DAYS);
    System.out.println("| rate raised | sessions/day | target | median | 90th pct | not within " + HORIZON_DAYS
        + " d | any category: median | 90th pct |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    List<Elevation> elevations = List.of(new Elevation(true, 2, ONSET_DAY), new Elevation(true, 3, ONSET_DAY),
        new Elevation(false, 2, ONSET_DAY), new Elevation(false, 3, ONSET_DAY));
    for (Elevation e : elevations) {
      for (double volume : volumes) {
        Delays d = simulation.delays(volume, e, runs, HORIZON_DAYS, ++seeds);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s | %s |%n", e.describe(), fmt(volume),
            e.bruisingOnly() ? "BRUISING" : "ANY_MINOR", days(d.targetQuantile(0.5)), days(d.targetQuantile(0.9)),
            d.undetected(), days(d.anyQuantile(0.5)), days(d.anyQuantile(0.9)));
      }
    }

    speed(rates);
    System.out.printf(Locale.ROOT, "%nTotal time %.1f s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }

  /** One scope of three years of fourteen indications at 40 sessions a day: the time of one path, per category. */
  private static void speed(ReferenceRates rates) {
    var simulation = new DesignSimulation(rates);
    ScopeCounts counts = simulation.clinic(40, Elevation.NONE, 3 * 365, new SplittableRandom(7));
    int categories = rates.categories().size();
    long sink = 0;
    for (int i = 0; i < 3_000; i++) { // warm-up: let the JIT compile the loop before anything is timed
      sink += PoissonCusum.evaluateAll(counts, rates).size();
    }
    var perCategory = new ArrayList<Double>();
    for (int round = 0; round < 5; round++) {
      int repeats = 1_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < repeats; i++) {
        sink += PoissonCusum.evaluateAll(counts, rates).get(0).signalCount();
      }
      perCategory.add((System.nanoTime() - t0) / 1_000.0 / repeats / categories);
    }
    double[] sorted = perCategory.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%nEvaluation: %d days x %d indications, %d categories: %.1f us per category"
        + " (median of 5 rounds of 1,000; min %.1f, max %.1f) [sink %d]%n", counts.days(), Indication.values().length,
        categories, sorted[2], sorted[0], sorted[4], sink % 10);
  }

  private static double sumOfCategories(ReferenceRates rates) {
    return rates.categories().stream()
        .filter(c -> c != ComplicationCategory.ANY_MINOR && c != ComplicationCategory.SERIOUS)
        .mapToDouble(c -> rates.of(c).reference(Indication.NECK_PAIN).orElseThrow().p0()).sum();
  }

  private static String shortName(ComplicationCategory c) {
    return switch (c) {
      case SYMPTOM_AGGRAVATION -> "SYMPT_AGGR";
      default -> c.name();
    };
  }

  private static String days(int d) {
    return d == Integer.MAX_VALUE ? "> " + HORIZON_DAYS : Integer.toString(d);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
