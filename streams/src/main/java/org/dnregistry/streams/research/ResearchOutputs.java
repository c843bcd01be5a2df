package org.dnregistry.streams.research;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.dnregistry.avro.SuppressibleCount;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.dnregistry.streams.stats.ChangeSummary;
import org.dnregistry.topics.Topics;

/**
 * The research topics: monthly network-level aggregates per indication (never ALL, never a clinic), small cells
 * suppressed. Months whose network buckets changed are marked dirty and recomputed in a batch by a wall-clock
 * punctuator; a month with nothing left becomes a tombstone. Runs in the task that owns the network series.
 */
public final class ResearchOutputs implements Processor<String, SeriesDelta, String, ResearchOutputs.Output> {
  /** A record for one of the research topics; a null value is a tombstone. */
  public record Output(String topic, SpecificRecord value) {}

  private static final Timepoint[] TIMEPOINTS = Timepoint.values();
  private final String bucketStore;
  private final String dirtyStore;
  private final Duration interval;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, DayCounters> buckets;
  private KeyValueStore<String, Long> dirty;

  public ResearchOutputs(String bucketStore, String dirtyStore, Duration interval) {
    this.bucketStore = bucketStore;
    this.dirtyStore = dirtyStore;
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    buckets = context.getStateStore(bucketStore);
    dirty = context.getStateStore(dirtyStore);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::publishDirty);
  }

  @Override
  public void process(Record<String, SeriesDelta> record) {
    String series = record.key();
    if (Series.NETWORK.equals(Series.scopeOf(series)) && !Series.ALL.equals(Series.indicationOf(series))) {
      dirty.put(series + '|' + YearMonth.from(record.value().day()), record.timestamp());
    }
  }

  void publishDirty(long now) {
    var due = new ArrayList<String>();
    try (var it = dirty.all()) {
      it.forEachRemaining(kv -> due.add(kv.key));
    }
    for (String key : due) {
      int cut = key.lastIndexOf('|');
      publish(key.substring(0, cut), YearMonth.parse(key.substring(cut + 1)), now);
      dirty.delete(key);
    }
  }

  private void publish(String series, YearMonth month, long now) {
    Indication indication = Indication.valueOf(Series.indicationOf(series));
    var sum = DayCounters.builder();
    try (var it = buckets.range(Series.bucketKey(series, month.atDay(1)), Series.bucketKey(series, month.atEndOfMonth()))) {
      it.forEachRemaining(kv -> sum.add(kv.value));
    }
    DayCounters m = sum.build();
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

  private void emit(String topic, String key, SpecificRecord value, long now) {
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
    var events = new LinkedHashMap<String, SuppressibleCount>();
    Suppression.events(counts).forEach((c, count) -> events.put(c.name(), count));
    return new ResearchComplicationMonth(month.toString(), indication, Suppression.of(m.sessions()), events);
  }

  static ResearchComplianceMonth compliance(YearMonth month, Indication indication, DayCounters m) {
    if (!m.hasFlags()) {
      return null;
    }
    var flags = new LinkedHashMap<String, SuppressibleCount>();
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
