package org.dnregistry.ingest.events;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record ready for Kafka: the topic of its type, its key ({@link org.dnregistry.topics.Keys}) and its Avro
 * value, or a null value for a retraction (a tombstone on the fact's key). {@code clinicId} is the owning clinic
 * of a clinical fact and null for reference data.
 */
public record Fact(EventType type, String key, SpecificRecord value, String clinicId) {
  public Fact {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
  }

  public String topic() {
    return type.topic().name();
  }

  public boolean tombstone() {
    return value == null;
  }
}
