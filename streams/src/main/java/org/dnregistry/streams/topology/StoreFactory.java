package org.dnregistry.streams.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology's named stores: RocksDB with a changelog in production, in memory for tests and benchmarks
 * of the logic. Every task store caches writes, so a key written many times between two commits reaches its
 * changelog once. Global stores live in memory and are rebuilt from their topics at every start: they are small,
 * and nothing on disk can be left corrupt by a crash.
 */
final class StoreFactory {
  static final Serde<String> KEYS = Serdes.String();
  private final boolean inMemory;

  StoreFactory(boolean inMemory) {
    this.inMemory = inMemory;
  }

  <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
    var builder = Stores.keyValueStoreBuilder(
        inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name), KEYS, values)
        .withCachingEnabled();
    return inMemory ? builder.withLoggingDisabled() : builder;
  }

  static <V> StoreBuilder<KeyValueStore<String, V>> global(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), KEYS, values).withLoggingDisabled();
  }
}
