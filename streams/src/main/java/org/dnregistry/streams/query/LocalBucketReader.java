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
import org.dnregistry.streams.buckets.BucketScans;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.topology.StoreNames;

/**
 * Reads the day buckets held by this instance. All days of one series live in one partition's store, so a
 * series' range scan is in day order even over the composite view of several local partitions.
 */
public final class LocalBucketReader implements BucketReader {
  private final Supplier<ReadOnlyKeyValueStore<String, DayCounters>> buckets;
  private final Supplier<ReadOnlyKeyValueStore<String, Long>> index;
  private final Supplier<ReadOnlyKeyValueStore<String, DataQualityCounts>> quality;

  public LocalBucketReader(Supplier<ReadOnlyKeyValueStore<String, DayCounters>> buckets,
      Supplier<ReadOnlyKeyValueStore<String, Long>> index,
      Supplier<ReadOnlyKeyValueStore<String, DataQualityCounts>> quality) {
    this.buckets = buckets;
    this.index = index;
    this.quality = quality;
  }

  /** Over a running application's stores; looked up on every read, since a rebalance replaces them. */
  public static LocalBucketReader of(KafkaStreams streams) {
    return new LocalBucketReader(
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.DAY_BUCKETS,
            QueryableStoreTypes.<String, DayCounters>keyValueStore())),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SERIES_INDEX,
            QueryableStoreTypes.<String, Long>keyValueStore())),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.DATA_QUALITY,
            QueryableStoreTypes.<String, DataQualityCounts>keyValueStore())));
  }

  @Override
  public List<DayBucket> read(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    var out = new ArrayList<DayBucket>();
    BucketScans.days(buckets.get(), series, fromInclusive, toInclusive, (day, c) -> out.add(new DayBucket(day, c)));
    return out;
  }

  @Override
  public Optional<LocalDate> latestSessionDay(String series) {
    return BucketScans.latestSessionDay(buckets.get(), series);
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

  /** A clinic scope's counts, or the sum of every clinic scope held here for {@code network}. */
  @Override
  public DataQualityCounts quality(String scope) {
    if (!Series.NETWORK.equals(scope)) {
      DataQualityCounts q = quality.get().get(scope);
      return q == null ? DataQualityCounts.ZERO : q;
    }
    DataQualityCounts sum = DataQualityCounts.ZERO;
    try (var it = quality.get().all()) {
      while (it.hasNext()) {
        sum = sum.plus(it.next().value);
      }
    }
    return sum;
  }
}
