package org.dnregistry.streams.topology;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.avro.internal.EpisodeOutcomes;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.streams.buckets.Contribution;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.streams.deadletter.ValidateProcessor;
import org.dnregistry.streams.facts.AdverseEventFacts;
import org.dnregistry.streams.facts.Contributions;
import org.dnregistry.streams.facts.EpisodeFact;
import org.dnregistry.streams.facts.EpisodeOutcomesAggregation;
import org.dnregistry.streams.facts.SessionFacts;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * The registry's Kafka Streams topology, a pure function of its options and serdes.
 *
 * <pre>
 * input topics -> validate -> fact tables (dead letters for impossible values)
 * sessions JOIN episodes (fk) LEFT JOIN practitioners (fk) LEFT JOIN clinics (fk)  -> session facts
 * adverse events JOIN (sessions JOIN episodes) (fk)                               -> adverse event facts
 * episodes LEFT JOIN outcomes-per-episode LEFT JOIN session-count-per-episode      -> episode facts
 * facts -> contribution per fact -> (new - old) per series and day -> repartition by series -> day buckets
 * </pre>
 *
 * Foreign-key joins re-emit when the side that was missing arrives, so references resolve whatever the arrival
 * order; the last contribution kept per fact makes every count exact under duplicates, corrections and
 * retractions.
 */
public final class RegistryTopology {
  private static final Serde<String> KEYS = Serdes.String();
  /** Prefixes that keep the keys of the three kinds of facts apart in one contribution store. */
  static final String SESSION_FACT = "S|";
  static final String ADVERSE_EVENT_FACT = "A|";
  static final String EPISODE_FACT = "E|";

  private RegistryTopology() {}

  public static Topology build(StreamsBuilder builder, TopologyOptions options, SerdeFactory serdes) {
    KTable<String, Episode> episodes = factTable(builder, Topics.EPISODES, StoreNames.EPISODES, serdes,
        FactChecks::episode);
    KTable<String, Session> sessions = factTable(builder, Topics.SESSIONS, StoreNames.SESSIONS, serdes,
        FactChecks::session);
    KTable<String, Outcome> outcomes = factTable(builder, Topics.OUTCOMES, StoreNames.OUTCOMES, serdes,
        FactChecks::outcome);
    KTable<String, AdverseEvent> adverseEvents = factTable(builder, Topics.ADVERSE_EVENTS,
        StoreNames.ADVERSE_EVENTS, serdes, FactChecks::adverseEvent);
    KTable<String, Clinic> clinics = factTable(builder, Topics.CLINICS, StoreNames.CLINICS, serdes,
        FactChecks::clinic);
    KTable<String, Practitioner> practitioners = factTable(builder, Topics.PRACTITIONERS,
        StoreNames.PRACTITIONERS, serdes, FactChecks::practitioner);
    GlobalKTable<String, Baseline> baselines = baselines(builder, serdes);

    Serde<SessionFact> sessionFactSerde = serdes.avro(SessionFact.class);

    // A session counts once its episode exists; it takes the episode's indication.
    KTable<String, SessionFact> sessionsWithEpisode = sessions.join(episodes, SessionFacts::episodeKey,
        SessionFacts::withEpisode, TableJoined.as(StoreNames.SESSION_EPISODE_JOIN),
        materialized(StoreNames.SESSIONS_WITH_EPISODE, sessionFactSerde));
    KTable<String, SessionFact> sessionsWithPractitioner = sessionsWithEpisode.leftJoin(practitioners,
        SessionFacts::practitionerKey, SessionFacts::withPractitioner,
        TableJoined.as(StoreNames.SESSION_PRACTITIONER_JOIN),
        materialized(StoreNames.SESSIONS_WITH_PRACTITIONER, sessionFactSerde));
    KTable<String, SessionFact> sessionFacts = sessionsWithPractitioner.leftJoin(clinics,
        SessionFacts::clinicKey, SessionFacts::withClinic, TableJoined.as(StoreNames.SESSION_CLINIC_JOIN));

    // An adverse event counts once its session counts. It joins the session-with-episode stage, which holds
    // everything it needs (day, indication), so practitioner and clinic updates do not fan out to events.
    KTable<String, AdverseEventFact> adverseEventFacts = adverseEvents.join(sessionsWithEpisode,
        AdverseEventFacts::sessionKey, AdverseEventFacts::withSession,
        TableJoined.as(StoreNames.ADVERSE_EVENT_SESSION_JOIN));

    KTable<String, EpisodeOutcomes> outcomesByEpisode = outcomes
        .groupBy((key, outcome) -> KeyValue.pair(EpisodeOutcomesAggregation.episodeKey(outcome), outcome),
            Grouped.with(StoreNames.OUTCOMES_BY_EPISODE, KEYS, serdes.avro(Outcome.class)))
        .aggregate(EpisodeOutcomesAggregation::empty, EpisodeOutcomesAggregation::add,
            EpisodeOutcomesAggregation::remove, Named.as(StoreNames.OUTCOMES_BY_EPISODE + "-aggregate"),
            materialized(StoreNames.OUTCOMES_BY_EPISODE, serdes.avro(EpisodeOutcomes.class)));
    // Every session of an existing episode counts, so counting the raw sessions per episode key is exact
    // wherever it is used (joined to an existing episode).
    KTable<String, Long> sessionCounts = sessions
        .groupBy((key, session) -> KeyValue.pair(SessionFacts.episodeKey(session), session),
            Grouped.with(StoreNames.SESSION_COUNTS_BY_EPISODE, KEYS, serdes.avro(Session.class)))
        .count(Named.as(StoreNames.SESSION_COUNTS_BY_EPISODE + "-count"),
            materialized(StoreNames.SESSION_COUNTS_BY_EPISODE, Serdes.Long()));
    KTable<String, EpisodeFact> episodeFacts = episodes
        .leftJoin(outcomesByEpisode, EpisodeFact::of, Named.as("episodes-with-outcomes"))
        .leftJoin(sessionCounts, EpisodeFact::withSessions, Named.as("episodes-with-session-counts"));

    KStream<String, Contribution> contributions = sessionFacts
        .toStream(Named.as("session-fact-changes"))
        .map((key, fact) -> KeyValue.pair(SESSION_FACT + key, fact == null ? null : Contributions.ofSession(fact)),
            Named.as("session-contributions"))
        .merge(adverseEventFacts.toStream(Named.as("adverse-event-fact-changes"))
                .map((key, fact) -> KeyValue.pair(ADVERSE_EVENT_FACT + key,
                    fact == null ? null : Contributions.ofAdverseEvent(fact)),
                    Named.as("adverse-event-contributions")),
            Named.as("merge-session-and-adverse-event-contributions"))
        .merge(episodeFacts.toStream(Named.as("episode-fact-changes"))
                .map((key, fact) -> KeyValue.pair(EPISODE_FACT + key, fact == null ? null : Contributions.ofEpisode(fact)),
                    Named.as("episode-contributions")),
            Named.as("merge-episode-contributions"));

    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.CONTRIBUTIONS), KEYS, InternalSerdes.contribution(serdes)));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.DAY_BUCKETS), KEYS, InternalSerdes.dayCounters(serdes)));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.SERIES_INDEX), KEYS, Serdes.Long()));

    Serde<SeriesDelta> deltaSerde = InternalSerdes.seriesDelta(serdes);
    contributions
        .process(DeltaProcessor::new, Named.as("series-changes"), StoreNames.CONTRIBUTIONS)
        .repartition(Repartitioned.<String, SeriesDelta>as(StoreNames.SERIES_DELTAS)
            .withKeySerde(KEYS).withValueSerde(deltaSerde))
        .process(BucketProcessor::new, Named.as("apply-to-day-buckets"), StoreNames.DAY_BUCKETS,
            StoreNames.SERIES_INDEX);

    return builder.build();
  }

  /** An input topic as a table of facts, impossible values kept out (they go to the dead-letter topic). */
  private static <V extends SpecificRecord> KTable<String, V> factTable(StreamsBuilder builder, TopicSpec<V> topic,
      String storeName, SerdeFactory serdes, BiFunction<String, V, List<String>> checks) {
    Serde<V> values = serdes.avro(topic.valueType());
    return builder.stream(topic.name(), Consumed.with(KEYS, values).withName("read-" + storeName))
        .processValues(() -> new ValidateProcessor<>(topic.name(), checks), Named.as("validate-" + storeName))
        .toTable(Named.as("table-" + storeName), materialized(storeName, values));
  }

  private static GlobalKTable<String, Baseline> baselines(StreamsBuilder builder, SerdeFactory serdes) {
    Serde<Baseline> values = serdes.avro(Baseline.class);
    return builder.globalTable(Topics.BASELINES.name(),
        Consumed.with(KEYS, values).withName("read-" + StoreNames.BASELINES),
        materialized(StoreNames.BASELINES, values));
  }

  private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String name, Serde<V> values) {
    return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(KEYS).withValueSerde(values);
  }
}
