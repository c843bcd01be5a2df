package org.dnregistry.streams.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds the topology's named stores: RocksDB in production, in memory for tests and benchmarks of the logic. */
final class StoreFactory {
  static final Serde<String> KEYS = Serdes.String();
  private final boolean inMemory;

  StoreFactory(boolean inMemory) {
    this.inMemory = inMemory;
  }

  <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String name, Serde<V> values) {
    Materialized<String, V, KeyValueStore<Bytes, byte[]>> m =
        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(KEYS).withValueSerde(values);
    return inMemory ? m.withStoreType(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers()).withLoggingDisabled() : m;
  }

  <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
    var builder = Stores.keyValueStoreBuilder(
        inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name), KEYS, values);
    return inMemory ? builder.withLoggingDisabled() : builder;
  }
}
