package org.dnregistry.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The oracle's statistics against R 4.2 (Debian r-base-core), options(digits=15). R prints 15 significant
 * digits, so agreement is asked to 1e-12 relative.
 */
class OracleStatsTest {
  private static void assertR(double actual, double fromR) {
    assertThat(actual).isCloseTo(fromR, within(Math.max(1e-14, Math.abs(fromR) * 1e-12)));
  }

  @Test
  void garwoodIsRsExactPoissonInterval() {
    // poisson.test(9, 120)$conf.int -> 0.0342947758114861 0.14237336209516 (the example of FIGURES.md)
    assertR(OracleStats.garwoodLow(9, 120), 0.0342947758114861);
    assertR(OracleStats.garwoodHigh(9, 120), 0.14237336209516);
    // poisson.test(250, 1000)$conf.int -> 0.219967995630937 0.282987705042316
    assertR(OracleStats.garwoodLow(250, 1000), 0.219967995630937);
    assertR(OracleStats.garwoodHigh(250, 1000), 0.282987705042316);
    // poisson.test(0, 10)$conf.int -> 0 0.368887945411394
    assertThat(OracleStats.garwoodLow(0, 10)).isZero();
    assertR(OracleStats.garwoodHigh(0, 10), 0.368887945411394);
  }

  @Test
  void poissonTailsAreRsPpois() {
    // ppois(249, 200, lower.tail=FALSE) -> 0.000362070458289693; ppois(250, 300) -> 0.00168112846948234
    assertR(OracleStats.poissonAtLeast(250, 1000 * 0.2), 0.000362070458289693);
    assertR(OracleStats.poissonAtMost(250, 1000 * 0.3), 0.00168112846948234);
    // ppois(0, 0.5) -> 0.606530659712633; P(X >= 0) is 1 whatever mu.
    assertR(OracleStats.poissonAtMost(0, 0.5), 0.606530659712633);
    assertThat(OracleStats.poissonAtLeast(0, 0.5)).isEqualTo(1.0);
    // Poisson(0) is the point mass at 0.
    assertThat(OracleStats.poissonAtLeast(1, 0.0)).isZero();
    assertThat(OracleStats.poissonAtMost(0, 0.0)).isEqualTo(1.0);
  }

  @Test
  void studentQuantilesAreRsQt() {
    // qt(0.975, c(1, 2, 11, 100)) -> 12.7062047361747 4.30265272974946 2.20098516009164 1.98397151852355
    assertR(OracleStats.t975(1), 12.7062047361747);
    assertR(OracleStats.t975(2), 4.30265272974946);
    assertR(OracleStats.t975(11), 2.20098516009164);
    assertR(OracleStats.t975(100), 1.98397151852355);
  }

  @Test
  void wilsonIsRsPropTestWithoutContinuityCorrection() {
    // qnorm(0.975) -> 1.95996398454005
    assertR(OracleStats.Z_975, 1.95996398454005);
    // prop.test(7, 12, correct=FALSE)$conf.int -> 0.31951131254955 0.806739686341243 (the example of FIGURES.md)
    double[] w = OracleStats.wilson(7, 12);
    assertR(w[0], 0.31951131254955);
    assertR(w[1], 0.806739686341243);
    // prop.test(37, 120, correct=FALSE)$conf.int -> 0.232727369889163 0.395829977238007
    w = OracleStats.wilson(37, 120);
    assertR(w[0], 0.232727369889163);
    assertR(w[1], 0.395829977238007);
  }

  @Test
  void meanAndSampleSdTwoPass() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares 9+1+1+1+0+0+4+16 = 32, sd sqrt(32/7) = 2.1380899352993950.
    double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
    assertThat(OracleStats.mean(v)).isEqualTo(5.0);
    assertThat(OracleStats.sampleSd(v, 5.0)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15));
  }
}
