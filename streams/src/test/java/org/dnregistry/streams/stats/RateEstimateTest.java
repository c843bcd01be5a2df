package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.dnregistry.streams.stats.Close.assertRelative;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateEstimateTest {

    /*
     * Reference: R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), poisson.test's exact interval, which is
     * c(qgamma(0.025, x), qgamma(0.975, x + 1)) / n, i.e. Garwood's chi-squared form:
     *   for (xn in list(c(0,1), ...)) { ci <- poisson.test(xn[1], xn[2])$conf.int
     *     cat(sprintf("poisson.test(%d, %d)$conf.int -> %.17g %.17g\n", xn[1], xn[2], ci[1], ci[2])) }
     * Cross-checked with python3-scipy 1.10.1: chi2.ppf(0.025, 2*x)/(2*n), chi2.ppf(0.975, 2*x+2)/(2*n)
     * (agrees to 1e-15 for x = 1, 3, 1463).
     */
    @ParameterizedTest(name = "x={0} n={1}")
    @CsvSource({
            // poisson.test(0, 1)$conf.int -> 0 3.6888794541139354
            "0, 1, 0, 3.6888794541139354",
            // poisson.test(0, 10)$conf.int -> 0 0.36888794541139353
            "0, 10, 0, 0.36888794541139353",
            // poisson.test(0, 7629)$conf.int -> 0 0.00048353381231012392
            "0, 7629, 0, 0.00048353381231012392",
            // poisson.test(1, 1)$conf.int -> 0.025317807984289897 5.5716433909388989
            "1, 1, 0.025317807984289897, 5.5716433909388989",
            // poisson.test(1, 50)$conf.int -> 0.00050635615968579791 0.11143286781877798
            "1, 50, 0.00050635615968579791, 0.11143286781877798",
            // poisson.test(1, 20464)$conf.int -> 1.2371876458312108e-06 0.00027226560745401189
            "1, 20464, 1.2371876458312108e-06, 0.00027226560745401189",
            // poisson.test(3, 1000)$conf.int -> 0.00061867212289560159 0.0087672730697423238
            "3, 1000, 0.00061867212289560159, 0.0087672730697423238",
            // poisson.test(3, 3)$conf.int -> 0.20622404096520053 2.9224243565807746
            "3, 3, 0.20622404096520053, 2.9224243565807746",
            // poisson.test(20, 20464)$conf.int -> 0.00059697613298494644 0.0015094007966514169
            "20, 20464, 0.00059697613298494644, 0.0015094007966514169",
            // poisson.test(20, 100)$conf.int -> 0.12216519585403944 0.30888377902674596
            "20, 100, 0.12216519585403944, 0.30888377902674596",
            // poisson.test(1463, 7629)$conf.int -> 0.18206640195076992 0.20185283136206905 (Brady 2014)
            "1463, 7629, 0.18206640195076992, 0.20185283136206905",
            // poisson.test(1463, 1000)$conf.int -> 1.3889845804824237 1.5399352504612247 (x > n is allowed)
            "1463, 1000, 1.3889845804824237, 1.5399352504612247",
    })
    void garwoodIntervalMatchesR(long events, long sessions, double ciLow, double ciHigh) {
        RateEstimate estimate = RateEstimate.of(events, sessions);

        assertThat(estimate.sessions()).isEqualTo(sessions);
        assertThat(estimate.events()).isEqualTo(events);
        assertThat(estimate.rate()).isEqualTo((double) events / sessions);
        if (events == 0) {
            assertThat(estimate.ciLow()).isEqualTo(0.0);
        } else {
            assertRelative(estimate.ciLow(), ciLow);
        }
        assertRelative(estimate.ciHigh(), ciHigh);
        assertThat(estimate.ciLow()).isLessThanOrEqualTo(estimate.rate());
        assertThat(estimate.ciHigh()).isGreaterThan(estimate.rate());
    }

    @Test
    void noSessionsMeansNoRateRatherThanZero() {
        assertThat(RateEstimate.of(0, 0)).isEqualTo(new RateEstimate(0, 0, null, null, null));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> RateEstimate.of(-1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> RateEstimate.of(1, -10));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateEstimate(-1, 0, null, null, null));
    }
}
