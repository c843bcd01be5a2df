package org.dnregistry.streams.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * An observed complication rate, events per session, with its exact 95% Poisson confidence interval.
 *
 * <p>Events are modelled as a Poisson count rather than a binomial proportion because one session can
 * have several adverse events (bruising and pain after the same treatment), so {@code events} may exceed
 * {@code sessions}.
 *
 * @param sessions number of sessions n
 * @param events   number of adverse events x attached to those sessions
 * @param rate     x / n, or null when n = 0 (no denominator, not a zero rate)
 * @param ciLow    lower bound of the 95% Garwood interval, or null when n = 0
 * @param ciHigh   upper bound of the 95% Garwood interval, or null when n = 0
 */
public record RateEstimate(long sessions, long events, Double rate, Double ciLow, Double ciHigh) {

    /** Two-sided 95% interval, lower tail probability (REFERENCE section 4). */
    static final double LOWER_TAIL = 0.025;
    /** Two-sided 95% interval, upper cumulative probability (REFERENCE section 4). */
    static final double UPPER_CUMULATIVE = 0.975;

    public RateEstimate {
        Checks.nonNegative(sessions, "sessions");
        Checks.nonNegative(events, "events");
    }

    /**
     * Rate and exact (Garwood 1936) 95% interval:
     * {@code [chi2inv(0.025, 2x) / 2n, chi2inv(0.975, 2x + 2) / 2n]}, lower bound exactly 0 when x = 0
     * (REFERENCE section 4). The exact interval is used because complication counts are often tiny,
     * where normal approximations give negative or far too narrow bounds.
     *
     * @param events   adverse events x, at least 0 (may exceed sessions)
     * @param sessions sessions n, at least 0
     */
    public static RateEstimate of(long events, long sessions) {
        Checks.nonNegative(events, "events");
        Checks.nonNegative(sessions, "sessions");
        if (sessions == 0) {
            return new RateEstimate(0, events, null, null, null);
        }
        double twoN = 2.0 * sessions;
        // Chi-squared with 0 degrees of freedom is the point mass at 0, which Commons does not model.
        double low = events == 0
                ? 0.0
                : ChiSquaredDistribution.of(2.0 * events).inverseCumulativeProbability(LOWER_TAIL) / twoN;
        double high = ChiSquaredDistribution.of(2.0 * events + 2.0)
                .inverseCumulativeProbability(UPPER_CUMULATIVE) / twoN;
        return new RateEstimate(sessions, events, (double) events / sessions, low, high);
    }
}
