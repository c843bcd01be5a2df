package org.dnregistry.streams.oracle;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record as it arrives on an input topic: the topic name ({@code Topics.X.name()}), the key built by
 * {@code org.dnregistry.topics.Keys}, and the Avro value, or {@code null} for a retraction (tombstone).
 */
public record TopicRecord(String topic, String key, SpecificRecord valueOrNull) {
  public TopicRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
  }

  public static TopicRecord retraction(String topic, String key) {
    return new TopicRecord(topic, key, null);
  }

  public boolean isRetraction() {
    return valueOrNull == null;
  }
}
