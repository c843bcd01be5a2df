package org.dnregistry.streams.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * What the topology can be tuned with.
 *
 * @param statusEvaluationInterval wall-clock interval at which changed series are re-evaluated against the
 *                                 baselines for STATUS alerts (batched, so a burst of events costs one evaluation)
 * @param researchInterval         wall-clock interval at which changed months are re-published on the research topics
 * @param inMemoryState            keep every named store in memory, without changelog, instead of RocksDB with
 *                                 changelog: only for tests and benchmarks of the logic, never in production (state
 *                                 would not survive a restart). The foreign-key joins' internal stores follow the
 *                                 StreamsBuilder's {@code dsl.store.suppliers.class}.
 */
public record TopologyOptions(Duration statusEvaluationInterval, Duration researchInterval, boolean inMemoryState) {
  public TopologyOptions {
    positive(statusEvaluationInterval, "statusEvaluationInterval");
    positive(researchInterval, "researchInterval");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  public static TopologyOptions defaults() {
    return new TopologyOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), false);
  }

  public TopologyOptions withInMemoryState(boolean inMemory) {
    return new TopologyOptions(statusEvaluationInterval, researchInterval, inMemory);
  }

  public TopologyOptions withStatusEvaluationInterval(Duration interval) {
    return new TopologyOptions(interval, researchInterval, inMemoryState);
  }

  public TopologyOptions withResearchInterval(Duration interval) {
    return new TopologyOptions(statusEvaluationInterval, interval, inMemoryState);
  }
}
