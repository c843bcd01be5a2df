package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExactLpTest {
  @Test
  void boundsOfOneVariableUnderOneEquation() {
    // x0 + x1 + x2 = 14: each of them from 0 to 14.
    long[][] a = {{1, 1, 1}};
    long[] b = {14};
    assertThat(ExactLp.minimise(a, b, 0).value()).isEqualTo(ExactLp.Rational.ZERO);
    assertThat(ExactLp.maximise(a, b, 2).value()).isEqualTo(ExactLp.Rational.of(14));
  }

  @Test
  void aVariableAloneInItsEquationIsPinned() {
    long[][] a = {{1, 0}, {0, 2}};
    long[] b = {5, 3};
    assertThat(ExactLp.minimise(a, b, 0).value()).isEqualTo(ExactLp.Rational.of(5));
    assertThat(ExactLp.maximise(a, b, 0).value()).isEqualTo(ExactLp.Rational.of(5));
    // 2 x1 = 3: exactly 3/2, no rounding.
    assertThat(ExactLp.maximise(a, b, 1).value().toString()).isEqualTo("3/2");
  }

  @Test
  void aDifferenceIsUnboundedAboveAndBoundedBelow() {
    // x0 - x1 = 4: x0 >= 4 and unbounded; x1 >= 0 and unbounded.
    long[][] a = {{1, -1}};
    long[] b = {4};
    assertThat(ExactLp.minimise(a, b, 0).value()).isEqualTo(ExactLp.Rational.of(4));
    assertThat(ExactLp.maximise(a, b, 0).bounded()).isFalse();
    assertThat(ExactLp.minimise(a, b, 1).value()).isEqualTo(ExactLp.Rational.ZERO);
  }

  @Test
  void contradictionsAreInfeasibleAndNoEquationLeavesEverythingFree() {
    assertThat(ExactLp.minimise(new long[][] {{1, 1}}, new long[] {-3}, 0).feasible()).isFalse();
    assertThat(ExactLp.maximise(new long[0][], new long[0], 0).bounded()).isFalse();
    assertThat(ExactLp.minimise(new long[0][], new long[0], 0).value()).isEqualTo(ExactLp.Rational.ZERO);
  }

  @Test
  void twoEquationsTogether() {
    // x0 + x1 = 10, x1 + x2 = 3: x1 in [0, 3], x0 in [7, 10].
    long[][] a = {{1, 1, 0}, {0, 1, 1}};
    long[] b = {10, 3};
    assertThat(ExactLp.minimise(a, b, 0).value()).isEqualTo(ExactLp.Rational.of(7));
    assertThat(ExactLp.maximise(a, b, 0).value()).isEqualTo(ExactLp.Rational.of(10));
    assertThat(ExactLp.maximise(a, b, 1).value()).isEqualTo(ExactLp.Rational.of(3));
  }
}
