package org.dnregistry.streams.episodes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.alerts.SentinelAlerts;
import org.dnregistry.streams.buckets.ScopeDelta;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.compliance.ComplianceRecords;
import org.dnregistry.streams.intake.Fact;
import org.dnregistry.topics.Keys;

/**
 * The episode task: every fact of an episode meets here (the input topics are partitioned by episode), together
 * with all the reference data, so that facts count in any arrival order without a join.
 *
 * <p>A fact changes its episode's state and marks it dirty. Every {@code publishInterval} (wall clock) the dirty
 * episodes are evaluated ({@link EpisodeEvaluation}) and "new minus old" of their contributions is sent, one record
 * per scope for all of them, to the scopes' tasks; changed compliance records go out with it. What an episode
 * published is part of its state, so each committed state is consistent: the day buckets downstream hold exactly
 * the published contributions, whatever was processed in between or lost in a crash. An adverse event counts only
 * together with its session and episode, because they are evaluated together.
 *
 * <p>SENTINEL alerts go out at once, the first time a serious or sentinel adverse event counts, and ask for an early
 * commit so that they are visible without waiting for the commit interval. The dirty set lives
 * in memory and is rebuilt on start from the dirty bits of the stored states.
 */
public final class EpisodeProcessor implements Processor<String, Fact, String, EpisodeOutput> {
  /** Names of the stores this processor uses. */
  public record Stores(String episodes, String clinics, String practitioners, String practitionerEpisodes) {}

  private static final StringSerializer KEYS = new StringSerializer();
  private final Stores names;
  private final Duration publishInterval;
  private ProcessorContext<String, EpisodeOutput> context;
  private KeyValueStore<String, byte[]> episodes;
  private KeyValueStore<String, References.Clinic> clinics;
  private KeyValueStore<String, References.Practitioner> practitioners;
  /** {@code practitionerId|clinicId|episodeId}: the episodes whose dry needling sessions name a practitioner. */
  private KeyValueStore<String, byte[]> practitionerEpisodes;
  private References references;
  private final Set<String> dirty = new LinkedHashSet<>();

  public EpisodeProcessor(Stores names, Duration publishInterval) {
    this.names = names;
    this.publishInterval = publishInterval;
  }

  @Override
  public void init(ProcessorContext<String, EpisodeOutput> context) {
    this.context = context;
    episodes = context.getStateStore(names.episodes());
    clinics = context.getStateStore(names.clinics());
    practitioners = context.getStateStore(names.practitioners());
    practitionerEpisodes = context.getStateStore(names.practitionerEpisodes());
    references = new References() {
      @Override
      public Clinic clinic(String clinicId) {
        return clinics.get(clinicId);
      }

      @Override
      public Practitioner practitioner(String practitionerId) {
        return practitioners.get(practitionerId);
      }
    };
    // Episodes changed but not published when the task last stopped (a crash, a rebalance): publish them first.
    try (var it = episodes.all()) {
      it.forEachRemaining(kv -> {
        if (EpisodeState.isDirty(kv.value)) {
          dirty.add(kv.key);
        }
      });
    }
    context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publish);
  }

  @Override
  public void process(Record<String, Fact> record) {
    Fact fact = record.value();
    switch (fact.kind()) {
      case CLINIC -> clinic(record.key(), fact);
      case PRACTITIONER -> practitioner(record.key(), fact);
      default -> clinical(record, fact);
    }
  }

  // ------------------------------------------------------------------------------------------- clinical facts

  private void clinical(Record<String, Fact> record, Fact fact) {
    String episodeKey = Keys.episodeOf(record.key());
    EpisodeState s = load(episodeKey);
    Set<String> practitionersBefore = needlingPractitioners(s);
    boolean changed = switch (fact.kind()) {
      case EPISODE -> setEpisode(s, fact.retraction() ? null : EpisodeInfo.of(fact.episode()));
      case SESSION -> put(s.sessions, Keys.idOf(record.key()),
          fact.retraction() ? null : SessionInfo.of(fact.session()));
      case OUTCOME -> put(s.outcomes, outcomeKey(record.key()),
          fact.retraction() ? null : OutcomeInfo.of(fact.outcome()));
      case ADVERSE_EVENT -> adverseEvent(s, Keys.idOf(record.key()), fact);
      default -> throw new IllegalStateException("not a clinical fact: " + fact.kind());
    };
    if (!changed) {
      return; // a duplicate: nothing to count again
    }
    raiseSentinels(episodeKey, s);
    indexPractitioners(episodeKey, practitionersBefore, needlingPractitioners(s));
    s.dirty = true;
    save(episodeKey, s);
    dirty.add(episodeKey);
  }

  private static boolean setEpisode(EpisodeState s, EpisodeInfo episode) {
    if (Objects.equals(s.episode, episode)) {
      return false;
    }
    s.episode = episode;
    return true;
  }

  private static <K, V> boolean put(Map<K, V> map, K key, V value) {
    V before = value == null ? map.remove(key) : map.put(key, value);
    return !Objects.equals(before, value);
  }

  private static boolean adverseEvent(EpisodeState s, String id, Fact fact) {
    AdverseEventInfo before = s.adverseEvents.get(id);
    boolean raised = before != null && before.sentinelRaised();
    AdverseEventInfo after = fact.retraction() ? (before == null ? null : before.retracted())
        : AdverseEventInfo.of(fact.adverseEvent(), raised);
    return put(s.adverseEvents, id, after);
  }

  /** {@code clinicId|episodeId|instrument|timepoint} -> the outcome's place in its episode. */
  private static int outcomeKey(String key) {
    String[] parts = key.split("\\|");
    return EpisodeState.outcomeKey(Instrument.valueOf(parts[2]), Timepoint.valueOf(parts[3]));
  }

  /** SENTINEL alerts for the adverse events that count now, are serious or sentinel, and have not alerted yet. */
  private void raiseSentinels(String episodeKey, EpisodeState s) {
    if (s.episode == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    for (var e : s.adverseEvents.entrySet()) {
      AdverseEventInfo a = e.getValue();
      SessionInfo session = a.present() ? s.sessions.get(a.sessionId()) : null;
      if (session == null || !a.sentinel() || a.sentinelRaised()) {
        continue;
      }
      e.setValue(a.raised());
      var event = new SentinelAlerts.Event(Keys.clinicOf(episodeKey), Keys.idOf(episodeKey), e.getKey(),
          a.sessionId(), a.category(), a.severity(), a.serious(), LocalDate.ofEpochDay(session.day()),
          s.episode.indication());
      var alert = SentinelAlerts.alert(event, Instant.ofEpochMilli(now));
      context.forward(new Record<>(alert.getAlertId(), new EpisodeOutput.Sentinel(alert), now));
      // With exactly-once the alert is invisible until the transaction commits: waiting for the commit interval
      // was most of the time from an adverse event to its alert (EndToEndBench). Sentinels are rare, so an early
      // commit for each costs nothing measurable.
      context.commit();
    }
  }

  // --------------------------------------------------------------------------------------------- reference data

  /** Reference data as it was before a change; null when the record changed nothing. */
  private record Change<V>(V before) {}

  private static <V> Change<V> replace(KeyValueStore<String, V> store, String key, V after) {
    V before = store.get(key);
    if (Objects.equals(before, after)) {
      return null;
    }
    if (after == null) {
      store.delete(key);
    } else {
      store.put(key, after);
    }
    return new Change<>(before);
  }

  private void clinic(String clinicId, Fact fact) {
    References.Clinic after = fact.retraction() ? null : References.Clinic.of(fact.clinic());
    Change<References.Clinic> change = replace(clinics, clinicId, after);
    if (change != null && SessionRules.clinicChangeMatters(change.before(), after)) {
      // The clinic's episodes in this task: episode keys start with the clinic's id.
      var keys = new TreeSet<String>();
      try (var it = episodes.prefixScan(clinicId + Keys.SEP, KEYS)) {
        it.forEachRemaining(kv -> keys.add(kv.key));
      }
      keys.forEach(this::markDirty);
    }
  }

  private void practitioner(String practitionerId, Fact fact) {
    References.Practitioner after = fact.retraction() ? null : References.Practitioner.of(fact.practitioner());
    Change<References.Practitioner> change = replace(practitioners, practitionerId, after);
    if (change != null && SessionRules.practitionerChangeMatters(change.before(), after)) {
      String prefix = practitionerId + Keys.SEP;
      var keys = new TreeSet<String>();
      try (var it = practitionerEpisodes.prefixScan(prefix, KEYS)) {
        it.forEachRemaining(kv -> keys.add(kv.key.substring(prefix.length())));
      }
      keys.forEach(this::markDirty);
    }
  }

  private static Set<String> needlingPractitioners(EpisodeState s) {
    var ids = new TreeSet<String>();
    s.sessions.values().forEach(session -> {
      if (session.dryNeedling()) {
        ids.add(session.practitionerId());
      }
    });
    return ids;
  }

  private void indexPractitioners(String episodeKey, Set<String> before, Set<String> after) {
    for (String p : before) {
      if (!after.contains(p)) {
        practitionerEpisodes.delete(p + Keys.SEP + episodeKey);
      }
    }
    for (String p : after) {
      if (!before.contains(p)) {
        practitionerEpisodes.put(p + Keys.SEP + episodeKey, new byte[0]);
      }
    }
  }

  private void markDirty(String episodeKey) {
    EpisodeState s = load(episodeKey);
    if (!s.dirty) {
      s.dirty = true;
      save(episodeKey, s);
    }
    dirty.add(episodeKey);
  }

  // ------------------------------------------------------------------------------------------------ publishing

  /** Publishes every dirty episode: one scope change per scope, and the compliance records that changed. */
  void publish(long timestamp) {
    if (dirty.isEmpty()) {
      return;
    }
    Map<String, ScopeDelta.Builder> scopes = new HashMap<>();
    for (String episodeKey : dirty) {
      byte[] bytes = episodes.get(episodeKey);
      if (bytes == null || !EpisodeState.isDirty(bytes)) {
        continue;
      }
      EpisodeState s = EpisodeState.fromBytes(bytes);
      String clinicId = Keys.clinicOf(episodeKey);
      String episodeId = Keys.idOf(episodeKey);
      EpisodeEvaluation evaluation = EpisodeEvaluation.of(clinicId, s, references);
      EpisodeContribution after = evaluation.contribution();
      if (!after.equals(s.published)) {
        scopes.computeIfAbsent(Series.scopeOfClinic(clinicId), k -> ScopeDelta.builder())
            .counters(s.published, after).clinicFacts(episodeId, s.published, after);
        scopes.computeIfAbsent(Series.NETWORK, k -> ScopeDelta.builder()).counters(s.published, after);
      }
      publishCompliance(clinicId, episodeId, s.publishedCompliance, evaluation.compliance(), timestamp);
      s.published = after;
      s.publishedCompliance.clear();
      s.publishedCompliance.putAll(evaluation.compliance());
      s.dirty = false;
      save(episodeKey, s);
    }
    dirty.clear();
    scopes.forEach((scope, builder) -> {
      ScopeDelta delta = builder.build();
      if (!delta.isEmpty()) {
        context.forward(new Record<>(scope, new EpisodeOutput.ScopeChange(delta), timestamp));
      }
    });
  }

  private void publishCompliance(String clinicId, String episodeId, Map<String, ComplianceEntry> before,
      Map<String, ComplianceEntry> after, long now) {
    var subjects = new TreeMap<String, Boolean>();
    before.keySet().forEach(k -> subjects.put(k, true));
    after.keySet().forEach(k -> subjects.put(k, true));
    for (String subject : subjects.keySet()) {
      ComplianceEntry was = before.get(subject);
      ComplianceEntry is = after.get(subject);
      if (!Objects.equals(was, is)) {
        var value = is == null ? null : ComplianceRecords.record(clinicId, episodeId, subject, is);
        context.forward(new Record<>(ComplianceRecords.key(clinicId, episodeId, subject),
            new EpisodeOutput.Compliance(value), now));
      }
    }
  }

  private EpisodeState load(String episodeKey) {
    byte[] bytes = episodes.get(episodeKey);
    return bytes == null ? new EpisodeState() : EpisodeState.fromBytes(bytes);
  }

  private void save(String episodeKey, EpisodeState s) {
    if (s.isEmpty()) {
      episodes.delete(episodeKey);
    } else {
      episodes.put(episodeKey, s.toBytes());
    }
  }
}
