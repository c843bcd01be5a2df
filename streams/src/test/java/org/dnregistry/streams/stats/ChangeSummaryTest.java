package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.dnregistry.streams.stats.Close.assertRelative;

import java.util.stream.IntStream;

import org.dnregistry.avro.Instrument;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

    /*
     * Reference: R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), on the actual change vectors (points):
     *   f <- function(x) sprintf("%.17g", x)
     *   show <- function(name, v, mcid) {
     *     h <- round(v * 100)
     *     tt <- t.test(v)$conf.int; r <- sum(h >= round(mcid * 100))
     *     w <- prop.test(r, length(v), correct = FALSE)$conf.int   # Wilson score interval
     *     cat(sprintf("%s: n=%d sum=%.0f sumsq=%.0f mean(v) -> %s ; sd(v) -> %s ; t.test(v)$conf.int -> %s %s ;
     *                  responders=%d prop.test(%d, %d, correct=FALSE)$conf.int -> %s %s\n",
     *         name, length(v), sum(h), sum(h^2), f(mean(v)), f(sd(v)), f(tt[1]), f(tt[2]),
     *         r, r, length(v), f(w[1]), f(w[2]))) }
     * Each test quotes its call and output line. The sums in hundredths are recomputed here from the vector
     * and must equal R's.
     */

    @Test
    void nprsAboveMcid() {
        // show("NPRS", c(3, 2.5, 4, 1, 5, 2, 3.5, 6), 2) ->
        // NPRS: n=8 sum=2700 sumsq=1095000 mean(v) -> 3.375 ; sd(v) -> 1.6201851746019651 ;
        // t.test(v)$conf.int -> 2.0204912971184705 4.7295087028815299 ;
        // responders=7 prop.test(7, 8, correct=FALSE)$conf.int -> 0.52911181778714644 0.97758250854994333
        ChangeSummary s = summarise(Instrument.NPRS, 2700, 1095000, 300, 250, 400, 100, 500, 200, 350, 600);

        assertSummary(s, 8, 3.375, 1.6201851746019651, 2.0204912971184705, 4.7295087028815299, 2.0,
                7, 0.52911181778714644, 0.97758250854994333, EfficacyStatus.ABOVE_MCID);
    }

    @Test
    void ndiInconclusive() {
        // show("NDI", c(5, 8.5, 12, 3, 7.5, 10, 6), 7.5) ->
        // NDI: n=7 sum=5200 sumsq=4425000 mean(v) -> 7.4285714285714288 ; sd(v) -> 3.0608900044019252 ;
        // t.test(v)$conf.int -> 4.5977203219311189 10.259422535211737 ;
        // responders=4 prop.test(4, 7, correct=FALSE)$conf.int -> 0.25045836452765724 0.84178014474853013
        ChangeSummary s = summarise(Instrument.NDI, 5200, 4425000, 500, 850, 1200, 300, 750, 1000, 600);

        assertSummary(s, 7, 7.4285714285714288, 3.0608900044019252, 4.5977203219311189, 10.259422535211737, 7.5,
                4, 0.25045836452765724, 0.84178014474853013, EfficacyStatus.INCONCLUSIVE);
    }

    @Test
    void odiBelowMcidWithNoResponders() {
        // show("ODI", c(2, 4, 6, 0, -2, 8, 4, 5, 3, 1), 10) ->
        // ODI: n=10 sum=3100 sumsq=1750000 mean(v) -> 3.1000000000000001 ; sd(v) -> 2.960855732160327 ;
        // t.test(v)$conf.int -> 0.98193140441628135 5.2180685955837189 ;
        // responders=0 prop.test(0, 10, correct=FALSE)$conf.int -> 0 0.27753279986288915
        ChangeSummary s = summarise(Instrument.ODI, 3100, 1750000, 200, 400, 600, 0, -200, 800, 400, 500, 300, 100);

        assertSummary(s, 10, 3.1000000000000001, 2.960855732160327, 0.98193140441628135, 5.2180685955837189, 10.0,
                0, 0, 0.27753279986288915, EfficacyStatus.BELOW_MCID);
        assertThat(s.responderCiLow()).isEqualTo(0.0);
    }

    @Test
    void psfsWithTwoDecimalScores() {
        // show("PSFS", c(0.33, 2.67, 1.5, 4.25, -0.5), 2) ->
        // PSFS: n=5 sum=825 sumsq=278003 mean(v) -> 1.6499999999999999 ; sd(v) -> 1.8833348082590093 ;
        // t.test(v)$conf.int -> -0.68846902797920129 3.988469027979201 ;
        // responders=2 prop.test(2, 5, correct=FALSE)$conf.int -> 0.11762077423264794 0.76927571872398703
        ChangeSummary s = summarise(Instrument.PSFS, 825, 278003, 33, 267, 150, 425, -50);

        assertSummary(s, 5, 1.6499999999999999, 1.8833348082590093, -0.68846902797920129, 3.988469027979201, 2.0,
                2, 0.11762077423264794, 0.76927571872398703, EfficacyStatus.INCONCLUSIVE);
    }

    @Test
    void worseningIsBelowMcid() {
        // show("NPRSneg", c(-1, -2, -0.5), 2) ->
        // NPRSneg: n=3 sum=-350 sumsq=52500 mean(v) -> -1.1666666666666667 ; sd(v) -> 0.76376261582597338 ;
        // t.test(v)$conf.int -> -3.0639581834650467 0.73062485013171297 ;
        // responders=0 prop.test(0, 3, correct=FALSE)$conf.int -> 0 0.56149703175504539
        ChangeSummary s = summarise(Instrument.NPRS, -350, 52500, -100, -200, -50);

        assertSummary(s, 3, -1.1666666666666667, 0.76376261582597338, -3.0639581834650467, 0.73062485013171297,
                2.0, 0, 0, 0.56149703175504539, EfficacyStatus.BELOW_MCID);
    }

    @Test
    void twoObservationsUseTheWideT1Quantile() {
        // show("NPRS2", c(1, 3), 2) ->
        // NPRS2: n=2 sum=400 sumsq=100000 mean(v) -> 2 ; sd(v) -> 1.4142135623730951 ;
        // t.test(v)$conf.int -> -10.706204736174694 14.706204736174694 ;
        // responders=1 prop.test(1, 2, correct=FALSE)$conf.int -> 0.094531205734230739 0.90546879426576921
        ChangeSummary s = summarise(Instrument.NPRS, 400, 100000, 100, 300);

        assertSummary(s, 2, 2, 1.4142135623730951, -10.706204736174694, 14.706204736174694, 2.0,
                1, 0.094531205734230739, 0.90546879426576921, EfficacyStatus.INCONCLUSIVE);
    }

    @Test
    void sumsWhoseProductOverflowsALong() {
        // n * sumSquares = 1e6 * 1e14 = 1e20 > Long.MAX_VALUE (9.2e18): the numerator must be exact.
        // show("ODIbig", rep(c(100, -100), 5e5), 10) ->
        // ODIbig: n=1000000 sum=0 sumsq=100000000000000 mean(v) -> 0 ; sd(v) -> 100.00005000003749 ;
        // t.test(v)$conf.int -> -0.19599673368003923 0.19599673368003923 ;
        // responders=500000 prop.test(500000, 1000000, correct=FALSE)$conf.int -> 0.49902001989000477 0.50097998010999523
        ChangeSummary s = ChangeSummary.of(Instrument.ODI, 1_000_000, 0, 100_000_000_000_000L, 500_000);

        assertSummary(s, 1_000_000, 0, 100.00005000003749, -0.19599673368003923, 0.19599673368003923, 10.0,
                500_000, 0.49902001989000477, 0.50097998010999523, EfficacyStatus.BELOW_MCID);
    }

    @Test
    void constantChangeExactlyAtTheMcidIsAbove() {
        // sd = 0, so the CI is the point [mean, mean]; R's t.test refuses constant data, the values are exact.
        ChangeSummary atMcid = summarise(Instrument.NPRS, 400, 80000, 200, 200);
        assertThat(atMcid.sd()).isEqualTo(0.0);
        assertThat(atMcid.ciLow()).isEqualTo(2.0);
        assertThat(atMcid.ciHigh()).isEqualTo(2.0);
        assertThat(atMcid.status()).isEqualTo(EfficacyStatus.ABOVE_MCID);
        assertThat(atMcid.responders()).isEqualTo(2);

        ChangeSummary ndiAtMcid = summarise(Instrument.NDI, 1500, 1125000, 750, 750);
        assertThat(ndiAtMcid.ciLow()).isEqualTo(7.5);
        assertThat(ndiAtMcid.status()).isEqualTo(EfficacyStatus.ABOVE_MCID);

        ChangeSummary justBelow = summarise(Instrument.NPRS, 398, 79202, 199, 199);
        assertThat(justBelow.ciHigh()).isEqualTo(1.99);
        assertThat(justBelow.status()).isEqualTo(EfficacyStatus.BELOW_MCID);
        assertThat(justBelow.responders()).isZero();
    }

    @Test
    void statusBoundariesFollowTheContract() {
        assertThat(ChangeSummary.classify(2.0, 3.0, 2.0)).isEqualTo(EfficacyStatus.ABOVE_MCID);
        assertThat(ChangeSummary.classify(Math.nextDown(2.0), 3.0, 2.0)).isEqualTo(EfficacyStatus.INCONCLUSIVE);
        // CI high exactly at the MCID is not below it.
        assertThat(ChangeSummary.classify(1.0, 2.0, 2.0)).isEqualTo(EfficacyStatus.INCONCLUSIVE);
        assertThat(ChangeSummary.classify(1.0, Math.nextDown(2.0), 2.0)).isEqualTo(EfficacyStatus.BELOW_MCID);
    }

    @Test
    void noObservations() {
        assertThat(ChangeSummary.of(Instrument.ODI, 0, 0, 0, 0)).isEqualTo(new ChangeSummary(
                0, null, null, null, null, 10.0, 0, null, null, null, EfficacyStatus.INSUFFICIENT_DATA));
    }

    @Test
    void oneObservationHasAMeanAndResponderRateButNoSpread() {
        // prop.test(1, 1, correct=FALSE)$conf.int -> 0.2065493143772375 1
        ChangeSummary responder = ChangeSummary.of(Instrument.NPRS, 1, 350, 122500, 1);
        assertThat(responder.meanChange()).isEqualTo(3.5);
        assertThat(responder.sd()).isNull();
        assertThat(responder.ciLow()).isNull();
        assertThat(responder.ciHigh()).isNull();
        assertThat(responder.responderRate()).isEqualTo(1.0);
        assertRelative(responder.responderCiLow(), 0.2065493143772375);
        assertThat(responder.responderCiHigh()).isEqualTo(1.0);
        assertThat(responder.status()).isEqualTo(EfficacyStatus.INSUFFICIENT_DATA);

        // prop.test(0, 1, correct=FALSE)$conf.int -> 0 0.79345068562276255
        ChangeSummary nonResponder = ChangeSummary.of(Instrument.NPRS, 1, -100, 10000, 0);
        assertThat(nonResponder.meanChange()).isEqualTo(-1.0);
        assertThat(nonResponder.responderCiLow()).isEqualTo(0.0);
        assertRelative(nonResponder.responderCiHigh(), 0.79345068562276255);
    }

    @Test
    void wilsonBoundsAreExactlyZeroAndOneAtTheEdges() {
        // Commons gives 2.7755575615628914E-17 and 0.9999999999999999 here; R and the formula give 0 and 1.
        // prop.test(0, 9, correct=FALSE)$conf.int -> 0 0.29914504841954398
        ChangeSummary none = summarise(Instrument.NPRS, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(none.responderCiLow()).isEqualTo(0.0);
        assertRelative(none.responderCiHigh(), 0.29914504841954398);
        // prop.test(9, 9, correct=FALSE)$conf.int -> 0.70085495158045608 1
        ChangeSummary all = summarise(Instrument.NPRS, 1800, 360000, 200, 200, 200, 200, 200, 200, 200, 200, 200);
        assertRelative(all.responderCiLow(), 0.70085495158045608);
        assertThat(all.responderCiHigh()).isEqualTo(1.0);
    }

    @Test
    void allRespondersHaveUpperBoundOne() {
        // prop.test(5, 5, correct=FALSE)$conf.int -> 0.56551753521682535 1
        ChangeSummary s = summarise(Instrument.PSFS, 1500, 450000, 300, 300, 300, 300, 300);
        assertRelative(s.responderCiLow(), 0.56551753521682535);
        assertThat(s.responderCiHigh()).isEqualTo(1.0);
    }

    @Test
    void rejectsImpossibleCountsAndSums() {
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, -1, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 3, 0, 0, 4));
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 3, 0, 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 3, 0, -1, 0));
        // n = 0 with something left in the sums: a retraction subtracted less than was added.
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 0, 100, 10000, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 0, 0, 1, 0));
        // Negative variance: 2 * 10 - 10^2 < 0, no two integers have these sums.
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 2, 10, 10, 0));
        // One observation c needs sumSquares = c^2.
        assertThatIllegalArgumentException().isThrownBy(() -> ChangeSummary.of(Instrument.NPRS, 1, 3, 10, 0));
        // The Wilson interval counts in ints.
        assertThatIllegalArgumentException().isThrownBy(
                () -> ChangeSummary.of(Instrument.NPRS, Integer.MAX_VALUE + 1L, 0, 0, 0));
    }

    /** Summarises changes given in hundredths, checking the caller's quoted R sums first. */
    private static ChangeSummary summarise(Instrument instrument, long rSum, long rSumSquares, int... hundredths) {
        long sum = IntStream.of(hundredths).asLongStream().sum();
        long sumSquares = IntStream.of(hundredths).asLongStream().map(c -> c * c).sum();
        long responders = IntStream.of(hundredths).filter(c -> c >= Mcid.hundredths(instrument)).count();
        assertThat(sum).as("sum of hundredths").isEqualTo(rSum);
        assertThat(sumSquares).as("sum of squared hundredths").isEqualTo(rSumSquares);
        return ChangeSummary.of(instrument, hundredths.length, sum, sumSquares, responders);
    }

    private static void assertSummary(ChangeSummary s, long n, double mean, double sd, double ciLow, double ciHigh,
                                      double mcid, long responders, double wilsonLow, double wilsonHigh,
                                      EfficacyStatus status) {
        assertThat(s.n()).isEqualTo(n);
        assertRelative(s.meanChange(), mean);
        assertRelative(s.sd(), sd);
        assertRelative(s.ciLow(), ciLow);
        assertRelative(s.ciHigh(), ciHigh);
        assertThat(s.mcid()).isEqualTo(mcid);
        assertThat(s.responders()).isEqualTo(responders);
        assertThat(s.responderRate()).isEqualTo((double) responders / n);
        assertRelative(s.responderCiLow(), wilsonLow);
        assertRelative(s.responderCiHigh(), wilsonHigh);
        assertThat(s.status()).isEqualTo(status);
    }
}
