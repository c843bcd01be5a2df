package org.dnregistry.streams.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * What the topology can be tuned with.
 *
 * @param statusEvaluationInterval wall-clock interval at which changed series are re-evaluated against the
 *                                 baselines for STATUS alerts (batched, so a burst of events costs one evaluation)
 */
public record TopologyOptions(Duration statusEvaluationInterval) {
  public TopologyOptions {
    Objects.requireNonNull(statusEvaluationInterval, "statusEvaluationInterval");
    if (statusEvaluationInterval.isNegative() || statusEvaluationInterval.isZero()) {
      throw new IllegalArgumentException("statusEvaluationInterval must be positive");
    }
  }

  public static TopologyOptions defaults() {
    return new TopologyOptions(Duration.ofSeconds(10));
  }
}
