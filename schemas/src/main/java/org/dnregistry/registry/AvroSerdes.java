package org.dnregistry.registry;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for the registry's Avro records in the Confluent wire format. Values use the subject
 * {@code <topic>-value}; the {@code ...Key} variants use {@code <topic>-key}. Schemas are registered on first use.
 */
public final class AvroSerdes {
  private AvroSerdes() {}

  public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, false, true), new AvroDeserializer<>(client, type));
  }

  public static <T extends SpecificRecord> Serde<T> specificKey(Class<T> type, SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, true, true), new AvroDeserializer<>(client, type));
  }

  public static Serde<GenericRecord> generic(SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, false, true), new AvroDeserializer<>(client, null));
  }

  public static Serde<GenericRecord> genericKey(SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, true, true), new AvroDeserializer<>(client, null));
  }
}
