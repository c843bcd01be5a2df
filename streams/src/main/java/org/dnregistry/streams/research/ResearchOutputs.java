package org.dnregistry.streams.research;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.BucketScans;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.scopes.ScopeProcessor;
import org.dnregistry.streams.stats.ChangeSummary;
import org.dnregistry.topics.Topics;

/**
 * The research topics: monthly network-level aggregates per indication (never ALL, never a clinic), small cells
 * suppressed (REFERENCE section 4). A month is published once it is closed: the network's latest counted session
 * day is at least {@value #CLOSED_AFTER_DAYS} days after the month's end. It is published again only when a
 * correction changes what it says (each record's last published content is kept), and a month with nothing left
 * becomes a tombstone. Runs in the task of the network scope, on a wall-clock punctuator; which months changed is
 * kept in memory, and on start every closed month is compared again.
 */
public final class ResearchOutputs implements Processor<String, ScopeProcessor.Changed, String, ResearchOutputs.Output> {
  /** A record for one of the research topics; a null value is a tombstone. */
  public record Output(String topic, SpecificRecord value) {}

  static final int CLOSED_AFTER_DAYS = 14;
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();
  private final String bucketStore;
  private final String publishedStore;
  private final Duration interval;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, DayCounters> buckets;
  /** topic|key -> what was last published under it. */
  private KeyValueStore<String, String> published;
  private final TreeSet<YearMonth> changed = new TreeSet<>();
  /** The last month known to be closed; null: not known yet (after a start every closed month is compared). */
  private YearMonth closedThrough;

  public ResearchOutputs(String bucketStore, String publishedStore, Duration interval) {
    this.bucketStore = bucketStore;
    this.publishedStore = publishedStore;
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    buckets = context.getStateStore(bucketStore);
    published = context.getStateStore(publishedStore);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::publish);
  }

  @Override
  public void process(Record<String, ScopeProcessor.Changed> record) {
    if (!Series.NETWORK.equals(record.key())) {
      return;
    }
    for (YearMonth m = YearMonth.from(record.value().firstDay()); !m.isAfter(YearMonth.from(record.value().lastDay()));
        m = m.plusMonths(1)) {
      changed.add(m);
    }
  }

  void publish(long now) {
    Optional<LocalDate> latest = BucketScans.latestSessionDay(buckets, Series.of(Series.NETWORK, Series.ALL));
    if (latest.isEmpty()) {
      return;
    }
    YearMonth closed = lastClosedMonth(latest.get());
    var due = new TreeSet<YearMonth>();
    if (closedThrough == null) {
      firstMonth().ifPresent(first -> addMonths(due, first, closed));
    } else if (closed.isAfter(closedThrough)) {
      addMonths(due, closedThrough.plusMonths(1), closed);
    }
    for (YearMonth m : changed) {
      if (!m.isAfter(closed)) {
        due.add(m);
      }
    }
    changed.removeIf(m -> !m.isAfter(closed));
    closedThrough = closed;
    for (YearMonth month : due) {
      for (Indication indication : Indication.values()) {
        publish(month, indication, now);
      }
    }
  }

  /** The last month whose last day is at least {@value #CLOSED_AFTER_DAYS} days before {@code latest}. */
  static YearMonth lastClosedMonth(LocalDate latest) {
    return YearMonth.from(latest.minusDays(CLOSED_AFTER_DAYS).plusDays(1)).minusMonths(1);
  }

  private Optional<YearMonth> firstMonth() {
    var first = new LocalDate[1];
    BucketScans.days(buckets, Series.of(Series.NETWORK, Series.ALL), null, null, (day, counters) -> {
      if (first[0] == null) {
        first[0] = day;
      }
    });
    return Optional.ofNullable(first[0]).map(YearMonth::from);
  }

  private static void addMonths(TreeSet<YearMonth> due, YearMonth from, YearMonth through) {
    for (YearMonth m = from; !m.isAfter(through); m = m.plusMonths(1)) {
      due.add(m);
    }
  }

  private void publish(YearMonth month, Indication indication, long now) {
    DayCounters m = BucketScans.sum(buckets, Series.of(Series.NETWORK, indication.name()), month.atDay(1),
        month.atEndOfMonth());
    String monthKey = month + "|" + indication;
    emit(Topics.RESEARCH_COMPLICATIONS.name(), monthKey, complications(month, indication, m), now);
    emit(Topics.RESEARCH_COMPLIANCE.name(), monthKey, compliance(month, indication, m), now);
    for (Instrument instrument : Instrument.values()) {
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        emit(Topics.RESEARCH_EFFICACY.name(), monthKey + "|" + instrument + "|" + TIMEPOINTS[t],
            efficacy(month, indication, instrument, TIMEPOINTS[t], m.efficacy(instrument, TIMEPOINTS[t])), now);
      }
    }
  }

  /** Writes the record if it differs from what was last published under its key. */
  private void emit(String topic, String key, SpecificRecord value, long now) {
    String storeKey = topic + "|" + key;
    String before = published.get(storeKey);
    String after = value == null ? null : value.toString();
    if (java.util.Objects.equals(before, after)) {
      return;
    }
    if (after == null) {
      published.delete(storeKey);
    } else {
      published.put(storeKey, after);
    }
    context.forward(new Record<>(key, new Output(topic, value), now));
  }

  static ResearchComplicationMonth complications(YearMonth month, Indication indication, DayCounters m) {
    var counts = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
    boolean any = m.sessions() > 0;
    for (ComplicationCategory c : ComplicationCategory.values()) {
      counts.put(c, m.events(c));
      any |= m.events(c) > 0;
    }
    if (!any) {
      return null;
    }
    var events = new LinkedHashMap<String, org.dnregistry.avro.SuppressibleCount>();
    Suppression.events(counts).forEach((c, count) -> events.put(c.name(), count));
    return new ResearchComplicationMonth(month.toString(), indication, Suppression.of(m.sessions()), events);
  }

  static ResearchComplianceMonth compliance(YearMonth month, Indication indication, DayCounters m) {
    if (!m.hasFlags()) {
      return null;
    }
    var flags = new LinkedHashMap<String, org.dnregistry.avro.SuppressibleCount>();
    for (GuidelineFlag f : GuidelineFlag.values()) {
      flags.put(f.name(), Suppression.of(m.flag(f)));
    }
    return new ResearchComplianceMonth(month.toString(), indication, flags);
  }

  static ResearchEfficacyMonth efficacy(YearMonth month, Indication indication, Instrument instrument,
      Timepoint timepoint, DayCounters.EfficacyCell cell) {
    if (cell.n() == 0) {
      return null;
    }
    ChangeSummary s = ChangeSummary.of(instrument, cell.n(), cell.sumHundredths(), cell.sumSquaresHundredths(),
        cell.responders());
    boolean nSuppressed = Suppression.isSmall(cell.n());
    return ResearchEfficacyMonth.newBuilder()
        .setMonth(month.toString())
        .setIndication(indication)
        .setInstrument(instrument)
        .setTimepoint(timepoint)
        .setN(Suppression.of(cell.n()))
        .setResponders(Suppression.responders(cell.n(), cell.responders()))
        .setMeanChange(nSuppressed ? null : s.meanChange())
        .setSd(nSuppressed ? null : s.sd())
        .build();
  }
}
