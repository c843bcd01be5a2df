package org.dnregistry.streams.stats;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.statistics.distribution.PoissonDistribution;

/**
 * Funnel-plot control limits for a clinic's complication rate at a given number of sessions, when its true
 * rate is the baseline: the range its observed rate (events / sessions) falls in with probability 95% and
 * 99.8%.
 *
 * <p>Limits are exact Poisson quantiles, interpolated as in Spiegelhalter DJ, "Funnel plots for comparing
 * institutional performance", Stat Med 2005;24:1185-1202, appendix A.1.1, so that the plotted limits are
 * smooth in n instead of stepping with the discrete quantile: for tail probability p and mean
 * {@code mu = n * p0}, {@code r_p} is the smallest r with {@code P(X <= r) >= p},
 * {@code alpha = (P(X <= r_p) - p) / (P(X <= r_p) - P(X <= r_p - 1))} and the limit is
 * {@code (r_p - alpha) / n}.
 *
 * <p>Every limit is floored at 0, upper ones included: when n * p0 is tiny the interpolated upper limit is
 * negative too.
 *
 * @param sessions     sessions n at which the limits apply
 * @param expectedRate the baseline rate p0, events per session
 * @param lower95      lower 95% limit (p = 0.025), events per session
 * @param upper95      upper 95% limit (p = 0.975)
 * @param lower998     lower 99.8% limit (p = 0.001)
 * @param upper998     upper 99.8% limit (p = 0.999)
 */
public record FunnelLimits(long sessions, double expectedRate, double lower95, double upper95, double lower998,
                           double upper998) {

    /**
     * Tail probabilities of the limits: 95% and 99.8% two-sided, the pair Spiegelhalter 2005 recommends
     * (about 2 and 3 standard deviations) and REFERENCE section 6 publishes.
     */
    static final double TAIL_95 = 0.025;
    static final double TAIL_998 = 0.001;

    public FunnelLimits {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be >= 1, was " + sessions);
        }
    }

    /**
     * Limits around {@code baselineRate} at n sessions.
     *
     * @param baselineRate the baseline p0, events per session, finite and at least 0
     * @param sessions     n, at least 1 (a funnel has no point at zero sessions)
     */
    public static FunnelLimits around(double baselineRate, long sessions) {
        Checks.finiteNonNegative(baselineRate, "baselineRate");
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be >= 1, was " + sessions);
        }
        // Poisson(0) is the point mass at 0: every quantile is 0 (and Commons rejects mean 0).
        if (baselineRate == 0) {
            return new FunnelLimits(sessions, 0, 0, 0, 0, 0);
        }
        PoissonDistribution poisson = PoissonDistribution.of(sessions * baselineRate);
        double n = sessions;
        return new FunnelLimits(sessions, baselineRate,
                floor(lowerCount(poisson, TAIL_95) / n), floor(upperCount(poisson, TAIL_95) / n),
                floor(lowerCount(poisson, TAIL_998) / n), floor(upperCount(poisson, TAIL_998) / n));
    }

    /**
     * Limits at up to {@code points} session counts spread logarithmically over 1..maxSessions, both ends
     * included, for drawing the funnel. Log spacing puts the points where the funnel bends (small n);
     * rounded session counts that coincide are dropped, so fewer points may come back at small maxSessions.
     *
     * @param baselineRate the baseline p0, events per session
     * @param maxSessions  the largest session count, at least 1
     * @param points       how many session counts to aim for, at least 1 (1 gives maxSessions only)
     */
    public static List<FunnelLimits> curve(double baselineRate, long maxSessions, int points) {
        Checks.finiteNonNegative(baselineRate, "baselineRate");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1, was " + maxSessions);
        }
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, was " + points);
        }
        List<FunnelLimits> curve = new ArrayList<>(points);
        if (points == 1) {
            curve.add(around(baselineRate, maxSessions));
            return curve;
        }
        double logMax = Math.log(maxSessions);
        long previous = 0;
        for (int i = 0; i < points; i++) {
            long n = i == points - 1 ? maxSessions : Math.round(Math.exp(logMax * i / (points - 1)));
            n = Math.min(Math.max(n, 1), maxSessions);
            if (n > previous) {
                curve.add(around(baselineRate, n));
                previous = n;
            }
        }
        return curve;
    }

    /**
     * Rates cannot be negative. The interpolation gives {@code r_p - alpha} in (-1, 0] whenever r_p = 0, which
     * happens for lower limits at small n and, when n * p0 is tiny (PNEUMOTHORAX at 1e-4 per session), for
     * upper limits too; a negative upper limit would put a clinic with no events above its funnel.
     */
    private static double floor(double limit) {
        return Math.max(0.0, limit);
    }

    /** {@code r_p - alpha} for the lower limit, p = tail: r_p the smallest r with P(X <= r) >= tail. */
    static double lowerCount(PoissonDistribution poisson, double tail) {
        int r = poisson.inverseCumulativeProbability(tail);
        // Guard the definition against any off-by-one in the library's search.
        while (r > 0 && poisson.cumulativeProbability(r - 1) >= tail) {
            r--;
        }
        while (poisson.cumulativeProbability(r) < tail) {
            r++;
        }
        // P(X <= r) - P(X <= r - 1) is the mass at r; the pmf avoids a subtraction of two cdfs.
        double alpha = (poisson.cumulativeProbability(r) - tail) / poisson.probability(r);
        return r - alpha;
    }

    /**
     * {@code r_p - alpha} for the upper limit, p = 1 - tail. Written with upper tails, P(X <= r) - p =
     * tail - P(X > r) and P(X <= r) >= p iff P(X > r) <= tail, so nothing is computed as a difference of
     * numbers close to 1, and p is exactly 1 - tail rather than its rounded double.
     */
    static double upperCount(PoissonDistribution poisson, double tail) {
        int r = poisson.inverseSurvivalProbability(tail);
        while (r > 0 && poisson.survivalProbability(r - 1) <= tail) {
            r--;
        }
        while (poisson.survivalProbability(r) > tail) {
            r++;
        }
        double alpha = (tail - poisson.survivalProbability(r)) / poisson.probability(r);
        return r - alpha;
    }
}
