package org.dnregistry.streams.baselines;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.Baseline;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.streams.deadletter.InvalidFactException;
import org.dnregistry.topics.Topics;

/**
 * Keeps the global baselines store (every instance holds all baselines): upserts, retractions, and no baseline
 * with impossible values (low > high, outside [0, 1], a key that is not {@code CATEGORY|source}). Kafka Streams
 * runs it on restore as well, so a bad record can never slip in from the topic.
 */
public final class BaselineStoreUpdater implements Processor<String, Baseline, Void, Void> {
  private final String storeName;
  private KeyValueStore<String, Baseline> store;

  public BaselineStoreUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Baseline> record) {
    if (record.key() == null) {
      throw new InvalidFactException(Topics.BASELINES.name(), "record without a key");
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    List<String> problems = FactChecks.baseline(record.key(), record.value());
    if (!problems.isEmpty()) {
      throw new InvalidFactException(Topics.BASELINES.name(), String.join("; ", problems));
    }
    store.put(record.key(), record.value());
  }
}
