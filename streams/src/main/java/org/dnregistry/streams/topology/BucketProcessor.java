package org.dnregistry.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies series changes to the day buckets ({@code <series>|yyyy-MM-dd}). Every change of one series arrives on
 * the same partition (the record key is the series), so one task owns all of a series' days and a window is a
 * range scan of one store. A bucket back at zero is removed, so the store holds only days that have something.
 * Forwards the series it changed (for alerts and research outputs downstream).
 */
final class BucketProcessor implements Processor<String, SeriesDelta, String, SeriesDelta> {
  private static final Logger LOG = LoggerFactory.getLogger(BucketProcessor.class);
  private ProcessorContext<String, SeriesDelta> context;
  private KeyValueStore<String, DayCounters> buckets;
  private KeyValueStore<String, Long> index;

  @Override
  public void init(ProcessorContext<String, SeriesDelta> context) {
    this.context = context;
    this.buckets = context.getStateStore(StoreNames.DAY_BUCKETS);
    this.index = context.getStateStore(StoreNames.SERIES_INDEX);
  }

  @Override
  public void process(Record<String, SeriesDelta> record) {
    String series = record.key();
    SeriesDelta delta = record.value();
    String key = Series.bucketKey(series, delta.day());
    DayCounters before = buckets.get(key);
    DayCounters after = before == null ? delta.change() : before.plus(delta.change());
    if (after.hasNegativeCount()) {
      // Cannot happen while every subtraction undoes an earlier addition; say so loudly rather than hide it.
      LOG.error("day bucket {} would have a negative count: {} + {}", key, before, delta.change());
    }
    if (after.isZero()) {
      if (before != null) {
        buckets.delete(key);
        adjustIndex(series, -1);
      }
    } else {
      buckets.put(key, after);
      if (before == null) {
        adjustIndex(series, +1);
      }
    }
    context.forward(record);
  }

  private void adjustIndex(String series, long by) {
    Long n = index.get(series);
    long next = (n == null ? 0 : n) + by;
    if (next <= 0) {
      index.delete(series);
    } else {
      index.put(series, next);
    }
  }
}
