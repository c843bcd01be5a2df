package org.dnregistry.streams.http;

import org.dnregistry.streams.stats.FunnelLimits;

/**
 * Where a clinic's rate lies against the funnel limits at its own number of sessions. A rate exactly on a
 * limit is inside it: the limits are the edges of the range a clinic at the baseline rate falls in.
 */
enum FunnelFlag {
  ABOVE_998, ABOVE_95, WITHIN, BELOW_95, BELOW_998;

  static FunnelFlag of(double rate, FunnelLimits limits) {
    if (rate > limits.upper998()) {
      return ABOVE_998;
    }
    if (rate > limits.upper95()) {
      return ABOVE_95;
    }
    if (rate < limits.lower998()) {
      return BELOW_998;
    }
    if (rate < limits.lower95()) {
      return BELOW_95;
    }
    return WITHIN;
  }
}
