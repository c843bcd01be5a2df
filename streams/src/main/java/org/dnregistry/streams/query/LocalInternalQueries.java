package org.dnregistry.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.http.InternalQueries;
import org.dnregistry.streams.quality.DataQualityCounts;

/**
 * This instance's answer to the other instances: its own partitions only, never routed further (so instances
 * never wait on each other). A series is answered only while this instance owns it and its partition is active
 * and running here; a list of clinics only for partitions that are all active and running here. A request that
 * arrives after a partition moved or while it restores gets a 503, not the empty answer of a store without it.
 */
public final class LocalInternalQueries implements InternalQueries {
  private final InstanceDirectory directory;
  private final LocalPartitions local;

  public LocalInternalQueries(InstanceDirectory directory, LocalPartitions local) {
    this.directory = directory;
    this.local = local;
  }

  @Override
  public JsonNode buckets(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    return BucketJson.buckets(series, ownedHere(series).read(series, fromInclusive, toInclusive));
  }

  @Override
  public JsonNode latestSessionDay(String series) {
    return BucketJson.day(series, ownedHere(series).latestSessionDay(series));
  }

  @Override
  public JsonNode clinicsWithFigures(List<Integer> partitions) {
    return BucketJson.clinics(union(partitions, p -> local.buckets(p).clinics()));
  }

  @Override
  public JsonNode referenceClinics(List<Integer> partitions) {
    return BucketJson.clinics(union(partitions, local::referenceClinics));
  }

  @Override
  public JsonNode quality(String scope) {
    if (Series.NETWORK.equals(scope)) {
      throw new IllegalArgumentException("quality of one clinic scope only; the network is gathered by partition");
    }
    return BucketJson.quality(ownedHere(Series.of(scope, Series.ALL)).quality(scope));
  }

  @Override
  public JsonNode qualityOfClinics(List<Integer> partitions) {
    DataQualityCounts sum = DataQualityCounts.ZERO;
    for (int p : partitions) {
      sum = sum.plus(local.buckets(p).quality(Series.NETWORK));
    }
    return BucketJson.quality(sum);
  }

  private BucketReader ownedHere(String series) {
    InstanceDirectory.Owner owner = directory.ownerOfSeries(series);
    if (!owner.host().equals(directory.self())) {
      throw new InvalidStateStoreException("series " + series + " is on " + owner.host() + " now, not here");
    }
    return local.buckets(owner.partition());
  }

  static List<String> union(List<Integer> partitions, IntFunction<List<String>> read) {
    var all = new TreeSet<String>();
    for (int p : partitions) {
      all.addAll(read.apply(p));
    }
    return List.copyOf(all);
  }
}
