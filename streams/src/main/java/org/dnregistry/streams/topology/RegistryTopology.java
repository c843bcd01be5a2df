package org.dnregistry.streams.topology;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.streams.alerts.AlertStoreUpdater;
import org.dnregistry.streams.alerts.SignalAlerts;
import org.dnregistry.streams.baselines.BaselineStoreUpdater;
import org.dnregistry.streams.buckets.ScopeDelta;
import org.dnregistry.streams.episodes.EpisodeOutput;
import org.dnregistry.streams.episodes.EpisodeProcessor;
import org.dnregistry.streams.intake.Fact;
import org.dnregistry.streams.research.ResearchOutputs;
import org.dnregistry.streams.scopes.ScopeProcessor;
import org.dnregistry.topics.Topics;

/**
 * The registry's Kafka Streams topology, a pure function of its options and serdes.
 *
 * <pre>
 * input topics -> validate, route           (Intake: a fact in its episode's task; reference data in every task)
 *   -> episode task: an episode's facts together; every publishInterval "new minus old" of the changed
 *      episodes, one record per scope                                  (EpisodeProcessor)
 *      -> SENTINEL alerts, compliance records
 *   -> repartition by scope -> scope task: day buckets {scope|indication|yyyy-MM-dd}, data quality,
 *      the clinic's session index                                       (ScopeProcessor)
 *      -> SIGNAL alerts: CUSUM per scope and monitored category         (SignalAlerts)
 *      -> research topics: closed months, small cells suppressed       (ResearchOutputs)
 * global stores: baselines, alerts (for the query API)
 * </pre>
 *
 * Records written per input record: the episode's changelog entry (once per commit, caching), and per publication
 * one record per changed scope with its bucket changelog entries, not one per fact.
 */
public final class RegistryTopology {
  private RegistryTopology() {}

  public static Topology build(StreamsBuilder builder, TopologyOptions options, SerdeFactory serdes) {
    var stores = new StoreFactory(options.inMemoryState());
    KStream<String, Fact> facts = Intake.facts(builder, options, serdes);

    builder.addStateStore(stores.keyValue(StoreNames.EPISODES, Serdes.ByteArray()));
    builder.addStateStore(stores.keyValue(StoreNames.REFERENCE_CLINICS, InternalSerdes.CLINIC));
    builder.addStateStore(stores.keyValue(StoreNames.REFERENCE_PRACTITIONERS, InternalSerdes.PRACTITIONER));
    builder.addStateStore(stores.keyValue(StoreNames.PRACTITIONER_EPISODES, Serdes.ByteArray()));
    var episodeStores = new EpisodeProcessor.Stores(StoreNames.EPISODES, StoreNames.REFERENCE_CLINICS,
        StoreNames.REFERENCE_PRACTITIONERS, StoreNames.PRACTITIONER_EPISODES);
    Map<String, KStream<String, EpisodeOutput>> outputs = facts
        .process(() -> new EpisodeProcessor(episodeStores, options.publishInterval()), Named.as("episodes"),
            StoreNames.EPISODES, StoreNames.REFERENCE_CLINICS, StoreNames.REFERENCE_PRACTITIONERS,
            StoreNames.PRACTITIONER_EPISODES)
        .split(Named.as("episode-"))
        .branch((k, v) -> v instanceof EpisodeOutput.ScopeChange, Branched.as("scope-changes"))
        .branch((k, v) -> v instanceof EpisodeOutput.Compliance, Branched.as("compliance"))
        .branch((k, v) -> v instanceof EpisodeOutput.Sentinel, Branched.as("sentinels"))
        .noDefaultBranch();

    outputs.get("episode-sentinels")
        .mapValues(v -> ((EpisodeOutput.Sentinel) v).alert(), Named.as("unwrap-sentinel-alerts"))
        .to(Topics.ALERTS.name(), Produced.with(StoreFactory.KEYS, serdes.avro(Alert.class))
            .withName("write-sentinel-alerts"));
    outputs.get("episode-compliance")
        .mapValues(v -> ((EpisodeOutput.Compliance) v).flags(), Named.as("unwrap-compliance-records"))
        .to(Topics.COMPLIANCE.name(), Produced.with(StoreFactory.KEYS, serdes.avro(ComplianceFlags.class))
            .withName("write-compliance"));

    builder.addStateStore(stores.keyValue(StoreNames.DAY_BUCKETS, InternalSerdes.DAY_COUNTERS));
    builder.addStateStore(stores.keyValue(StoreNames.SERIES_INDEX, Serdes.Long()));
    builder.addStateStore(stores.keyValue(StoreNames.DATA_QUALITY, InternalSerdes.DATA_QUALITY));
    builder.addStateStore(stores.keyValue(StoreNames.SESSION_INDEX, InternalSerdes.SESSION_INDEX));
    var scopeStores = new ScopeProcessor.Stores(StoreNames.DAY_BUCKETS, StoreNames.SERIES_INDEX,
        StoreNames.DATA_QUALITY, StoreNames.SESSION_INDEX);
    KStream<String, ScopeProcessor.Changed> changedScopes = outputs.get("episode-scope-changes")
        .mapValues(v -> ((EpisodeOutput.ScopeChange) v).delta(), Named.as("unwrap-scope-deltas"))
        .repartition(Repartitioned.<String, ScopeDelta>as(StoreNames.SCOPE_CHANGES).withKeySerde(StoreFactory.KEYS)
            .withValueSerde(InternalSerdes.SCOPE_DELTA))
        .process(() -> new ScopeProcessor(scopeStores), Named.as("scopes"), StoreNames.DAY_BUCKETS,
            StoreNames.SERIES_INDEX, StoreNames.DATA_QUALITY, StoreNames.SESSION_INDEX);

    builder.addStateStore(stores.keyValue(StoreNames.SIGNALS_RAISED, Serdes.Long()));
    var signalStores = new SignalAlerts.Stores(StoreNames.DAY_BUCKETS, StoreNames.SERIES_INDEX,
        StoreNames.SIGNALS_RAISED, StoreNames.BASELINES);
    changedScopes
        .process(() -> new SignalAlerts(signalStores, options.evaluationInterval()), Named.as("signal-alerts"),
            StoreNames.DAY_BUCKETS, StoreNames.SERIES_INDEX, StoreNames.SIGNALS_RAISED)
        .to(Topics.ALERTS.name(), Produced.with(StoreFactory.KEYS, serdes.avro(Alert.class))
            .withName("write-signal-alerts"));

    builder.addStateStore(stores.keyValue(StoreNames.RESEARCH_PUBLISHED, Serdes.String()));
    changedScopes
        .process(() -> new ResearchOutputs(StoreNames.DAY_BUCKETS, StoreNames.RESEARCH_PUBLISHED,
            options.researchInterval()), Named.as("research-outputs"), StoreNames.DAY_BUCKETS,
            StoreNames.RESEARCH_PUBLISHED)
        .to((key, output, context) -> output.topic(), Produced.with(StoreFactory.KEYS,
            Serdes.serdeFrom(researchSerializer(serdes), (topic, bytes) -> {
              throw new UnsupportedOperationException("research outputs are only written");
            })).withName("write-research-outputs"));

    globalStores(builder, serdes);
    return builder.build();
  }

  /** Writes the wrapped record to its own topic's subject; a null value is a tombstone. */
  private static Serializer<ResearchOutputs.Output> researchSerializer(SerdeFactory serdes) {
    Serializer<SpecificRecord> avro = serdes.avro(SpecificRecord.class).serializer();
    return (topic, output) -> output == null || output.value() == null ? null : avro.serialize(topic, output.value());
  }

  /** The baselines and the alerts, complete on every instance for the query API. */
  private static void globalStores(StreamsBuilder builder, SerdeFactory serdes) {
    var baselines = serdes.avro(Baseline.class);
    builder.addGlobalStore(StoreFactory.global(StoreNames.BASELINES, baselines), Topics.BASELINES.name(),
        Consumed.with(StoreFactory.KEYS, baselines).withName("read-" + StoreNames.BASELINES),
        () -> new BaselineStoreUpdater(StoreNames.BASELINES));
    var alerts = serdes.avro(Alert.class);
    builder.addGlobalStore(StoreFactory.global(StoreNames.ALERTS, alerts), Topics.ALERTS.name(),
        Consumed.with(StoreFactory.KEYS, alerts).withName("read-" + StoreNames.ALERTS),
        () -> new AlertStoreUpdater(StoreNames.ALERTS, Topics.ALERTS.retention()));
  }
}
