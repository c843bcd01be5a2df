package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.topology.StoreNames;

/**
 * The day buckets of the whole application, read from whichever instance holds them. All days of a series live in
 * one partition (the series is the repartition key), so a series is read whole from its owner: this instance's
 * stores when it is the owner, the owner's internal API otherwise. What spans every partition (the clinics) is
 * gathered from every instance holding partitions and merged. When no owner is known (rebalancing), or an owner
 * cannot answer, the read throws {@code InvalidStateStoreException}: a 503 with Retry-After, never a partial count.
 */
public final class RoutingBucketReader implements BucketReader {
  private final BucketReader local;
  private final InstanceDirectory directory;
  private final PeerClient peers;

  public RoutingBucketReader(BucketReader local, InstanceDirectory directory, PeerClient peers) {
    this.local = local;
    this.directory = directory;
    this.peers = peers;
  }

  @Override
  public List<DayBucket> read(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    HostInfo owner = directory.ownerOfSeries(series);
    return owner.equals(directory.self()) ? local.read(series, fromInclusive, toInclusive)
        : peers.buckets(owner, series, fromInclusive, toInclusive);
  }

  @Override
  public Optional<LocalDate> latestSessionDay(String series) {
    HostInfo owner = directory.ownerOfSeries(series);
    return owner.equals(directory.self()) ? local.latestSessionDay(series) : peers.latestSessionDay(owner, series);
  }

  /** Every instance's clinics with figures (its partitions of the series index), merged. */
  @Override
  public List<String> clinics() {
    return union(StoreNames.SERIES_INDEX, local::clinics, peers::clinicsWithFigures);
  }

  /**
   * The clinics of the reference data of every instance, merged: the clinics table is partitioned by clinic like
   * the input topic, so each instance holds some of them.
   */
  public Supplier<List<String>> referenceClinics(Supplier<List<String>> localReferenceClinics) {
    return () -> union(StoreNames.CLINICS, localReferenceClinics, peers::referenceClinics);
  }

  /** Whether this instance owns the series now: the internal API answers only for those. */
  public boolean ownsHere(String series) {
    return directory.ownerOfSeries(series).equals(directory.self());
  }

  private List<String> union(String store, Supplier<List<String>> here, Function<HostInfo, List<String>> there) {
    var all = new TreeSet<String>();
    for (HostInfo host : directory.instancesWith(store)) {
      all.addAll(host.equals(directory.self()) ? here.get() : there.apply(host));
    }
    return List.copyOf(all);
  }
}
