package org.dnregistry.streams.query;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.episodes.References;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.topology.StoreNames;

/** One partition of a running application's stores, through {@code StoreQueryParameters.withPartition}. */
public final class StreamsLocalPartitions implements LocalPartitions {
  private final KafkaStreams streams;

  public StreamsLocalPartitions(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public BucketReader buckets(int partition) {
    return new LocalBucketReader(
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.DAY_BUCKETS,
            QueryableStoreTypes.<String, DayCounters>keyValueStore()).withPartition(partition)),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.SERIES_INDEX,
            QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(partition)),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.DATA_QUALITY,
            QueryableStoreTypes.<String, DataQualityCounts>keyValueStore()).withPartition(partition)));
  }

  @Override
  public List<String> referenceClinics(int partition) {
    ReadOnlyKeyValueStore<String, References.Clinic> clinics = streams.store(
        StoreQueryParameters.fromNameAndType(StoreNames.REFERENCE_CLINICS,
            QueryableStoreTypes.<String, References.Clinic>keyValueStore()).withPartition(partition));
    var ids = new ArrayList<String>();
    try (var it = clinics.all()) {
      it.forEachRemaining(kv -> ids.add(kv.key));
    }
    return ids;
  }
}
