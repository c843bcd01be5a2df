package org.dnregistry.streams.stats;

import java.util.Objects;

import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.dnregistry.avro.BaselineStatus;

/**
 * An observed complication count compared with one published baseline range {@code [low, high]} of events
 * per session.
 *
 * <p>The two one-sided Poisson tail probabilities are computed against the ends of the range that are
 * hardest to beat: excess is judged against {@code high} and deficit against {@code low}, so a clinic is
 * only flagged when it is outside the whole published range.
 *
 * @param source the baseline's source (for example "Brady 2014")
 * @param low    published lower rate, events per session
 * @param high   published upper rate, events per session
 * @param pUpper P(X &gt;= x) for X ~ Poisson(n * high), or null when n = 0
 * @param pLower P(X &lt;= x) for X ~ Poisson(n * low), or null when n = 0
 * @param status the resulting status
 */
public record BaselineComparison(String source, double low, double high, Double pUpper, Double pLower,
                                 BaselineStatus status) {

    /** pUpper below this raises ALARM (REFERENCE section 4). */
    static final double ALARM_P = 0.001;
    /** pUpper below this raises WARNING; pLower below this is BELOW (REFERENCE section 4). */
    static final double WARNING_P = 0.025;

    public BaselineComparison {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Compares x events in n sessions with the baseline {@code [low, high]} (REFERENCE section 4).
     *
     * @param source   the baseline's source, carried through for display
     * @param low      published lower rate, finite, {@code 0 <= low <= high}
     * @param high     published upper rate, finite
     * @param events   observed events x, {@code 0 <= x <= Integer.MAX_VALUE}
     * @param sessions sessions n, at least 0
     */
    public static BaselineComparison evaluate(String source, double low, double high, long events,
                                              long sessions) {
        Objects.requireNonNull(source, "source");
        Checks.finiteNonNegative(low, "low");
        Checks.finiteNonNegative(high, "high");
        if (low > high) {
            throw new IllegalArgumentException("low must be <= high, was " + low + " > " + high);
        }
        Checks.nonNegative(events, "events");
        Checks.nonNegative(sessions, "sessions");
        int x = Checks.toIntCount(events, "events");
        if (sessions == 0) {
            return new BaselineComparison(source, low, high, null, null, BaselineStatus.NO_DATA);
        }
        double pUpper = atLeast(x, sessions * high);
        double pLower = atMost(x, sessions * low);
        return new BaselineComparison(source, low, high, pUpper, pLower, classify(pUpper, pLower));
    }

    /** The contract's decision rule, in its order: excess first, since an excess is what harms patients. */
    static BaselineStatus classify(double pUpper, double pLower) {
        if (pUpper < ALARM_P) {
            return BaselineStatus.ALARM;
        }
        if (pUpper < WARNING_P) {
            return BaselineStatus.WARNING;
        }
        if (pLower < WARNING_P) {
            return BaselineStatus.BELOW;
        }
        return BaselineStatus.CONSISTENT;
    }

    /** P(X >= x) for X ~ Poisson(mu). */
    static double atLeast(int x, double mu) {
        if (x == 0) {
            return 1.0;
        }
        // A baseline of 0 (PNEUMOTHORAX low) makes Poisson(0) the point mass at 0; Commons rejects mean 0.
        if (mu == 0) {
            return 0.0;
        }
        // The survival function keeps precision deep in the upper tail, where 1 - cdf would round to 0.
        return PoissonDistribution.of(mu).survivalProbability(x - 1);
    }

    /** P(X <= x) for X ~ Poisson(mu). */
    static double atMost(int x, double mu) {
        if (mu == 0) {
            return 1.0;
        }
        return PoissonDistribution.of(mu).cumulativeProbability(x);
    }
}
