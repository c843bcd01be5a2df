package org.dnregistry.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.dnregistry.streams.http.InternalQueries;

/**
 * This instance's answer to the other instances: its own stores only, never routed further (so two instances
 * never wait on each other). A series is answered only while this instance owns it: a request that arrives after
 * the series moved (the asker's metadata is older) gets a 503, not the empty answer of a store without it.
 */
public final class LocalInternalQueries implements InternalQueries {
  private final BucketReader local;
  private final Predicate<String> ownsSeries;
  private final Supplier<List<String>> referenceClinics;

  /**
   * @param local            this instance's day buckets ({@link LocalBucketReader})
   * @param ownsSeries       whether this instance owns a series now (may throw InvalidStateStoreException)
   * @param referenceClinics the clinics of the reference data in this instance's partitions
   */
  public LocalInternalQueries(BucketReader local, Predicate<String> ownsSeries,
      Supplier<List<String>> referenceClinics) {
    this.local = local;
    this.ownsSeries = ownsSeries;
    this.referenceClinics = referenceClinics;
  }

  @Override
  public JsonNode buckets(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    requireOwned(series);
    return BucketJson.buckets(series, local.read(series, fromInclusive, toInclusive));
  }

  @Override
  public JsonNode latestSessionDay(String series) {
    requireOwned(series);
    return BucketJson.day(series, local.latestSessionDay(series));
  }

  @Override
  public JsonNode clinicsWithFigures() {
    return BucketJson.clinics(local.clinics());
  }

  @Override
  public JsonNode referenceClinics() {
    return BucketJson.clinics(referenceClinics.get());
  }

  private void requireOwned(String series) {
    if (!ownsSeries.test(series)) {
      throw new InvalidStateStoreException("series " + series + " is not on this instance now (it moved)");
    }
  }
}
