package org.dnregistry.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One Kafka topic of the registry: its name, what its values are, how long Kafka keeps them.
 * Keys are always UTF-8 strings built by {@link Keys}; values are Avro records in the Confluent wire format.
 */
public record TopicSpec<V extends SpecificRecord>(
    String name, Class<V> valueType, Schema valueSchema, Cleanup cleanup, Duration retention, String description) {

  /** COMPACT topics hold facts keyed by their natural id (an upsert replaces, a tombstone retracts). */
  public enum Cleanup { COMPACT, DELETE }

  /** Kafka topic configs that follow from the spec; retention only matters for DELETE topics. */
  public Map<String, String> configs() {
    return switch (cleanup) {
      case COMPACT -> Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
          // Keep retractions (tombstones) a week so a consumer that was down for days still sees them.
          TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()));
      case DELETE -> Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
          TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    };
  }

  /** The schema-registry subject of the values under the TopicNameStrategy. */
  public String valueSubject() {
    return name + "-value";
  }
}
