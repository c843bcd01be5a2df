package org.dnregistry.streams.topology;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.streams.buckets.Contribution;
import org.dnregistry.streams.buckets.SeriesDelta;

/**
 * Turns the latest contribution of each fact (key: fact kind and key; null: the fact no longer counts) into changes
 * of the series it touches. It remembers what each fact last added, so an update subtracts exactly that and adds
 * the new value: a duplicate changes nothing, a correction moves counts, a retraction removes them.
 */
final class DeltaProcessor implements Processor<String, Contribution, String, SeriesDelta> {
  private ProcessorContext<String, SeriesDelta> context;
  private KeyValueStore<String, Contribution> last;

  @Override
  public void init(ProcessorContext<String, SeriesDelta> context) {
    this.context = context;
    this.last = context.getStateStore(StoreNames.CONTRIBUTIONS);
  }

  @Override
  public void process(Record<String, Contribution> record) {
    Contribution before = last.get(record.key());
    Contribution after = record.value() == null || record.value().isEmpty() ? null : record.value();
    if (Objects.equals(before, after)) {
      return;
    }
    for (SeriesDelta.Keyed change : SeriesDelta.between(before, after)) {
      context.forward(record.withKey(change.series()).withValue(change.delta()));
    }
    if (after == null) {
      last.delete(record.key());
    } else {
      last.put(record.key(), after);
    }
  }
}
