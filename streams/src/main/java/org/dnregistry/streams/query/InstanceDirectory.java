package org.dnregistry.streams.query;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the partitions of the application's stores are now, by Kafka Streams' metadata: which instance owns a
 * series' day buckets, and which instance holds each partition of a store. Instances are named by their
 * {@code application.server}. Both questions throw Kafka Streams' {@code InvalidStateStoreException} when the
 * answer is not known now (the group is rebalancing, an owner is unavailable): a query then answers 503 rather
 * than guess.
 */
public interface InstanceDirectory {
  /** The active instance of a series' partition, and the partition's number. */
  record Owner(HostInfo host, int partition) {}

  /** This instance. */
  HostInfo self();

  /** The instance whose active task holds every day bucket of {@code series}, and that task's partition. */
  Owner ownerOfSeries(String series);

  /** The active instance of each partition of {@code storeName}, by partition number: every partition, or none. */
  List<HostInfo> ownersOfPartitions(String storeName);
}
