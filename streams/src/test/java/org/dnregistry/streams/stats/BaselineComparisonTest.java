package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.dnregistry.streams.stats.Close.assertRelative;

import org.dnregistry.avro.BaselineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineComparisonTest {

    /*
     * Reference: R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), Rscript of this function; the status is the
     * contract's rule applied in R, and the mean is formed in R as the code forms it (n * rate), so both see
     * the same double:
     *   f <- function(x) sprintf("%.17g", x)
     *   cmp <- function(low, high, x, n) {
     *     pu <- ppois(x - 1, n * high, lower.tail = FALSE); pl <- ppois(x, n * low)
     *     st <- if (pu < 0.001) "ALARM" else if (pu < 0.025) "WARNING" else if (pl < 0.025) "BELOW" else "CONSISTENT"
     *     cat(sprintf("ppois(%d, %d*%s, lower.tail=FALSE) -> %s ; ppois(%d, %d*%s) -> %s  %s\n",
     *         x-1, n, f(high), f(pu), x, n, f(low), f(pl), st)) }
     *   for (x in c(250, 235, 230, 221, 220, 219, 192, 167, 166, 160)) cmp(0.1918, 0.1918, x, 1000)  # etc.
     * Each row's comment is that line of output. R's ppois(x - 1, mu, lower.tail = FALSE) is P(X >= x).
     */
    @ParameterizedTest(name = "{0} [{1}, {2}] x={3} n={4} -> {7}")
    @CsvSource({
            // Brady 2014 ANY_MINOR 0.1918 at n = 1000, walking x through every status.
            // ppois(249, 1000*0.1918, lower.tail=FALSE) -> 3.2836947148115352e-05 ; ppois(250, 1000*0.1918) -> 0.99997519614380403  ALARM
            "Brady 2014, 0.1918, 0.1918, 250, 1000, 3.2836947148115352e-05, 0.99997519614380403, ALARM",
            // ppois(234, 1000*0.1918, lower.tail=FALSE) -> 0.0013952984955593207 ; ppois(235, 1000*0.1918) -> 0.99888345336842455  WARNING
            "Brady 2014, 0.1918, 0.1918, 235, 1000, 0.0013952984955593207, 0.99888345336842455, WARNING",
            // ppois(229, 1000*0.1918, lower.tail=FALSE) -> 0.0040094046103895994 ; ppois(230, 1000*0.1918) -> 0.99672801447148218  WARNING
            "Brady 2014, 0.1918, 0.1918, 230, 1000, 0.0040094046103895994, 0.99672801447148218, WARNING",
            // ppois(219, 1000*0.1918, lower.tail=FALSE) -> 0.024624657004135062 ; ppois(220, 1000*0.1918) -> 0.97909361753203616  WARNING
            "Brady 2014, 0.1918, 0.1918, 220, 1000, 0.024624657004135062, 0.97909361753203616, WARNING",
            // ppois(218, 1000*0.1918, lower.tail=FALSE) -> 0.028889622582642601 ; ppois(219, 1000*0.1918) -> 0.97537534299586492  CONSISTENT
            "Brady 2014, 0.1918, 0.1918, 219, 1000, 0.028889622582642601, 0.97537534299586492, CONSISTENT",
            // ppois(191, 1000*0.1918, lower.tail=FALSE) -> 0.50383879727750891 ; ppois(192, 1000*0.1918) -> 0.52493688868951849  CONSISTENT
            "Brady 2014, 0.1918, 0.1918, 192, 1000, 0.50383879727750891, 0.52493688868951849, CONSISTENT",
            // ppois(165, 1000*0.1918, lower.tail=FALSE) -> 0.97336820569332194 ; ppois(166, 1000*0.1918) -> 0.031652512267585531  CONSISTENT
            "Brady 2014, 0.1918, 0.1918, 166, 1000, 0.97336820569332194, 0.031652512267585531, CONSISTENT",
            // ppois(159, 1000*0.1918, lower.tail=FALSE) -> 0.99158479407388334 ; ppois(160, 1000*0.1918) -> 0.010341127436689116  BELOW
            "Brady 2014, 0.1918, 0.1918, 160, 1000, 0.99158479407388334, 0.010341127436689116, BELOW",
            // Brady's own count against Brady's rate, and against Boyce 2020's (a 1e-172 lower tail).
            // ppois(1462, 7629*0.1918, lower.tail=FALSE) -> 0.50600250569612693 ; ppois(1463, 7629*0.1918) -> 0.50442677747200748  CONSISTENT
            "Brady 2014, 0.1918, 0.1918, 1463, 7629, 0.50600250569612693, 0.50442677747200748, CONSISTENT",
            // ppois(1462, 7629*0.36799999999999999, lower.tail=FALSE) -> 1 ; ppois(1463, 7629*0.36799999999999999) -> 3.7491781705046633e-172  BELOW
            "Boyce 2020, 0.368, 0.368, 1463, 7629, 1, 3.7491781705046633e-172, BELOW",
            // A range baseline (Moghim BRUISING 0.15-0.20) at n = 200: excess judged on high, deficit on low.
            // ppois(17, 200*0.20000000000000001, lower.tail=FALSE) -> 0.99996529537580858 ; ppois(18, 200*0.14999999999999999) -> 0.01293270176616566  BELOW
            "Moghim, 0.15, 0.20, 18, 200, 0.99996529537580858, 0.01293270176616566, BELOW",
            // ppois(18, 200*0.20000000000000001, lower.tail=FALSE) -> 0.99991969593178487 ; ppois(19, 200*0.14999999999999999) -> 0.021873468441390858  BELOW
            "Moghim, 0.15, 0.20, 19, 200, 0.99991969593178487, 0.021873468441390858, BELOW",
            // ppois(34, 200*0.20000000000000001, lower.tail=FALSE) -> 0.80612446111892677 ; ppois(35, 200*0.14999999999999999) -> 0.84261652556966848  CONSISTENT
            "Moghim, 0.15, 0.20, 35, 200, 0.80612446111892677, 0.84261652556966848, CONSISTENT",
            // ppois(52, 200*0.20000000000000001, lower.tail=FALSE) -> 0.028057225353477652 ; ppois(53, 200*0.14999999999999999) -> 0.99994930378370384  CONSISTENT
            "Moghim, 0.15, 0.20, 53, 200, 0.028057225353477652, 0.99994930378370384, CONSISTENT",
            // ppois(59, 200*0.20000000000000001, lower.tail=FALSE) -> 0.0018796285686450828 ; ppois(60, 200*0.14999999999999999) -> 0.99999955153597819  WARNING
            "Moghim, 0.15, 0.20, 60, 200, 0.0018796285686450828, 0.99999955153597819, WARNING",
            // x = 0: P(X >= 0) = 1 for any mean; a clinic can still be BELOW.
            // ppois(-1, 100*0.075499999999999998, lower.tail=FALSE) -> 1 ; ppois(0, 100*0.075499999999999998) -> 0.00052611012711606376  BELOW
            "Brady 2014, 0.0755, 0.0755, 0, 100, 1, 0.00052611012711606376, BELOW",
            // A tail where 1 - cdf would have lost every digit: this needs the survival function.
            // ppois(39, 1000*0.01, lower.tail=FALSE) -> 7.3416363145604719e-13 ; ppois(40, 1000*0.01) -> 0.99999999999982225  ALARM
            "synthetic, 0.01, 0.01, 40, 1000, 7.3416363145604719e-13, 0.99999999999982225, ALARM",
            // Boyce 2020 SERIOUS 0.000977 at Boyce's own n.
            // ppois(19, 20464*0.000977, lower.tail=FALSE) -> 0.52914992525719118 ; ppois(20, 20464*0.000977) -> 0.55968529324905503  CONSISTENT
            "Boyce 2020, 0.000977, 0.000977, 20, 20464, 0.52914992525719118, 0.55968529324905503, CONSISTENT",
            // ppois(39, 20464*0.000977, lower.tail=FALSE) -> 5.2832558498156344e-05 ; ppois(40, 20464*0.000977) -> 0.99997475838429206  ALARM
            "Boyce 2020, 0.000977, 0.000977, 40, 20464, 5.2832558498156344e-05, 0.99997475838429206, ALARM",
            // PNEUMOTHORAX [0, 0.0001]: low 0 makes Poisson(0) for pLower, which is then exactly 1.
            // ppois(0, 5*0.0001, lower.tail=FALSE) -> 0.0004998750208307295 ; ppois(1, 5*0) -> 1  ALARM
            "Moghim, 0, 0.0001, 1, 5, 0.0004998750208307295, 1, ALARM",
            // ppois(0, 1000*0.0001, lower.tail=FALSE) -> 0.095162581964040427 ; ppois(1, 1000*0) -> 1  CONSISTENT
            "Moghim, 0, 0.0001, 1, 1000, 0.095162581964040427, 1, CONSISTENT",
            // ppois(2, 1000*0.0001, lower.tail=FALSE) -> 0.0001546530702646717 ; ppois(3, 1000*0) -> 1  ALARM
            "Moghim, 0, 0.0001, 3, 1000, 0.0001546530702646717, 1, ALARM",
    })
    void tailProbabilitiesAndStatusMatchR(String source, double low, double high, long events, long sessions,
                                          double pUpper, double pLower, BaselineStatus status) {
        BaselineComparison comparison = BaselineComparison.evaluate(source, low, high, events, sessions);

        assertThat(comparison.source()).isEqualTo(source);
        assertThat(comparison.low()).isEqualTo(low);
        assertThat(comparison.high()).isEqualTo(high);
        assertRelative(comparison.pUpper(), pUpper);
        assertRelative(comparison.pLower(), pLower);
        assertThat(comparison.status()).isEqualTo(status);
    }

    /*
     * Straddling each threshold by 1e-6 relative in the mean. With x = 1, P(X >= 1) = 1 - exp(-mu), which
     * crosses 0.001 at mu = -log(0.999) and 0.025 at mu = -log(0.975); with x = 0, P(X <= 0) = exp(-mu)
     * crosses 0.025 at mu = -log(0.025). R 4.2.2:
     *   hA <- -log(0.999)/1000; hW <- -log(0.975)/1000; lB <- -log(0.025)/1000
     *   cmp(0, hA * (1 - 1e-6), 1, 1000); cmp(0, hA * (1 + 1e-6), 1, 1000)   # and likewise hW, lB
     */
    @ParameterizedTest(name = "[{0}, {1}] x={2} -> {5}")
    @CsvSource({
            // ppois(0, 1000*1.0004993330832007e-06, lower.tail=FALSE) -> 0.00099999900050016708 ; ppois(1, 1000*0) -> 1  ALARM
            "0, 1.0004993330832007e-06, 1, 0.00099999900050016708, 1, ALARM",
            // ppois(0, 1000*1.0005013340838679e-06, lower.tail=FALSE) -> 0.0010000009994998334 ; ppois(1, 1000*0) -> 1  WARNING
            "0, 1.0005013340838679e-06, 1, 0.0010000009994998334, 1, WARNING",
            // ppois(0, 1000*2.5317782666481912e-05, lower.tail=FALSE) -> 0.024999975315136924 ; ppois(1, 1000*0) -> 1  WARNING
            "0, 2.5317782666481912e-05, 1, 0.024999975315136924, 1, WARNING",
            // ppois(0, 1000*2.5317833302097882e-05, lower.tail=FALSE) -> 0.025000024684862496 ; ppois(1, 1000*0) -> 1  CONSISTENT
            "0, 2.5317833302097882e-05, 1, 0.025000024684862496, 1, CONSISTENT",
            // ppois(-1, 1000*0.0036888831429933897, lower.tail=FALSE) -> 1 ; ppois(0, 1000*0.0036888831429933897) -> 0.024999907778183762  BELOW
            "0.0036888831429933897, 0.0036888831429933897, 0, 1, 0.024999907778183762, BELOW",
            // ppois(-1, 1000*0.003688875765234482, lower.tail=FALSE) -> 1 ; ppois(0, 1000*0.003688875765234482) -> 0.025000092222156458  CONSISTENT
            "0.003688875765234482, 0.003688875765234482, 0, 1, 0.025000092222156458, CONSISTENT",
    })
    void statusFlipsOnEachSideOfItsThreshold(double low, double high, long events, double pUpper, double pLower,
                                             BaselineStatus status) {
        BaselineComparison comparison = BaselineComparison.evaluate("threshold", low, high, events, 1000);

        assertRelative(comparison.pUpper(), pUpper);
        assertRelative(comparison.pLower(), pLower);
        assertThat(comparison.status()).isEqualTo(status);
    }

    @Test
    void thresholdsAreStrict() {
        // A p-value exactly at a threshold is not below it (REFERENCE section 4 says "< 0.001", "< 0.025").
        assertThat(BaselineComparison.classify(0.001, 1)).isEqualTo(BaselineStatus.WARNING);
        assertThat(BaselineComparison.classify(Math.nextDown(0.001), 1)).isEqualTo(BaselineStatus.ALARM);
        assertThat(BaselineComparison.classify(0.025, 1)).isEqualTo(BaselineStatus.CONSISTENT);
        assertThat(BaselineComparison.classify(Math.nextDown(0.025), 1)).isEqualTo(BaselineStatus.WARNING);
        assertThat(BaselineComparison.classify(1, 0.025)).isEqualTo(BaselineStatus.CONSISTENT);
        assertThat(BaselineComparison.classify(1, Math.nextDown(0.025))).isEqualTo(BaselineStatus.BELOW);
        // Excess wins over deficit when both tails are small (only possible for a wide baseline range).
        assertThat(BaselineComparison.classify(0.01, 0.01)).isEqualTo(BaselineStatus.WARNING);
    }

    @Test
    void noSessionsIsNoData() {
        BaselineComparison comparison = BaselineComparison.evaluate("Brady 2014", 0.0755, 0.0755, 0, 0);

        assertThat(comparison).isEqualTo(
                new BaselineComparison("Brady 2014", 0.0755, 0.0755, null, null, BaselineStatus.NO_DATA));
    }

    @Test
    void zeroMeanIsThePointMassAtZero() {
        // Baseline [0, 0]: any event is impossible under it (pUpper exactly 0), none is certain (exactly 1).
        BaselineComparison oneEvent = BaselineComparison.evaluate("zero", 0, 0, 1, 1000);
        assertThat(oneEvent.pUpper()).isEqualTo(0.0);
        assertThat(oneEvent.pLower()).isEqualTo(1.0);
        assertThat(oneEvent.status()).isEqualTo(BaselineStatus.ALARM);

        BaselineComparison noEvent = BaselineComparison.evaluate("zero", 0, 0, 0, 1000);
        assertThat(noEvent.pUpper()).isEqualTo(1.0);
        assertThat(noEvent.pLower()).isEqualTo(1.0);
        assertThat(noEvent.status()).isEqualTo(BaselineStatus.CONSISTENT);

        // PNEUMOTHORAX [0, 0.0001] with no event: P(X >= 0) = 1, and low 0 gives P(X <= 0) = 1.
        BaselineComparison pneumothorax = BaselineComparison.evaluate("Moghim", 0, 0.0001, 0, 20000);
        assertThat(pneumothorax.pUpper()).isEqualTo(1.0);
        assertThat(pneumothorax.pLower()).isEqualTo(1.0);
        assertThat(pneumothorax.status()).isEqualTo(BaselineStatus.CONSISTENT);
    }

    @Test
    void rejectsImpossibleInputs() {
        assertThatIllegalArgumentException().isThrownBy(() -> BaselineComparison.evaluate("s", 0.2, 0.1, 1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> BaselineComparison.evaluate("s", -0.1, 0.1, 1, 10));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BaselineComparison.evaluate("s", 0.1, Double.NaN, 1, 10));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BaselineComparison.evaluate("s", 0.1, Double.POSITIVE_INFINITY, 1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> BaselineComparison.evaluate("s", 0.1, 0.1, -1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> BaselineComparison.evaluate("s", 0.1, 0.1, 1, -10));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BaselineComparison.evaluate("s", 0.1, 0.1, Integer.MAX_VALUE + 1L, 10));
    }
}
