package org.dnregistry.topics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every clinical fact in the partition of its episode: murmur2 of the key's {@code clinicId|episodeId} part
 * ({@link Keys#episodeOf}), as Kafka's default partitioner would place the episode's own record. So an episode,
 * its sessions, outcomes and adverse events are read by one stream task, which resolves them in any arrival order
 * without a join. Producers of sessions, outcomes and adverse events set
 * {@code partitioner.class=org.dnregistry.topics.EpisodePartitioner}; a record placed otherwise still counts, at
 * the price of one more write (streams moves it to its episode's partition).
 */
public final class EpisodePartitioner implements Partitioner {
  private static final Set<String> CLINICAL_TOPICS =
      Topics.CLINICAL.stream().map(TopicSpec::name).collect(Collectors.toUnmodifiableSet());

  /** The partition of a clinical key among {@code partitions}. */
  public static int partition(String clinicalKey, int partitions) {
    byte[] episode = Keys.episodeOf(clinicalKey).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(episode)) % partitions;
  }

  /** Clinical topics by episode; any other topic (reference data) as Kafka's default partitioner does. */
  @Override
  public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (CLINICAL_TOPICS.contains(topic)) {
      if (!(key instanceof String k)) {
        throw new IllegalArgumentException("clinical records need a String key clinicId|episodeId|..., got " + key);
      }
      return partition(k, partitions);
    }
    if (keyBytes == null) {
      throw new IllegalArgumentException("every record of the registry has a key; " + topic + " got none");
    }
    return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
