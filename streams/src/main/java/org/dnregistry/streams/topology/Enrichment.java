package org.dnregistry.streams.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TableJoined;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.avro.internal.EpisodeOutcomes;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.streams.facts.AdverseEventFacts;
import org.dnregistry.streams.facts.EpisodeFact;
import org.dnregistry.streams.facts.EpisodeOutcomesAggregation;
import org.dnregistry.streams.facts.SessionFacts;

/**
 * The counted facts, as tables keyed like their input: each present exactly while it counts (FIGURES.md "Facts").
 * Foreign-key joins re-emit when the side that was missing arrives, so references resolve in any arrival order,
 * and emit a tombstone when what a fact hangs on is retracted.
 *
 * @param sessions      sessions JOIN episodes LEFT JOIN practitioners LEFT JOIN clinics
 * @param adverseEvents adverse events JOIN (sessions JOIN episodes)
 * @param episodes      episodes LEFT JOIN outcomes per episode LEFT JOIN session count per episode
 */
record Enrichment(
    KTable<String, SessionFact> sessions,
    KTable<String, AdverseEventFact> adverseEvents,
    KTable<String, EpisodeFact> episodes) {

  static Enrichment build(FactTables facts, SerdeFactory serdes, StoreFactory stores) {
    Serde<SessionFact> sessionFactSerde = serdes.avro(SessionFact.class);
    KTable<String, SessionFact> sessionsWithEpisode = facts.sessions().join(facts.episodes(),
        SessionFacts::episodeKey, SessionFacts::withEpisode, TableJoined.as(StoreNames.SESSION_EPISODE_JOIN),
        stores.materialized(StoreNames.SESSIONS_WITH_EPISODE, sessionFactSerde));
    KTable<String, SessionFact> sessionFacts = sessionsWithEpisode
        .leftJoin(facts.practitioners(), SessionFacts::practitionerKey, SessionFacts::withPractitioner,
            TableJoined.as(StoreNames.SESSION_PRACTITIONER_JOIN),
            stores.materialized(StoreNames.SESSIONS_WITH_PRACTITIONER, sessionFactSerde))
        .leftJoin(facts.clinics(), SessionFacts::clinicKey, SessionFacts::withClinic,
            TableJoined.as(StoreNames.SESSION_CLINIC_JOIN),
            stores.materialized(StoreNames.SESSION_FACTS, sessionFactSerde));

    // Joined to the session-with-episode stage, which holds all an adverse event needs (day, indication), so
    // practitioner and clinic updates do not fan out to adverse events.
    KTable<String, AdverseEventFact> adverseEventFacts = facts.adverseEvents().join(sessionsWithEpisode,
        AdverseEventFacts::sessionKey, AdverseEventFacts::withSession,
        TableJoined.as(StoreNames.ADVERSE_EVENT_SESSION_JOIN),
        stores.materialized(StoreNames.ADVERSE_EVENT_FACTS, serdes.avro(AdverseEventFact.class)));

    KTable<String, EpisodeOutcomes> outcomesByEpisode = facts.outcomes()
        .groupBy((key, outcome) -> KeyValue.pair(EpisodeOutcomesAggregation.episodeKey(outcome), outcome),
            Grouped.with(StoreNames.OUTCOMES_BY_EPISODE, StoreFactory.KEYS, serdes.avro(Outcome.class)))
        .aggregate(EpisodeOutcomesAggregation::empty, EpisodeOutcomesAggregation::add,
            EpisodeOutcomesAggregation::remove, Named.as(StoreNames.OUTCOMES_BY_EPISODE + "-aggregate"),
            stores.materialized(StoreNames.OUTCOMES_BY_EPISODE, serdes.avro(EpisodeOutcomes.class)));
    // Every session of an existing episode counts, so counting raw sessions per episode key is exact wherever the
    // count is used: joined to an existing episode.
    KTable<String, Long> sessionCounts = facts.sessions()
        .groupBy((key, session) -> KeyValue.pair(SessionFacts.episodeKey(session), session),
            Grouped.with(StoreNames.SESSION_COUNTS_BY_EPISODE, StoreFactory.KEYS, serdes.avro(Session.class)))
        .count(Named.as(StoreNames.SESSION_COUNTS_BY_EPISODE + "-count"),
            stores.materialized(StoreNames.SESSION_COUNTS_BY_EPISODE, Serdes.Long()));
    KTable<String, EpisodeFact> episodeFacts = facts.episodes()
        .leftJoin(outcomesByEpisode, EpisodeFact::of, Named.as("episodes-with-outcomes"))
        .leftJoin(sessionCounts, EpisodeFact::withSessions, Named.as("episodes-with-session-counts"));

    return new Enrichment(sessionFacts, adverseEventFacts, episodeFacts);
  }
}
