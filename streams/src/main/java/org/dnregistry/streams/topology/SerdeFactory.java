package org.dnregistry.streams.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.dnregistry.registry.AvroSerdes;
import org.dnregistry.registry.SchemaRegistryClient;

/** Where the topology gets its Avro serdes: from one schema registry client, in production and in tests alike. */
public interface SerdeFactory {
  <T extends SpecificRecord> Serde<T> avro(Class<T> type);

  static SerdeFactory registry(SchemaRegistryClient client) {
    return new SerdeFactory() {
      @Override
      public <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
        return AvroSerdes.specific(type, client);
      }
    };
  }
}
