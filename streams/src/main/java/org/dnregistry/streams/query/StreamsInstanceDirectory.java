package org.dnregistry.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.topology.StoreNames;

/**
 * The directory of a running application, from Kafka Streams' metadata.
 *
 * <p>A series' owner is the owner of its scope as a key of the day-bucket store: the repartition topic
 * {@code scope-changes} is keyed by the scope, serialized as a String, and partitioned by the producer's default
 * partitioner (murmur2 of the key bytes, which is what Streams' DefaultStreamPartitioner computes for
 * {@code queryMetadataForKey} with a serializer), so the partition found here is the one the scope's changes are
 * written to.
 */
public final class StreamsInstanceDirectory implements InstanceDirectory {
  private static final StringSerializer SERIES = new StringSerializer();

  private final KafkaStreams streams;
  private final HostInfo self;

  public StreamsInstanceDirectory(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public HostInfo self() {
    return self;
  }

  @Override
  public Owner ownerOfSeries(String series) {
    KeyQueryMetadata m;
    try {
      m = streams.queryMetadataForKey(StoreNames.DAY_BUCKETS, Series.scopeOf(series), SERIES);
    } catch (IllegalStateException e) {
      // Not running (shutting down, or failed): as unknown as during a rebalance, for the caller.
      throw new InvalidStateStoreException("no owner of series " + series + " is known: " + e.getMessage());
    }
    return new Owner(available(m, "series " + series), m.partition());
  }

  /**
   * Asks the owner of each partition in turn, with a partitioner that names the partition (the key is not used):
   * this needs neither the store's topic names nor its number of partitions, which the first answer gives.
   */
  @Override
  public List<HostInfo> ownersOfPartitions(String storeName) {
    int[] partitions = {0};
    var owners = new ArrayList<HostInfo>();
    try {
      int p = 0;
      do {
        KeyQueryMetadata m = streams.queryMetadataForKey(storeName, "", partition(p, partitions));
        owners.add(available(m, "partition " + p + " of " + storeName));
        p++;
      } while (p < partitions[0]);
    } catch (IllegalStateException e) {
      throw new InvalidStateStoreException("the owners of " + storeName + " are not known: " + e.getMessage());
    }
    return owners;
  }

  private static StreamPartitioner<String, Object> partition(int p, int[] count) {
    return (topic, key, value, numPartitions) -> {
      count[0] = numPartitions;
      return Optional.of(Set.of(p));
    };
  }

  private static HostInfo available(KeyQueryMetadata m, String what) {
    if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m) || m.activeHost() == null
        || HostInfo.unavailable().equals(m.activeHost())) {
      throw new InvalidStateStoreException("no instance holds " + what + " now (rebalancing)");
    }
    return m.activeHost();
  }
}
