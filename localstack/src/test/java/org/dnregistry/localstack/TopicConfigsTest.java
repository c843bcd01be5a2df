package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.TopicConfig;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;

class TopicConfigsTest {
  @Test
  void topicsWithThreeReplicasOrMoreNeedTwoInSync() {
    assertThat(TopicSetup.newTopicConfigs(Topics.EPISODES, (short) 3))
        .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
        .containsAllEntriesOf(Topics.EPISODES.configs());
    assertThat(TopicSetup.newTopicConfigs(Topics.ALERTS, (short) 5))
        .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
  }

  @Test
  void fewerReplicasKeepTheBrokerDefault() {
    assertThat(TopicSetup.newTopicConfigs(Topics.EPISODES, (short) 1)).isEqualTo(Topics.EPISODES.configs());
    assertThat(TopicSetup.newTopicConfigs(Topics.EPISODES, (short) 2))
        .doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
  }
}
