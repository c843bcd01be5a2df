package org.dnregistry.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryUnavailableException;
import org.dnregistry.streams.deadletter.DeadLetterHandler;
import org.dnregistry.streams.state.BoundedMemoryRocksDb;
import org.junit.jupiter.api.Test;

class StreamsApplicationTest {
  @Test
  void aRegistryOutageReplacesTheThreadAnyOtherFailureStopsTheClient() {
    var outage = new org.apache.kafka.streams.errors.StreamsException("deserialization failed",
        new SchemaRegistryUnavailableException("registry unreachable", 0, 0, new java.net.ConnectException()));
    assertThat(StreamsApplication.onThreadFailure(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(StreamsApplication.onThreadFailure(new org.apache.kafka.streams.errors.StreamsException("a bug",
        new IllegalStateException("unexpected")))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(StreamsApplication.onThreadFailure(new org.apache.kafka.streams.errors.MissingSourceTopicException(
        "an input topic was deleted"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void runsExactlyOnceWithDeadLettersBoundedRocksDbAndPassesKafkaSettingsThrough() {
    var registry = new InMemorySchemaRegistryClient();
    var props = StreamsApplication.properties(Settings.of(Map.of(
        "kafka.bootstrap.servers", "broker:9092",
        "kafka.security.protocol", "SASL_SSL",
        "streams.state.dir", "/var/lib/registry",
        "streams.num.threads", "3",
        "streams.rocksdb.total.bytes", "1000000")), registry);

    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("dn-outcomes-registry");
    assertThat(props.get("bootstrap.servers")).isEqualTo("broker:9092");
    assertThat(props.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(props.get(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/registry");
    assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
    assertThat(props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
    assertThat(props.get(DeadLetterHandler.CLIENT_CONFIG)).isSameAs(registry);
    assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDb.class);
    assertThat(props.get(BoundedMemoryRocksDb.TOTAL_BYTES_CONFIG)).isEqualTo(1_000_000L);
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000L);
    assertThat(props.get("producer.transaction.timeout.ms")).isEqualTo(30_000);
    // A valid Streams configuration as a whole.
    assertThat(new StreamsConfig(props).getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("dn-outcomes-registry");
  }

  @Test
  void applicationIdAndIntervalsComeFromSettings() {
    var settings = Settings.of(Map.of("kafka.bootstrap.servers", "b:1", "streams.application.id", "other",
        "streams.publish.interval.ms", "150", "streams.evaluation.interval.ms", "2500",
        "streams.research.interval.ms", "9000"));
    assertThat(StreamsApplication.properties(settings, new InMemorySchemaRegistryClient())
        .get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("other");
    var options = StreamsApplication.options(settings, 6);
    assertThat(options.inputPartitions()).isEqualTo(6);
    assertThat(options.publishInterval()).isEqualTo(Duration.ofMillis(150));
    assertThat(options.evaluationInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.researchInterval()).isEqualTo(Duration.ofMillis(9000));
    assertThat(options.inMemoryState()).isFalse();
  }

  @Test
  void routingNeedsTheInternalTokenAndRefusesToStartWithoutOne() {
    var routed = Settings.of(Map.of("kafka.bootstrap.servers", "b:1", "streams.application.server", "10.0.0.1:8080"));
    assertThatThrownBy(() -> StreamsApplication.start(routed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(StreamsApplication.INTERNAL_TOKEN);
    assertThatThrownBy(() -> StreamsApplication.start(routed.with(StreamsApplication.INTERNAL_TOKEN, "too-short")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
    Tokens noTokens = Tokens.parse(JsonNodeFactory.instance.objectNode().set("tokens",
        JsonNodeFactory.instance.arrayNode()), "none");
    assertThatThrownBy(() -> StreamsNode.start(Settings.of(Map.of("kafka.bootstrap.servers", "b:1")), noTokens, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(StreamsApplication.INTERNAL_TOKEN);
  }
}
