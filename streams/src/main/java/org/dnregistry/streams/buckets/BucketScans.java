package org.dnregistry.streams.buckets;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Range scans of a day-bucket store ({@code <series>|yyyy-MM-dd}), shared by the topology and the query side. */
public final class BucketScans {
  /** Sorts after every day of a series ({@code yyyy-MM-dd} is digits and dashes). */
  private static final String AFTER_LAST_DAY = "~";

  private BucketScans() {}

  /** The latest day of the series on which at least one counted session occurred. */
  public static Optional<LocalDate> latestSessionDay(ReadOnlyKeyValueStore<String, DayCounters> buckets,
      String series) {
    try (var it = buckets.reverseRange(Series.firstKey(series), Series.firstKey(series) + AFTER_LAST_DAY)) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value.sessions() > 0) {
          return Optional.of(Series.dayOfBucket(kv.key));
        }
      }
    }
    return Optional.empty();
  }

  /** Every non-empty day of the series from {@code from} (null: the first) through {@code to}, in day order. */
  public static void days(ReadOnlyKeyValueStore<String, DayCounters> buckets, String series, LocalDate from,
      LocalDate to, BiConsumer<LocalDate, DayCounters> each) {
    String first = from == null ? Series.firstKey(series) : Series.bucketKey(series, from);
    String last = to == null ? Series.firstKey(series) + AFTER_LAST_DAY : Series.bucketKey(series, to);
    if (first.compareTo(last) > 0) {
      return;
    }
    try (var it = buckets.range(first, last)) {
      it.forEachRemaining(kv -> each.accept(Series.dayOfBucket(kv.key), kv.value));
    }
  }

  /** The sum of the series' days from {@code from} (null: the first) through {@code to}. */
  public static DayCounters sum(ReadOnlyKeyValueStore<String, DayCounters> buckets, String series, LocalDate from,
      LocalDate to) {
    var sum = DayCounters.builder();
    days(buckets, series, from, to, (day, counters) -> sum.add(counters));
    return sum.build();
  }
}
