package org.dnregistry.registry;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for the registry's Avro records in the Confluent wire format. */
public final class AvroSerdes {
  private AvroSerdes() {}

  public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, false, true), new AvroDeserializer<>(client, type));
  }

  public static Serde<GenericRecord> generic(SchemaRegistryClient client) {
    return Serdes.serdeFrom(new AvroSerializer<>(client, false, true), new AvroDeserializer<>(client, null));
  }
}
