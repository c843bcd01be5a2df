package org.dnregistry.streams.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.common.serialization.Serdes;
import org.dnregistry.streams.buckets.Contribution;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.dnregistry.streams.facts.Contributions;

/**
 * The registry's Kafka Streams topology, a pure function of its options and serdes.
 *
 * <pre>
 * input topics -> validate -> fact tables                                   (FactTables; bad records: dead letters)
 * session, adverse event and episode facts via foreign-key and key joins    (Enrichment)
 * fact -> its contribution -> (new - old) per series and day                (DeltaProcessor, store of contributions)
 *      -> repartition by series -> day buckets {series|yyyy-MM-dd}          (BucketProcessor)
 * alerts, compliance flags, research aggregates                             (Outputs)
 * </pre>
 *
 * The last contribution kept per fact makes every count exact under duplicates, corrections and retractions;
 * integer counters make the buckets independent of arrival order.
 */
public final class RegistryTopology {
  /** Prefixes that keep the keys of the three kinds of facts apart in one contribution store. */
  static final String SESSION_FACT = "S|";
  static final String ADVERSE_EVENT_FACT = "A|";
  static final String EPISODE_FACT = "E|";

  private RegistryTopology() {}

  public static Topology build(StreamsBuilder builder, TopologyOptions options, SerdeFactory serdes) {
    var stores = new StoreFactory(options.inMemoryState());
    FactTables facts = FactTables.build(builder, serdes, stores);
    FactTables.baselines(builder, serdes, stores);
    Enrichment counted = Enrichment.build(facts, serdes, stores);

    KStream<String, Contribution> contributions = counted.sessions()
        .toStream(Named.as("session-fact-changes"))
        .map((key, fact) -> KeyValue.pair(SESSION_FACT + key, fact == null ? null : Contributions.ofSession(fact)),
            Named.as("session-contributions"))
        .merge(counted.adverseEvents().toStream(Named.as("adverse-event-fact-changes"))
                .map((key, fact) -> KeyValue.pair(ADVERSE_EVENT_FACT + key,
                    fact == null ? null : Contributions.ofAdverseEvent(fact)), Named.as("adverse-event-contributions")),
            Named.as("merge-session-and-adverse-event-contributions"))
        .merge(counted.episodes().toStream(Named.as("episode-fact-changes"))
                .map((key, fact) -> KeyValue.pair(EPISODE_FACT + key,
                    fact == null ? null : Contributions.ofEpisode(fact)), Named.as("episode-contributions")),
            Named.as("merge-episode-contributions"));

    builder.addStateStore(stores.keyValue(StoreNames.CONTRIBUTIONS, InternalSerdes.contribution(serdes)));
    builder.addStateStore(stores.keyValue(StoreNames.DAY_BUCKETS, InternalSerdes.dayCounters(serdes)));
    builder.addStateStore(stores.keyValue(StoreNames.SERIES_INDEX, Serdes.Long()));
    KStream<String, SeriesDelta> bucketChanges = contributions
        .process(DeltaProcessor::new, Named.as("series-changes"), StoreNames.CONTRIBUTIONS)
        .repartition(Repartitioned.<String, SeriesDelta>as(StoreNames.SERIES_DELTAS)
            .withKeySerde(StoreFactory.KEYS).withValueSerde(InternalSerdes.seriesDelta(serdes)))
        .process(BucketProcessor::new, Named.as("apply-to-day-buckets"), StoreNames.DAY_BUCKETS,
            StoreNames.SERIES_INDEX);

    Outputs.build(builder, counted, bucketChanges, options, serdes, stores);

    return builder.build();
  }
}
