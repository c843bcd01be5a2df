package org.dnregistry.streams.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * What the topology can be tuned with.
 *
 * @param statusEvaluationInterval wall-clock interval at which changed series are re-evaluated against the
 *                                 baselines for STATUS alerts (batched, so a burst of events costs one evaluation)
 * @param inMemoryState            keep every store of the topology in memory instead of RocksDB (still backed
 *                                 by changelogs): for tests and benchmarks of the logic. The foreign-key joins'
 *                                 internal stores follow the StreamsBuilder's {@code dsl.store.suppliers.class}.
 */
public record TopologyOptions(Duration statusEvaluationInterval, boolean inMemoryState) {
  public TopologyOptions {
    Objects.requireNonNull(statusEvaluationInterval, "statusEvaluationInterval");
    if (statusEvaluationInterval.isNegative() || statusEvaluationInterval.isZero()) {
      throw new IllegalArgumentException("statusEvaluationInterval must be positive");
    }
  }

  public static TopologyOptions defaults() {
    return new TopologyOptions(Duration.ofSeconds(10), false);
  }

  public TopologyOptions withInMemoryState(boolean inMemory) {
    return new TopologyOptions(statusEvaluationInterval, inMemory);
  }

  public TopologyOptions withStatusEvaluationInterval(Duration interval) {
    return new TopologyOptions(interval, inMemoryState);
  }
}
