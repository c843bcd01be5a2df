package org.dnregistry.streams.oracle;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The oracle's statistics, written out from their textbook definitions on top of Commons Statistics
 * distributions only, so they share no code with the pipeline's statistics package.
 */
final class OracleStats {
  /** Standard normal 97.5% quantile, for two-sided 95% intervals. */
  static final double Z_975 = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

  private OracleStats() {}

  /** Garwood exact Poisson 95% lower bound of the rate x/n: chi2inv(0.025, 2x) / 2n, 0 when x = 0. */
  static double garwoodLow(long x, long n) {
    if (x == 0) {
      return 0.0;
    }
    return ChiSquaredDistribution.of(2.0 * x).inverseCumulativeProbability(0.025) / (2.0 * n);
  }

  /** Garwood exact Poisson 95% upper bound of the rate x/n: chi2inv(0.975, 2x + 2) / 2n. */
  static double garwoodHigh(long x, long n) {
    return ChiSquaredDistribution.of(2.0 * x + 2).inverseCumulativeProbability(0.975) / (2.0 * n);
  }

  /** P(X >= x) for X ~ Poisson(mu); Poisson(0) is the point mass at 0. */
  static double poissonAtLeast(long x, double mu) {
    if (x <= 0) {
      return 1.0;
    }
    if (mu == 0.0) {
      return 0.0;
    }
    // survivalProbability(k) is P(X > k).
    return PoissonDistribution.of(mu).survivalProbability(Math.toIntExact(x - 1));
  }

  /** P(X <= x) for X ~ Poisson(mu); Poisson(0) is the point mass at 0. */
  static double poissonAtMost(long x, double mu) {
    if (mu == 0.0) {
      return 1.0;
    }
    return PoissonDistribution.of(mu).cumulativeProbability(Math.toIntExact(x));
  }

  /** Student t 97.5% quantile with df degrees of freedom. */
  static double t975(long df) {
    return TDistribution.of(df).inverseCumulativeProbability(0.975);
  }

  /** Wilson score 95% interval of a proportion x/n (n > 0), {low, high}. */
  static double[] wilson(long x, long n) {
    double p = (double) x / n;
    double z2 = Z_975 * Z_975;
    double denominator = 1.0 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z_975 / denominator * Math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    return new double[] {centre - half, centre + half};
  }

  /** Arithmetic mean, first pass of the two-pass algorithm. */
  static double mean(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Sample standard deviation (n - 1 denominator), second pass around the mean; needs n >= 2. */
  static double sampleSd(double[] values, double mean) {
    double squares = 0.0;
    for (double v : values) {
      double d = v - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / (values.length - 1));
  }
}
