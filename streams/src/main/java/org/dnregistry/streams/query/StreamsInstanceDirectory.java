package org.dnregistry.streams.query;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.topology.StoreNames;

/**
 * The directory of a running application, from Kafka Streams' metadata.
 *
 * <p>A series' owner is the owner of the series as a key of the day-bucket store: the repartition topic
 * {@code series-deltas} is keyed by the series, serialized as a String, and partitioned by the producer's default
 * partitioner (murmur2 of the key bytes, as Streams' DefaultStreamPartitioner computes it for
 * {@code queryMetadataForKey}), so the partition found here is the one the series' changes are written to.
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
  public HostInfo ownerOfSeries(String series) {
    KeyQueryMetadata m;
    try {
      m = streams.queryMetadataForKey(StoreNames.DAY_BUCKETS, series, SERIES);
    } catch (IllegalStateException e) {
      // Not running (shutting down, or failed): as unknown as during a rebalance, for the caller.
      throw new InvalidStateStoreException("no owner of series " + series + " is known: " + e.getMessage());
    }
    if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m) || !available(m.activeHost())) {
      throw new InvalidStateStoreException("no instance owns series " + series + " now (rebalancing)");
    }
    return m.activeHost();
  }

  @Override
  public List<HostInfo> instancesWith(String storeName) {
    var hosts = new ArrayList<HostInfo>();
    try {
      for (StreamsMetadata m : streams.streamsMetadataForStore(storeName)) {
        if (!available(m.hostInfo())) {
          throw new InvalidStateStoreException("an instance holding " + storeName + " is unavailable (rebalancing)");
        }
        if (!m.stateStoreNames().contains(storeName)) {
          continue; // only standby replicas there: the active partitions are elsewhere
        }
        hosts.add(m.hostInfo());
      }
    } catch (IllegalStateException e) {
      throw new InvalidStateStoreException("the instances holding " + storeName + " are not known: " + e.getMessage());
    }
    if (hosts.isEmpty()) {
      throw new InvalidStateStoreException("no instance holds " + storeName + " now (rebalancing)");
    }
    return hosts;
  }

  private static boolean available(HostInfo host) {
    return host != null && !HostInfo.unavailable().equals(host);
  }
}
