package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.quality.DataQualityCounts;

/**
 * Read access to the day buckets, wherever they live (this instance's stores, or another instance's through the
 * query API). A series is {@code <scope>|<indication>}, see {@link org.dnregistry.streams.buckets.Series}.
 */
public interface BucketReader {
  /** One non-empty day of a series. */
  record DayBucket(LocalDate day, DayCounters counters) {}

  /** The non-empty days of a series from {@code fromInclusive} (null: from the first) to {@code toInclusive}. */
  List<DayBucket> read(String series, LocalDate fromInclusive, LocalDate toInclusive);

  /** The latest day of the series on which at least one counted session occurred. */
  Optional<LocalDate> latestSessionDay(String series);

  /** Every clinic with at least one non-empty day bucket, in any order. */
  List<String> clinics();

  /** The data-quality counts of a clinic scope, or of every clinic together for {@code network}. */
  DataQualityCounts quality(String scope);
}
