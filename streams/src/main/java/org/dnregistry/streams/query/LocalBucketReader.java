package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.topology.StoreNames;

/**
 * Reads the day buckets held by this instance. All days of one series live in one partition's store, so a
 * series' range scan is in day order even over the composite view of several local partitions.
 */
public final class LocalBucketReader implements BucketReader {
  /** Sorts after every day of a series ({@code yyyy-MM-dd} is digits and dashes). */
  private static final String AFTER_LAST_DAY = "~";
  private final Supplier<ReadOnlyKeyValueStore<String, DayCounters>> buckets;
  private final Supplier<ReadOnlyKeyValueStore<String, Long>> index;

  public LocalBucketReader(Supplier<ReadOnlyKeyValueStore<String, DayCounters>> buckets,
      Supplier<ReadOnlyKeyValueStore<String, Long>> index) {
    this.buckets = buckets;
    this.index = index;
  }

  /** Over a running application's stores; looked up on every read, since a rebalance replaces them. */
  public static LocalBucketReader of(KafkaStreams streams) {
    return new LocalBucketReader(
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.DAY_BUCKETS,
            QueryableStoreTypes.<String, DayCounters>keyValueStore())),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SERIES_INDEX,
            QueryableStoreTypes.<String, Long>keyValueStore())));
  }

  @Override
  public List<DayBucket> read(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    String from = fromInclusive == null ? Series.firstKey(series) : Series.bucketKey(series, fromInclusive);
    String to = Series.bucketKey(series, toInclusive);
    var out = new ArrayList<DayBucket>();
    if (from.compareTo(to) > 0) {
      return out;
    }
    try (var it = buckets.get().range(from, to)) {
      it.forEachRemaining(kv -> out.add(new DayBucket(Series.dayOfBucket(kv.key), kv.value)));
    }
    return out;
  }

  @Override
  public Optional<LocalDate> latestSessionDay(String series) {
    try (var it = buckets.get().reverseRange(Series.firstKey(series), Series.firstKey(series) + AFTER_LAST_DAY)) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value.sessions() > 0) {
          return Optional.of(Series.dayOfBucket(kv.key));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> clinics() {
    var clinics = new TreeSet<String>();
    String all = "|" + Series.ALL;
    // ';' is the character after ':', so this range is exactly the keys starting with "clinic:".
    String end = Series.CLINIC_PREFIX.substring(0, Series.CLINIC_PREFIX.length() - 1) + ';';
    try (var it = index.get().range(Series.CLINIC_PREFIX, end)) {
      it.forEachRemaining(kv -> {
        if (kv.key.endsWith(all)) {
          clinics.add(Series.clinicOf(kv.key));
        }
      });
    }
    return List.copyOf(clinics);
  }
}
