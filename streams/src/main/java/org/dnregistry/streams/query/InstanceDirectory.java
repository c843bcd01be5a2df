package org.dnregistry.streams.query;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the partitions of the application's stores are now: which instance owns a series' day buckets, which
 * instances hold some partitions of a store. Instances are named by their {@code application.server}.
 * Both questions throw Kafka Streams' {@code InvalidStateStoreException} when the answer is not known now
 * (the group is rebalancing, an owner is unavailable): a query then answers 503 rather than guess.
 */
public interface InstanceDirectory {
  /** This instance. */
  HostInfo self();

  /** The instance whose active task holds every day bucket of {@code series}. */
  HostInfo ownerOfSeries(String series);

  /** Every instance with active partitions of {@code storeName} (this one included when it has some). */
  List<HostInfo> instancesWith(String storeName);
}
