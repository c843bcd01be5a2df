package org.dnregistry.streams.intake;

import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.dnregistry.streams.deadletter.InvalidFactException;
import org.dnregistry.topics.EpisodePartitioner;

/**
 * The first step of every input record: impossible values are refused ({@link InvalidFactException}, which the
 * exception handler dead-letters with the original bytes), then each fact is sent where it is needed. A clinical
 * fact read from its episode's partition stays in this task; one that a producer placed elsewhere is moved to its
 * episode's partition; reference data (clinics, practitioners) is copied to every task.
 */
public final class FactRouter implements FixedKeyProcessor<String, Fact, FactRouter.Routed> {
  /** A sound fact and whether it must move (to its episode's partition, or to every partition). */
  public record Routed(Fact fact, boolean move) {}

  private final int inputPartitions;
  private FixedKeyProcessorContext<String, Routed> context;

  /** @param inputPartitions the partition count of the input topics, which producers partition by episode */
  public FactRouter(int inputPartitions) {
    if (inputPartitions < 1) {
      throw new IllegalArgumentException("input partitions must be at least 1, was " + inputPartitions);
    }
    this.inputPartitions = inputPartitions;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, Fact> record) {
    Fact fact = record.value();
    String topic = fact.kind().topic().name();
    if (record.key() == null) {
      throw new InvalidFactException(topic, "record without a key");
    }
    if (!fact.retraction()) {
      List<String> problems = fact.kind().problems(record.key(), fact.value());
      if (!problems.isEmpty()) {
        throw new InvalidFactException(topic, String.join("; ", problems));
      }
    }
    context.forward(record.withValue(new Routed(fact, mustMove(record.key(), fact))));
  }

  private boolean mustMove(String key, Fact fact) {
    if (!fact.kind().clinical()) {
      return true;
    }
    if (key.indexOf(org.dnregistry.topics.Keys.SEP) < 0) {
      throw new InvalidFactException(fact.kind().topic().name(), "key '" + key + "' is not clinicId|episodeId|...");
    }
    int here = context.recordMetadata().map(m -> m.partition()).orElse(-1);
    return EpisodePartitioner.partition(key, inputPartitions) != here;
  }
}
