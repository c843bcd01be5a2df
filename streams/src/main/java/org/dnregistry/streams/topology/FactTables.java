package org.dnregistry.streams.topology;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.streams.baselines.BaselineStoreUpdater;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.streams.deadletter.ValidateProcessor;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * The input topics as tables of facts: the last value per key wins, a tombstone retracts. Records with impossible
 * values never enter a table (the validation step throws and the exception handler dead-letters them), so a bad
 * correction leaves the previous value in place. The baselines are a global store (see {@link #baselines}).
 */
record FactTables(
    KTable<String, Episode> episodes,
    KTable<String, Session> sessions,
    KTable<String, Outcome> outcomes,
    KTable<String, AdverseEvent> adverseEvents,
    KTable<String, Clinic> clinics,
    KTable<String, Practitioner> practitioners) {

  static FactTables build(StreamsBuilder builder, SerdeFactory serdes, StoreFactory stores) {
    return new FactTables(
        table(builder, Topics.EPISODES, StoreNames.EPISODES, serdes, stores, FactChecks::episode),
        table(builder, Topics.SESSIONS, StoreNames.SESSIONS, serdes, stores, FactChecks::session),
        table(builder, Topics.OUTCOMES, StoreNames.OUTCOMES, serdes, stores, FactChecks::outcome),
        table(builder, Topics.ADVERSE_EVENTS, StoreNames.ADVERSE_EVENTS, serdes, stores, FactChecks::adverseEvent),
        table(builder, Topics.CLINICS, StoreNames.CLINICS, serdes, stores, FactChecks::clinic),
        table(builder, Topics.PRACTITIONERS, StoreNames.PRACTITIONERS, serdes, stores, FactChecks::practitioner));
  }

  /**
   * The baselines as a global store, read by every task (status alerts) and by the query service. A global store
   * with its own update processor rather than a GlobalKTable, so impossible baselines are kept out like facts.
   */
  static void baselines(StreamsBuilder builder, SerdeFactory serdes, StoreFactory stores) {
    Serde<Baseline> values = serdes.avro(Baseline.class);
    builder.addGlobalStore(stores.keyValue(StoreNames.BASELINES, values).withLoggingDisabled(),
        Topics.BASELINES.name(),
        Consumed.with(StoreFactory.KEYS, values).withName("read-" + StoreNames.BASELINES),
        () -> new BaselineStoreUpdater(StoreNames.BASELINES));
  }

  private static <V extends SpecificRecord> KTable<String, V> table(StreamsBuilder builder, TopicSpec<V> topic,
      String storeName, SerdeFactory serdes, StoreFactory stores, BiFunction<String, V, List<String>> checks) {
    Serde<V> values = serdes.avro(topic.valueType());
    return builder.stream(topic.name(), Consumed.with(StoreFactory.KEYS, values).withName("read-" + storeName))
        .processValues(() -> new ValidateProcessor<>(topic.name(), checks), Named.as("validate-" + storeName))
        .toTable(Named.as("table-" + storeName), stores.materialized(storeName, values));
  }
}
