package org.dnregistry.streams.deadletter;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes sound records and retractions (null values) on; throws {@link InvalidFactException} for the others, so
 * they never reach a fact table and the exception handler sends them to the dead-letter topic.
 */
public final class ValidateProcessor<V> implements FixedKeyProcessor<String, V, V> {
  private final String topic;
  private final BiFunction<String, V, List<String>> checks;
  private FixedKeyProcessorContext<String, V> context;

  public ValidateProcessor(String topic, BiFunction<String, V, List<String>> checks) {
    this.topic = topic;
    this.checks = checks;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, V> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    if (record.key() == null) {
      throw new InvalidFactException(topic, "record without a key");
    }
    if (record.value() != null) {
      List<String> problems = checks.apply(record.key(), record.value());
      if (!problems.isEmpty()) {
        throw new InvalidFactException(topic, String.join("; ", problems));
      }
    }
    context.forward(record);
  }
}
