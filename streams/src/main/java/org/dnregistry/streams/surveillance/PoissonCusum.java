package org.dnregistry.streams.surveillance;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-sided Poisson CUSUM of REFERENCE section 4 for one scope and one monitored category.
 *
 * <p>Day {@code d} adds {@code W_d = sum over indications i of (x[d,i] ln R - n[d,i] p0[i] (R - 1))}: the log
 * likelihood ratio of the day's events under rates {@code R p0[i]} against {@code p0[i]}, Poisson in each
 * indication (Lucas 1985; the per-indication {@code p0} is the risk adjustment of Steiner et al. 2000). An
 * indication without a reference adds nothing. {@code S_d = max(0, S_(d-1) + W_d)} over every calendar day from
 * the scope's first through its latest counted session day (a day without sessions adds 0), starting from 0; when
 * {@code S_d >= h} day {@code d} is a signal and the next day starts again from 0.
 *
 * <p>The whole path is recomputed from the first day each time: it is a few multiply-adds per day and indication
 * (three years of fourteen indications take microseconds), and recomputing is what makes a corrected past day move
 * the path exactly from that day on.
 */
public final class PoissonCusum {
  /** The rate ratio the chart is tuned to detect: a doubling. */
  public static final double R = 2.0;
  /** The decision threshold on S. */
  public static final double H = 6.0;

  private static final double LN_R = Math.log(R);
  private static final int INDICATIONS = ScopeCounts.INDICATIONS;

  private PoissonCusum() {}

  /** The path of {@code references.category()} in a scope. */
  public static CusumPath evaluate(ScopeCounts counts, CategoryReferences references) {
    int days = counts.days();
    int[] covered = references.coveredOrdinals();
    double[] p0 = references.coveredP0();
    long[] n = counts.sessionsArray();
    long[] x = counts.eventsArray(references.category());

    long[] sessions = new long[days];
    long[] events = new long[days];
    double[] expected = new double[days];
    double[] s = new double[days];
    boolean[] signal = new boolean[days];
    var signals = new ArrayList<Integer>();

    double previous = 0;
    for (int d = 0; d < days; d++) {
      int row = d * INDICATIONS;
      long nd = 0;
      long xd = 0;
      double mu = 0;
      double w = 0;
      for (int k = 0; k < covered.length; k++) {
        int slot = row + covered[k];
        long ni = n[slot];
        long xi = x == null ? 0 : x[slot];
        double mui = ni * p0[k];
        nd += ni;
        xd += xi;
        mu += mui;
        w += xi * LN_R - mui * (R - 1);
      }
      double sd = Math.max(0, previous + w);
      sessions[d] = nd;
      events[d] = xd;
      expected[d] = mu;
      s[d] = sd;
      if (sd >= H) {
        signal[d] = true;
        signals.add(d);
        previous = 0;
      } else {
        previous = sd;
      }
    }
    return new CusumPath(references, counts.firstDay().orElse(null), sessions, events, expected, s, signal,
        signals.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The paths of every monitored category of a scope, in the order of {@link ReferenceRates#categories()}. */
  public static List<CusumPath> evaluateAll(ScopeCounts counts, ReferenceRates rates) {
    var paths = new ArrayList<CusumPath>();
    for (var category : rates.categories()) {
      paths.add(evaluate(counts, rates.of(category)));
    }
    return List.copyOf(paths);
  }
}
