package org.dnregistry.streams.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * What the topology can be tuned with.
 *
 * @param inputPartitions    the partition count of the input topics (all the same): a clinical fact belongs to
 *                           the task of its episode's partition among these
 * @param publishInterval    wall-clock interval at which the episode tasks publish what changed (one record per
 *                           scope for everything since the last time; shorter: fresher figures, more records)
 * @param evaluationInterval wall-clock interval at which changed scopes are evaluated for surveillance signals
 * @param researchInterval   wall-clock interval at which changed months are re-published on the research topics
 * @param inMemoryState      keep every store in memory, without changelog, instead of RocksDB with changelog:
 *                           only for tests and benchmarks of the logic, never in production (state would not
 *                           survive a restart)
 */
public record TopologyOptions(int inputPartitions, Duration publishInterval, Duration evaluationInterval,
    Duration researchInterval, boolean inMemoryState) {
  public TopologyOptions {
    if (inputPartitions < 1) {
      throw new IllegalArgumentException("inputPartitions must be at least 1, was " + inputPartitions);
    }
    positive(publishInterval, "publishInterval");
    positive(evaluationInterval, "evaluationInterval");
    positive(researchInterval, "researchInterval");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Defaults for input topics of {@code inputPartitions} partitions. */
  public static TopologyOptions defaults(int inputPartitions) {
    return new TopologyOptions(inputPartitions, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10),
        false);
  }

  public TopologyOptions withInMemoryState(boolean inMemory) {
    return new TopologyOptions(inputPartitions, publishInterval, evaluationInterval, researchInterval, inMemory);
  }

  public TopologyOptions withPublishInterval(Duration interval) {
    return new TopologyOptions(inputPartitions, interval, evaluationInterval, researchInterval, inMemoryState);
  }

  public TopologyOptions withEvaluationInterval(Duration interval) {
    return new TopologyOptions(inputPartitions, publishInterval, interval, researchInterval, inMemoryState);
  }

  public TopologyOptions withResearchInterval(Duration interval) {
    return new TopologyOptions(inputPartitions, publishInterval, evaluationInterval, interval, inMemoryState);
  }
}
