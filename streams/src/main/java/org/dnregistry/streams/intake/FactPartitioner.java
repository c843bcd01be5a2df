package org.dnregistry.streams.intake;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.dnregistry.topics.EpisodePartitioner;

/**
 * Where a moved fact goes: a clinical fact to its episode's partition, reference data to every partition (so every
 * episode task holds all clinics and practitioners). The internal topic has as many partitions as the input
 * topics, so partition p of it is read by the same task as partition p of the inputs.
 */
public final class FactPartitioner implements StreamPartitioner<String, Fact> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, Fact fact, int numPartitions) {
    if (fact.kind().clinical()) {
      return Optional.of(Set.of(EpisodePartitioner.partition(key, numPartitions)));
    }
    return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
  }
}
