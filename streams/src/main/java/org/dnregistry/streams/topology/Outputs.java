package org.dnregistry.streams.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.streams.alerts.AlertStoreUpdater;
import org.dnregistry.streams.alerts.SentinelAlerts;
import org.dnregistry.streams.alerts.StatusAlerts;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.dnregistry.streams.compliance.ComplianceRecords;
import org.dnregistry.streams.research.ResearchOutputs;
import org.dnregistry.topics.Topics;

/** The output topics: alerts, compliance flags and the research aggregates. */
final class Outputs {
  private Outputs() {}

  static void build(StreamsBuilder builder, Enrichment counted, KStream<String, SeriesDelta> bucketChanges,
      TopologyOptions options, SerdeFactory serdes, StoreFactory stores) {
    builder.addStateStore(stores.keyValue(StoreNames.SENTINELS_RAISED, Serdes.Long()));
    builder.addStateStore(stores.keyValue(StoreNames.STATUS_DIRTY_SERIES, Serdes.Long()));
    builder.addStateStore(stores.keyValue(StoreNames.SERIES_STATUSES, Serdes.String()));
    builder.addStateStore(stores.keyValue(StoreNames.RESEARCH_DIRTY_MONTHS, Serdes.Long()));
    var alertsOut = Produced.with(StoreFactory.KEYS, serdes.avro(Alert.class));

    KStream<String, AdverseEventFact> adverseEventChanges = counted.adverseEvents()
        .toStream(Named.as("adverse-event-fact-changes-for-alerts"));
    adverseEventChanges
        .process(() -> new SentinelAlerts(StoreNames.SENTINELS_RAISED), Named.as("sentinel-alerts"),
            StoreNames.SENTINELS_RAISED)
        .to(Topics.ALERTS.name(), alertsOut.withName("write-sentinel-alerts"));

    var statusStores = new StatusAlerts.Stores(StoreNames.DAY_BUCKETS, StoreNames.SERIES_INDEX,
        StoreNames.STATUS_DIRTY_SERIES, StoreNames.SERIES_STATUSES, StoreNames.BASELINES);
    bucketChanges
        .process(() -> new StatusAlerts(statusStores, options.statusEvaluationInterval()), Named.as("status-alerts"),
            StoreNames.DAY_BUCKETS, StoreNames.SERIES_INDEX, StoreNames.STATUS_DIRTY_SERIES,
            StoreNames.SERIES_STATUSES)
        .to(Topics.ALERTS.name(), alertsOut.withName("write-status-alerts"));

    // Read back as a global store: every instance answers the alerts feed from its own copy.
    builder.addGlobalStore(stores.keyValue(StoreNames.ALERTS, serdes.avro(Alert.class)).withLoggingDisabled(),
        Topics.ALERTS.name(),
        Consumed.with(StoreFactory.KEYS, serdes.avro(Alert.class)).withName("read-" + StoreNames.ALERTS),
        () -> new AlertStoreUpdater(StoreNames.ALERTS, Topics.ALERTS.retention()));

    var compliance = Produced.with(StoreFactory.KEYS, serdes.avro(ComplianceFlags.class));
    counted.sessions().toStream(Named.as("session-fact-changes-for-compliance"))
        .map(ComplianceRecords::ofSession, Named.as("session-compliance-flags"))
        .to(Topics.COMPLIANCE.name(), compliance.withName("write-session-compliance-flags"));
    counted.episodes().toStream(Named.as("episode-fact-changes-for-compliance"))
        .map(ComplianceRecords::ofEpisode, Named.as("episode-compliance-flags"))
        .to(Topics.COMPLIANCE.name(), compliance.withName("write-episode-compliance-flags"));

    bucketChanges
        .process(() -> new ResearchOutputs(StoreNames.DAY_BUCKETS, StoreNames.RESEARCH_DIRTY_MONTHS,
            options.researchInterval()), Named.as("research-outputs"), StoreNames.DAY_BUCKETS,
            StoreNames.RESEARCH_DIRTY_MONTHS)
        .to((key, output, context) -> output.topic(),
            Produced.with(StoreFactory.KEYS, Serdes.serdeFrom(researchSerializer(serdes), (topic, bytes) -> {
              throw new UnsupportedOperationException("research outputs are only written");
            }))
                .withName("write-research-outputs"));
  }

  /** Writes the wrapped record to its own topic's subject; a null value is a tombstone. */
  private static Serializer<ResearchOutputs.Output> researchSerializer(SerdeFactory serdes) {
    Serializer<SpecificRecord> avro = serdes.avro(SpecificRecord.class).serializer();
    return (topic, output) -> output == null || output.value() == null ? null : avro.serialize(topic, output.value());
  }
}
