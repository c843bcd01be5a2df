package org.dnregistry.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.junit.jupiter.api.Test;

class EpisodePartitionerTest {
  private static final int PARTITIONS = 12;

  @Test
  void everyFactOfAnEpisodeGoesWhereKafkasDefaultPartitionerPutsTheEpisode() {
    for (int e = 0; e < 200; e++) {
      String episodeId = "E" + e;
      String episodeKey = Keys.episode("C1", episodeId);
      int expected = BuiltInPartitioner.partitionForKey(episodeKey.getBytes(StandardCharsets.UTF_8), PARTITIONS);
      assertThat(EpisodePartitioner.partition(episodeKey, PARTITIONS)).isEqualTo(expected);
      assertThat(EpisodePartitioner.partition(Keys.session("C1", episodeId, "S" + e), PARTITIONS)).isEqualTo(expected);
      assertThat(EpisodePartitioner.partition(Keys.adverseEvent("C1", episodeId, "A" + e), PARTITIONS))
          .isEqualTo(expected);
      assertThat(EpisodePartitioner.partition(Keys.outcome("C1", episodeId, Instrument.NPRS, Timepoint.WEEK_4),
          PARTITIONS)).isEqualTo(expected);
    }
  }

  @Test
  void oneClinicsEpisodesSpreadOverEveryPartition() {
    var used = new java.util.TreeSet<Integer>();
    for (int e = 0; e < 500; e++) {
      used.add(EpisodePartitioner.partition(Keys.episode("BIG", "E" + e), PARTITIONS));
    }
    assertThat(used).hasSize(PARTITIONS);
  }

  @Test
  void asAProducerPartitionerItPlacesClinicalTopicsByEpisodeAndReferenceDataByKey() {
    var partitioner = new EpisodePartitioner();
    Cluster cluster = cluster(Topics.SESSIONS.name(), Topics.CLINICS.name());
    String session = Keys.session("C1", "E7", "S1");
    assertThat(partitioner.partition(Topics.SESSIONS.name(), session, bytes(session), null, null, cluster))
        .isEqualTo(BuiltInPartitioner.partitionForKey(bytes(Keys.episode("C1", "E7")), PARTITIONS));
    assertThat(partitioner.partition(Topics.CLINICS.name(), "C1", bytes("C1"), null, null, cluster))
        .isEqualTo(BuiltInPartitioner.partitionForKey(bytes("C1"), PARTITIONS));
  }

  @Test
  void keysNameTheirEpisode() {
    assertThat(Keys.episodeOf(Keys.session("C1", "E7", "S1"))).isEqualTo("C1|E7");
    assertThat(Keys.episodeOf(Keys.episode("C1", "E7"))).isEqualTo("C1|E7");
    assertThat(Keys.episodeOf(Keys.outcome("C1", "E7", Instrument.ODI, Timepoint.BASELINE))).isEqualTo("C1|E7");
    assertThat(Keys.idOf(Keys.adverseEvent("C1", "E7", "A9"))).isEqualTo("A9");
    assertThatThrownBy(() -> Keys.episodeOf("C1")).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Cluster cluster(String... topics) {
    Node node = new Node(0, "localhost", 9092);
    var partitions = new java.util.ArrayList<PartitionInfo>();
    for (String topic : topics) {
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
      }
    }
    return new Cluster("test", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
  }
}
