package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.dnregistry.avro.Instrument;

/** Properties over random inputs, against straightforward recomputations. */
class StatsPropertiesTest {

    private static final double RELATIVE = 1e-9;

    /**
     * The one-pass exact-integer formula equals the textbook two-pass computation in doubles. The two-pass
     * version works in hundredths (exact integers in a double) and converts at the end, as the code does,
     * so a mean near 0 is not judged against a reference that itself lost digits to rounding.
     */
    @Property
    void meanAndSdMatchTwoPassComputation(
            @ForAll @Size(min = 2, max = 300) List<@IntRange(min = -10_000, max = 10_000) Integer> changes,
            @ForAll Instrument instrument) {
        int n = changes.size();
        long sum = 0;
        long sumSquares = 0;
        long responders = 0;
        for (int c : changes) {
            sum += c;
            sumSquares += (long) c * c;
            responders += c >= Mcid.hundredths(instrument) ? 1 : 0;
        }

        double meanHundredths = 0;
        for (int c : changes) {
            meanHundredths += c;
        }
        meanHundredths /= n;
        double squares = 0;
        for (int c : changes) {
            squares += (c - meanHundredths) * (c - meanHundredths);
        }
        double expectedMean = meanHundredths / 100;
        double expectedSd = Math.sqrt(squares / (n - 1)) / 100;

        ChangeSummary s = ChangeSummary.of(instrument, n, sum, sumSquares, responders);

        assertThat(s.meanChange()).isCloseTo(expectedMean, within(Math.abs(expectedMean) * RELATIVE));
        assertThat(s.sd()).isCloseTo(expectedSd, within(expectedSd * RELATIVE));
        assertThat(s.ciLow()).isLessThanOrEqualTo(s.meanChange());
        assertThat(s.ciHigh()).isGreaterThanOrEqualTo(s.meanChange());
        assertThat(s.responderCiLow()).isLessThanOrEqualTo(s.responderRate());
        assertThat(s.responderCiHigh()).isGreaterThanOrEqualTo(s.responderRate());
        assertThat(s.status()).isNotEqualTo(EfficacyStatus.INSUFFICIENT_DATA);
    }

    @Property
    void garwoodIntervalBracketsTheRate(@ForAll @LongRange(min = 0, max = 100_000) long events,
                                        @ForAll @LongRange(min = 1, max = 10_000_000) long sessions) {
        RateEstimate estimate = RateEstimate.of(events, sessions);

        assertThat(estimate.ciLow()).isBetween(0.0, estimate.rate());
        assertThat(estimate.ciHigh()).isGreaterThan(estimate.rate());
    }

    @Property
    void funnelLimitsAreOrderedAndBracketTheExpectedRateAtModerateCounts(
            @ForAll @IntRange(min = 1, max = 5_000) int perTenThousand,
            @ForAll @LongRange(min = 1, max = 100_000) long sessions) {
        double baseline = perTenThousand / 10_000.0;
        FunnelLimits limits = FunnelLimits.around(baseline, sessions);

        assertThat(limits.lower998()).isBetween(0.0, limits.lower95());
        assertThat(limits.upper998()).isGreaterThanOrEqualTo(limits.upper95());
        assertThat(limits.lower95()).isLessThanOrEqualTo(baseline);
        // Below about 0.03 expected events the 97.5% count quantile is 0 and the floored limit sits at 0.
        if (sessions * baseline >= 1) {
            assertThat(limits.upper95()).isGreaterThanOrEqualTo(baseline);
        }
    }
}
