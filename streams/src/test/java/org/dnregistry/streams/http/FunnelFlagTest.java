package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.dnregistry.streams.stats.FunnelLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunnelFlagTest {
  private static final FunnelLimits LIMITS = new FunnelLimits(10, 0.1, 0.02, 0.2, 0.01, 0.3);

  @ParameterizedTest
  @CsvSource({
      "0.31, ABOVE_998", "0.3, ABOVE_95", "0.2000001, ABOVE_95", "0.2, WITHIN", "0.1, WITHIN", "0.02, WITHIN",
      "0.0199999, BELOW_95", "0.01, BELOW_95", "0.0099999, BELOW_998", "0.0, BELOW_998"})
  void aRateOnALimitIsInsideIt(double rate, FunnelFlag expected) {
    assertThat(FunnelFlag.of(rate, LIMITS)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.0, WITHIN", "0.5, ABOVE_998"})
  void aZeroBaselineFlagsAnyEventAbove(double rate, FunnelFlag expected) {
    assertThat(FunnelFlag.of(rate, FunnelLimits.around(0, 50))).isEqualTo(expected);
  }
}
