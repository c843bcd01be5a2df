package org.dnregistry.streams.oracle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.Topics;

/**
 * The final facts of a history: last write wins per (topic, key), a null value retracts. On top of the tables,
 * the plain joins of FIGURES.md "Facts and when they count", each recomputed from scratch by a loop.
 */
final class Facts {
  final SortedMap<String, Episode> episodes = new TreeMap<>();
  final SortedMap<String, Session> sessions = new TreeMap<>();
  final SortedMap<String, Outcome> outcomes = new TreeMap<>();
  final SortedMap<String, AdverseEvent> adverseEvents = new TreeMap<>();
  final SortedMap<String, Clinic> clinics = new TreeMap<>();
  final SortedMap<String, Practitioner> practitioners = new TreeMap<>();
  final SortedMap<String, Baseline> baselines = new TreeMap<>();
  /** Every clinic id named by any record of the history, retracted or not. */
  final TreeSet<String> clinicsSeen = new TreeSet<>();

  /** A session that counts: it exists and its episode exists. */
  record CountedSession(String key, Session session, Episode episode, LocalDate day) {
    String clinicId() {
      return session.getClinicId();
    }
  }

  /**
   * An adverse event that counts: its session (the session of that id in the episode it names) counts. Dated and
   * classified by that session.
   */
  record CountedAdverseEvent(String key, AdverseEvent event, CountedSession session) {}

  /** An outcome that counts: its episode exists. */
  record CountedOutcome(String key, Outcome outcome, Episode episode, LocalDate day) {}

  private List<CountedSession> countedSessions = List.of();
  private List<CountedAdverseEvent> countedAdverseEvents = List.of();
  private List<CountedOutcome> countedOutcomes = List.of();

  static Facts of(List<TopicRecord> history) {
    var facts = new Facts();
    for (TopicRecord r : history) {
      facts.apply(r);
    }
    // The joins depend on the final tables only, so they are computed once, after the last record.
    facts.countedSessions = facts.joinSessions();
    facts.countedAdverseEvents = facts.joinAdverseEvents();
    facts.countedOutcomes = facts.joinOutcomes();
    return facts;
  }

  List<CountedSession> countedSessions() {
    return countedSessions;
  }

  List<CountedAdverseEvent> countedAdverseEvents() {
    return countedAdverseEvents;
  }

  List<CountedOutcome> countedOutcomes() {
    return countedOutcomes;
  }

  private void apply(TopicRecord r) {
    String t = r.topic();
    if (t.equals(Topics.EPISODES.name())) {
      upsert(episodes, r, Episode.class);
    } else if (t.equals(Topics.SESSIONS.name())) {
      upsert(sessions, r, Session.class);
    } else if (t.equals(Topics.OUTCOMES.name())) {
      upsert(outcomes, r, Outcome.class);
    } else if (t.equals(Topics.ADVERSE_EVENTS.name())) {
      upsert(adverseEvents, r, AdverseEvent.class);
    } else if (t.equals(Topics.CLINICS.name())) {
      upsert(clinics, r, Clinic.class);
    } else if (t.equals(Topics.PRACTITIONERS.name())) {
      upsert(practitioners, r, Practitioner.class);
    } else if (t.equals(Topics.BASELINES.name())) {
      upsert(baselines, r, Baseline.class);
    } else {
      throw new IllegalArgumentException("not an input topic: " + t);
    }
    noteClinics(r);
  }

  private static <V extends SpecificRecord> void upsert(Map<String, V> table, TopicRecord r, Class<V> type) {
    if (r.valueOrNull() == null) {
      table.remove(r.key());
    } else if (type.isInstance(r.valueOrNull())) {
      table.put(r.key(), type.cast(r.valueOrNull()));
    } else {
      throw new IllegalArgumentException(
          r.topic() + " carries " + type.getSimpleName() + ", not " + r.valueOrNull().getClass().getSimpleName());
    }
  }

  private void noteClinics(TopicRecord r) {
    String t = r.topic();
    if (t.equals(Topics.CLINICS.name())) {
      clinicsSeen.add(r.key());
    } else if (t.equals(Topics.PRACTITIONERS.name())) {
      if (r.valueOrNull() instanceof Practitioner p) {
        clinicsSeen.add(p.getClinicId());
      }
    } else if (!t.equals(Topics.BASELINES.name())) {
      clinicsSeen.add(Keys.clinicOf(r.key()));
    }
  }

  static LocalDate utcDay(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private List<CountedSession> joinSessions() {
    var counted = new ArrayList<CountedSession>();
    for (var e : sessions.entrySet()) {
      Session s = e.getValue();
      Episode episode = episodes.get(Keys.episode(s.getClinicId(), s.getEpisodeId()));
      if (episode != null) {
        counted.add(new CountedSession(e.getKey(), s, episode, utcDay(s.getOccurredAt())));
      }
    }
    return Collections.unmodifiableList(counted);
  }

  private List<CountedAdverseEvent> joinAdverseEvents() {
    var byKey = new TreeMap<String, CountedSession>();
    for (CountedSession s : countedSessions) {
      byKey.put(s.key(), s);
    }
    var counted = new ArrayList<CountedAdverseEvent>();
    for (var e : adverseEvents.entrySet()) {
      AdverseEvent ae = e.getValue();
      // The session's episode is part of its identity: an event naming another episode finds no session.
      CountedSession session = byKey.get(Keys.session(ae.getClinicId(), ae.getEpisodeId(), ae.getSessionId()));
      if (session != null) {
        counted.add(new CountedAdverseEvent(e.getKey(), ae, session));
      }
    }
    return Collections.unmodifiableList(counted);
  }

  private List<CountedOutcome> joinOutcomes() {
    var counted = new ArrayList<CountedOutcome>();
    for (var e : outcomes.entrySet()) {
      Outcome o = e.getValue();
      Episode episode = episodes.get(Keys.episode(o.getClinicId(), o.getEpisodeId()));
      if (episode != null) {
        counted.add(new CountedOutcome(e.getKey(), o, episode, utcDay(o.getRecordedAt())));
      }
    }
    return Collections.unmodifiableList(counted);
  }
}
