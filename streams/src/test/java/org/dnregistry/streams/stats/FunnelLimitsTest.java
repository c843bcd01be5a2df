package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.dnregistry.streams.stats.Close.assertRelative;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunnelLimitsTest {

    /*
     * Reference: R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), Spiegelhalter 2005 appendix A.1.1 written
     * out by hand with ppois (qpois printed alongside as a check on r_p; it agreed in every case):
     *   lim <- function(p, p0, n) {
     *     mu <- n * p0; r <- 0
     *     while (ppois(r, mu) < p) r <- r + 1
     *     a <- (ppois(r, mu) - p) / (ppois(r, mu) - ppois(r - 1, mu))
     *     c(r = r, limit = (r - a) / n, qpois = qpois(p, mu)) }
     *   for (p in c(0.025, 0.975, 0.001, 0.999)) sprintf("%.17g", lim(p, p0, n)["limit"])
     * Columns: p0, n, then the limits for p = 0.025, 0.975, 0.001, 0.999. Where R's raw limit is negative the
     * column holds 0 (the floor) and the comment gives R's raw value.
     */
    @ParameterizedTest(name = "p0={0} n={1}")
    @CsvSource({
            // p0=0.1918 n=10: r = 0, 5, 0, 7; raw lower limits -0.082981674537052408, -0.099319266981482093
            "0.1918, 10, 0, 0.46469827681546222, 0, 0.69433633357130498",
            // p0=0.1918 n=100: r = 11, 28, 7, 34
            "0.1918, 100, 0.10548598821613649, 0.27744488030619557, 0.066116878041086208, 0.33614229180088701",
            // p0=0.1918 n=1000: r = 165, 219, 150, 236
            "0.1918, 1000, 0.16462447392087615, 0.21891199389796803, 0.14996163120162767, 0.2355144525758574",
            // p0=0.1918 n=7629 (Brady 2014's n): r = 1389, 1539, 1346, 1583
            "0.1918, 7629, 0.18196906069283911, 0.20162390027103641, 0.17642817704664143, 0.20741541957667994",
            // p0=0.000977 n=100: r = 0, 1, 0, 2; raw lower limits -0.0097243420135246644, -0.0099889736805409864
            "0.000977, 100, 0, 0.0076833313463463802, 0, 0.018023462787272362",
            // p0=0.000977 n=20464 (Boyce 2020's n): r = 12, 29, 8, 35
            "0.000977, 20464, 0.00054732487615774853, 0.0014043355049877075, 0.00035016845856745976, 0.0016959246573205792",
            // p0=0.0755 n=37: r = 0, 6, 0, 9; raw lower limits -0.015987768102172773, -0.026585456670032859
            "0.0755, 37, 0, 0.1615915219895758, 0, 0.23780863383987286",
            // p0=0.0001 n=100: r = 0, 0, 0, 1; raw limits -0.0097474874582289574, -0.00015201087092936108
            // (an upper limit!), -0.0099898994983291575
            "0.0001, 100, 0, 0, 0, 0.0090401169170839981",
    })
    void spiegelhalterLimitsMatchR(double baselineRate, long sessions, double lower95, double upper95,
                                   double lower998, double upper998) {
        FunnelLimits limits = FunnelLimits.around(baselineRate, sessions);

        assertThat(limits.sessions()).isEqualTo(sessions);
        assertThat(limits.expectedRate()).isEqualTo(baselineRate);
        assertRelative(limits.lower95(), lower95);
        assertRelative(limits.upper95(), upper95);
        assertRelative(limits.lower998(), lower998);
        assertRelative(limits.upper998(), upper998);
        assertThat(limits.lower998()).isLessThanOrEqualTo(limits.lower95());
        assertThat(limits.upper998()).isGreaterThanOrEqualTo(limits.upper95());
    }

    @Test
    void zeroBaselineHasAllLimitsAtZero() {
        assertThat(FunnelLimits.around(0, 500)).isEqualTo(new FunnelLimits(500, 0, 0, 0, 0, 0));
    }

    @Test
    void curveIsLogSpacedFromOneToMaxAndAgreesPointwise() {
        List<FunnelLimits> curve = FunnelLimits.curve(0.1918, 10_000, 9);

        // exp(log(10000) * i / 8) = 10^(i/2): 1, 3.16, 10, 31.6, 100, ...
        assertThat(curve).extracting(FunnelLimits::sessions)
                .containsExactly(1L, 3L, 10L, 32L, 100L, 316L, 1000L, 3162L, 10_000L);
        for (FunnelLimits point : curve) {
            assertThat(point).isEqualTo(FunnelLimits.around(0.1918, point.sessions()));
        }
        // The funnel narrows as n grows.
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).upper998() - curve.get(i).lower998())
                    .isLessThan(curve.get(i - 1).upper998() - curve.get(i - 1).lower998());
        }
    }

    @Test
    void curveDropsSessionCountsThatRoundTogether() {
        assertThat(FunnelLimits.curve(0.05, 5, 20)).extracting(FunnelLimits::sessions)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(FunnelLimits.curve(0.05, 1, 20)).extracting(FunnelLimits::sessions).containsExactly(1L);
        assertThat(FunnelLimits.curve(0.05, 700, 1)).extracting(FunnelLimits::sessions).containsExactly(700L);
    }

    @Test
    void rejectsImpossibleInputs() {
        assertThatIllegalArgumentException().isThrownBy(() -> FunnelLimits.around(0.1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> FunnelLimits.around(-0.1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> FunnelLimits.around(Double.NaN, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> FunnelLimits.curve(0.1, 0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> FunnelLimits.curve(0.1, 10, 0));
    }
}
