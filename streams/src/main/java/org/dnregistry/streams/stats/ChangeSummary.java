package org.dnregistry.streams.stats;

import java.math.BigInteger;
import java.util.Objects;

import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;
import org.dnregistry.avro.Instrument;

/**
 * Summary of change scores (positive = better) for one instrument and follow-up timepoint, from additive
 * sufficient statistics.
 *
 * <p>Changes arrive as exact integers in hundredths of a point (scores carry at most two decimals), with
 * running sums {@code Σc} and {@code Σc²}. Integer sums stay exact when a correction or retraction
 * subtracts what was once added, so a figure never depends on the order in which events arrived; the
 * usual objection to the one-pass variance formula (cancellation) does not apply because the numerator
 * {@code n·Σc² − (Σc)²} is computed exactly.
 *
 * @param n               number of observations (episodes with a baseline and this follow-up)
 * @param meanChange      mean change in points, null when n = 0
 * @param sd              sample standard deviation (n − 1 denominator) in points, null when n &lt; 2
 * @param ciLow           lower bound of the 95% Student t interval of the mean, null when n &lt; 2
 * @param ciHigh          upper bound of that interval, null when n &lt; 2
 * @param mcid            the instrument's MCID in points
 * @param responders      observations with change &gt;= MCID
 * @param responderRate   responders / n, null when n = 0
 * @param responderCiLow  lower bound of the 95% Wilson score interval, null when n = 0
 * @param responderCiHigh upper bound of the 95% Wilson score interval, null when n = 0
 * @param status          the mean change's CI compared with the MCID
 */
public record ChangeSummary(long n, Double meanChange, Double sd, Double ciLow, Double ciHigh, double mcid,
                            long responders, Double responderRate, Double responderCiLow,
                            Double responderCiHigh, EfficacyStatus status) {

    /** Two-sided 95% intervals (REFERENCE section 4): t quantile at 0.975, error rate 0.05. */
    static final double T_QUANTILE = 0.975;
    static final double ERROR_RATE = 0.05;
    /** Changes are exchanged in hundredths: scores are taken to carry at most two decimals (team design note). */
    private static final double HUNDREDTHS_PER_POINT = 100.0;

    public ChangeSummary {
        Checks.nonNegative(n, "n");
        Checks.nonNegative(responders, "responders");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Summarises n changes given their sums in hundredths of a point (REFERENCE section 4).
     *
     * @param instrument            the instrument, which fixes the MCID
     * @param n                     number of observations, at least 0 (the responder interval needs n to
     *                              fit an int)
     * @param sumHundredths         Σc over the observations, c the change in hundredths
     * @param sumSquaresHundredths  Σc² over the observations
     * @param responders            observations with c &gt;= {@link Mcid#hundredths(Instrument)},
     *                              {@code 0 <= responders <= n}
     * @throws IllegalArgumentException when the counts are out of range or the sums cannot come from any
     *                                  n integers (negative variance, or non-zero sums for n = 0)
     */
    public static ChangeSummary of(Instrument instrument, long n, long sumHundredths, long sumSquaresHundredths,
                                   long responders) {
        Objects.requireNonNull(instrument, "instrument");
        Checks.nonNegative(n, "n");
        Checks.nonNegative(sumSquaresHundredths, "sumSquaresHundredths");
        if (responders < 0 || responders > n) {
            throw new IllegalArgumentException("responders must be in [0, n=" + n + "], was " + responders);
        }
        double mcid = Mcid.points(instrument);
        if (n == 0) {
            if (sumHundredths != 0 || sumSquaresHundredths != 0) {
                throw new IllegalArgumentException("sums must be 0 when n = 0, were " + sumHundredths + ", "
                        + sumSquaresHundredths);
            }
            return new ChangeSummary(0, null, null, null, null, mcid, 0, null, null, null,
                    EfficacyStatus.INSUFFICIENT_DATA);
        }
        // n·Σc² − (Σc)² = Σ_i Σ_j (c_i − c_j)² / 2 >= 0; exact, since n·Σc² alone can overflow a long.
        BigInteger bigN = BigInteger.valueOf(n);
        BigInteger numerator = bigN.multiply(BigInteger.valueOf(sumSquaresHundredths))
                .subtract(BigInteger.valueOf(sumHundredths).pow(2));
        if (numerator.signum() < 0 || (n == 1 && numerator.signum() != 0)) {
            throw new IllegalArgumentException("inconsistent sums for n=" + n + ": sum=" + sumHundredths
                    + ", sumSquares=" + sumSquaresHundredths);
        }
        double mean = (double) sumHundredths / n / HUNDREDTHS_PER_POINT;

        Interval wilson = BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate(
                Checks.toIntCount(n, "n"), (int) responders, ERROR_RATE);
        // The Wilson bounds are exactly 0 at x = 0 and exactly 1 at x = n, but Commons' floating-point form
        // can land an ulp inside (2.8e-17 at 0 of 9, 1 - 1.1e-16 at 9 of 9), and an interval that excludes
        // the observed 0% or 100% would be plainly wrong on a dashboard.
        double wilsonLow = responders == 0 ? 0.0 : wilson.getLowerBound();
        double wilsonHigh = responders == n ? 1.0 : wilson.getUpperBound();
        double responderRate = (double) responders / n;

        if (n == 1) {
            return new ChangeSummary(1, mean, null, null, null, mcid, responders, responderRate,
                    wilsonLow, wilsonHigh, EfficacyStatus.INSUFFICIENT_DATA);
        }
        // BigInteger.doubleValue rounds correctly; n(n−1) is exact in a double for any realistic n.
        double varianceHundredths = numerator.doubleValue() / ((double) n * (n - 1));
        double sd = Math.sqrt(varianceHundredths) / HUNDREDTHS_PER_POINT;
        double t = TDistribution.of(n - 1.0).inverseCumulativeProbability(T_QUANTILE);
        double halfWidth = t * sd / Math.sqrt(n);
        double ciLow = mean - halfWidth;
        double ciHigh = mean + halfWidth;
        return new ChangeSummary(n, mean, sd, ciLow, ciHigh, mcid, responders, responderRate,
                wilsonLow, wilsonHigh, classify(ciLow, ciHigh, mcid));
    }

    /** The contract's rule: the whole interval must clear (or miss) the MCID for a firm verdict. */
    static EfficacyStatus classify(double ciLow, double ciHigh, double mcid) {
        if (ciLow >= mcid) {
            return EfficacyStatus.ABOVE_MCID;
        }
        if (ciHigh < mcid) {
            return EfficacyStatus.BELOW_MCID;
        }
        return EfficacyStatus.INCONCLUSIVE;
    }
}
