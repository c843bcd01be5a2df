package org.dnregistry.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dnregistry.avro.Baseline;
import org.dnregistry.streams.topology.StoreNames;

/** The baselines of the global store that every instance holds in full. */
public final class StoreBaselines implements BaselineSource {
  private final Supplier<ReadOnlyKeyValueStore<String, Baseline>> store;

  public StoreBaselines(Supplier<ReadOnlyKeyValueStore<String, Baseline>> store) {
    this.store = store;
  }

  public static StoreBaselines of(KafkaStreams streams) {
    return new StoreBaselines(() -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.BASELINES,
        QueryableStoreTypes.<String, Baseline>keyValueStore())));
  }

  @Override
  public List<Baseline> baselines() {
    var out = new ArrayList<Baseline>();
    try (var it = store.get().all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}
