package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.topology.StoreNames;

/**
 * The day buckets of the whole application, read from whichever instance holds them. All days of every series of a
 * scope live in one partition (the scope is the repartition key), so a series is read whole from its owner: this
 * instance's
 * partition when it is the owner, the owner's internal API otherwise. What spans every partition (the clinics) is
 * gathered partition by partition from each partition's owner and merged. When an owner is not known
 * (rebalancing), or cannot answer (restoring, gone, no longer the owner), the read throws
 * {@code InvalidStateStoreException}: a 503 with Retry-After, never a partial count.
 */
public final class RoutingBucketReader implements BucketReader {
  private final LocalPartitions local;
  private final InstanceDirectory directory;
  private final PeerClient peers;

  public RoutingBucketReader(LocalPartitions local, InstanceDirectory directory, PeerClient peers) {
    this.local = local;
    this.directory = directory;
    this.peers = peers;
  }

  @Override
  public List<DayBucket> read(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    InstanceDirectory.Owner owner = directory.ownerOfSeries(series);
    return owner.host().equals(directory.self())
        ? local.buckets(owner.partition()).read(series, fromInclusive, toInclusive)
        : peers.buckets(owner.host(), series, fromInclusive, toInclusive);
  }

  @Override
  public Optional<LocalDate> latestSessionDay(String series) {
    InstanceDirectory.Owner owner = directory.ownerOfSeries(series);
    return owner.host().equals(directory.self()) ? local.buckets(owner.partition()).latestSessionDay(series)
        : peers.latestSessionDay(owner.host(), series);
  }

  /** A clinic scope's counts from its owner; for the network, every partition's clinics, each from its owner. */
  @Override
  public DataQualityCounts quality(String scope) {
    if (!Series.NETWORK.equals(scope)) {
      InstanceDirectory.Owner owner = directory.ownerOfSeries(Series.of(scope, Series.ALL));
      return owner.host().equals(directory.self()) ? local.buckets(owner.partition()).quality(scope)
          : peers.quality(owner.host(), scope);
    }
    List<HostInfo> owners = directory.ownersOfPartitions(StoreNames.DATA_QUALITY);
    Map<HostInfo, List<Integer>> byHost = byHost(owners);
    DataQualityCounts sum = DataQualityCounts.ZERO;
    for (var e : byHost.entrySet()) {
      if (e.getKey().equals(directory.self())) {
        for (int p : e.getValue()) {
          sum = sum.plus(local.buckets(p).quality(Series.NETWORK));
        }
      } else {
        sum = sum.plus(peers.qualityOfClinics(e.getKey(), e.getValue()));
      }
    }
    return sum;
  }

  /** The clinics with figures of every partition of the series index, each read from its owner, merged. */
  @Override
  public List<String> clinics() {
    return gather(StoreNames.SERIES_INDEX, p -> local.buckets(p).clinics(), peers::clinicsWithFigures);
  }

  /**
   * The clinics of the reference data, gathered like {@link #clinics()}: every episode task holds all of them, so
   * any partition would do, but a partition whose owner is restoring answers nothing yet.
   */
  public Supplier<List<String>> referenceClinics() {
    return () -> gather(StoreNames.REFERENCE_CLINICS, local::referenceClinics, peers::referenceClinics);
  }

  private List<String> gather(String store, IntFunction<List<String>> here,
      BiFunction<HostInfo, List<Integer>, List<String>> there) {
    Map<HostInfo, List<Integer>> byHost = byHost(directory.ownersOfPartitions(store));
    var all = new TreeSet<String>();
    byHost.forEach((host, partitions) -> all.addAll(host.equals(directory.self())
        ? LocalInternalQueries.union(partitions, here) : there.apply(host, partitions)));
    return List.copyOf(all);
  }

  /** Partition numbers by the instance that owns them. */
  private static Map<HostInfo, List<Integer>> byHost(List<HostInfo> owners) {
    Map<HostInfo, List<Integer>> byHost = new LinkedHashMap<>();
    for (int p = 0; p < owners.size(); p++) {
      byHost.computeIfAbsent(owners.get(p), h -> new ArrayList<>()).add(p);
    }
    return byHost;
  }
}
