package org.dnregistry.streams.scopes;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.ScopeDelta;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.quality.SessionIndexEntry;
import org.dnregistry.topics.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scope task: applies the episode tasks' changes of one scope ({@code network} or {@code clinic:<id>}, the
 * record key) to its day buckets ({@code <scope>|<indication or ALL>|yyyy-MM-dd}), its data-quality counts and,
 * for a clinic, its session index. Every day of every series of a scope lives here, so a window is a range scan of
 * one store and surveillance sees all indications of the scope together. A bucket back at zero is removed.
 */
public final class ScopeProcessor implements Processor<String, ScopeDelta, String, ScopeProcessor.Changed> {
  /** Names of the stores this processor uses. */
  public record Stores(String buckets, String seriesIndex, String quality, String sessionIndex) {}

  /** A scope whose buckets changed, and the first and last day that changed (for the evaluations downstream). */
  public record Changed(LocalDate firstDay, LocalDate lastDay) {}

  private static final Logger LOG = LoggerFactory.getLogger(ScopeProcessor.class);
  private final Stores names;
  private ProcessorContext<String, Changed> context;
  private KeyValueStore<String, DayCounters> buckets;
  private KeyValueStore<String, Long> seriesIndex;
  private KeyValueStore<String, DataQualityCounts> quality;
  private KeyValueStore<String, SessionIndexEntry> sessionIndex;

  public ScopeProcessor(Stores names) {
    this.names = names;
  }

  @Override
  public void init(ProcessorContext<String, Changed> context) {
    this.context = context;
    buckets = context.getStateStore(names.buckets());
    seriesIndex = context.getStateStore(names.seriesIndex());
    quality = context.getStateStore(names.quality());
    sessionIndex = context.getStateStore(names.sessionIndex());
  }

  @Override
  public void process(Record<String, ScopeDelta> record) {
    String scope = record.key();
    ScopeDelta delta = record.value();
    TreeMap<Integer, DayCounters.Builder> allIndications = new TreeMap<>();
    // Net change of each series' count of non-empty buckets, written once per record: a put per new bucket made
    // the small index store the most written one (PipelineBench: 0.85 changelog records per input record), as a
    // full thread cache flushes a store's dirty entries at each of its evictions.
    Map<String, Long> indexChanges = new HashMap<>();
    for (var e : delta.cells().entrySet()) {
      int day = e.getKey().epochDay();
      apply(Series.of(scope, e.getKey().indication().name()), day, e.getValue(), indexChanges);
      allIndications.computeIfAbsent(day, d -> DayCounters.builder()).add(e.getValue());
    }
    allIndications.forEach((day, change) -> {
      if (!change.isZero()) {
        apply(Series.of(scope, Series.ALL), day, change.build(), indexChanges);
      }
    });
    indexChanges.forEach((series, by) -> {
      if (by != 0) {
        adjustIndex(series, by);
      }
    });
    DataQualityCounts q = delta.quality().plus(applySessionIndex(scope, delta));
    if (!q.isZero()) {
      DataQualityCounts before = quality.get(scope);
      DataQualityCounts after = before == null ? q : before.plus(q);
      if (after.isZero()) {
        quality.delete(scope);
      } else {
        quality.put(scope, after);
      }
    }
    if (!allIndications.isEmpty()) {
      context.forward(record.withValue(new Changed(LocalDate.ofEpochDay(allIndications.firstKey()),
          LocalDate.ofEpochDay(allIndications.lastKey()))));
    }
  }

  private void apply(String series, int epochDay, DayCounters change, Map<String, Long> indexChanges) {
    String key = Series.bucketKey(series, LocalDate.ofEpochDay(epochDay));
    DayCounters before = buckets.get(key);
    DayCounters after = before == null ? change : before.plus(change);
    if (after.hasNegativeCount()) {
      // Cannot happen while every subtraction undoes an earlier addition; say so loudly rather than hide it.
      LOG.error("day bucket {} would have a negative count: {} + {}", key, before, change);
    }
    if (after.isZero()) {
      if (before != null) {
        buckets.delete(key);
        indexChanges.merge(series, -1L, Long::sum);
      }
    } else {
      buckets.put(key, after);
      if (before == null) {
        indexChanges.merge(series, 1L, Long::sum);
      }
    }
  }

  private void adjustIndex(String series, long by) {
    Long n = seriesIndex.get(series);
    long next = (n == null ? 0 : n) + by;
    if (next <= 0) {
      seriesIndex.delete(series);
    } else {
      seriesIndex.put(series, next);
    }
  }

  /** Applies the session index changes of a clinic scope; returns the change of the classified adverse events. */
  private DataQualityCounts applySessionIndex(String scope, ScopeDelta delta) {
    if (delta.sessions().isEmpty() && delta.orphans().isEmpty()) {
      return DataQualityCounts.ZERO;
    }
    String clinicId = Series.clinicOf(Series.of(scope, Series.ALL));
    if (clinicId == null) {
      throw new IllegalStateException("session index changes for " + scope + ", which is not a clinic");
    }
    Map<String, SessionIndexEntry> touched = new HashMap<>();
    Map<String, DataQualityCounts> before = new HashMap<>();
    for (ScopeDelta.SessionChange c : delta.sessions()) {
      entry(clinicId, c.sessionId(), touched, before);
      touched.computeIfPresent(c.sessionId(), (k, e) -> e.withEpisode(c.episodeId(), c.change()));
    }
    for (ScopeDelta.OrphanChange c : delta.orphans()) {
      entry(clinicId, c.sessionId(), touched, before);
      touched.computeIfPresent(c.sessionId(), (k, e) -> e.withOrphan(c.episodeId(), c.adverseEventId(), c.change()));
    }
    DataQualityCounts change = DataQualityCounts.ZERO;
    for (var e : touched.entrySet()) {
      String key = clinicId + Keys.SEP + e.getKey();
      if (e.getValue().isEmpty()) {
        sessionIndex.delete(key);
      } else {
        sessionIndex.put(key, e.getValue());
      }
      change = change.plus(e.getValue().quality()).minus(before.get(e.getKey()));
    }
    return change;
  }

  private void entry(String clinicId, String sessionId, Map<String, SessionIndexEntry> touched,
      Map<String, DataQualityCounts> before) {
    if (!touched.containsKey(sessionId)) {
      SessionIndexEntry e = sessionIndex.get(clinicId + Keys.SEP + sessionId);
      e = e == null ? SessionIndexEntry.EMPTY : e;
      touched.put(sessionId, e);
      before.put(sessionId, e.quality());
    }
  }
}
