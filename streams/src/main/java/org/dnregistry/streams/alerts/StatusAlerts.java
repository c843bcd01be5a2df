package org.dnregistry.streams.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.BaselineStatus;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.streams.baselines.ApplicableBaselines;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.buckets.SeriesDelta;
import org.dnregistry.streams.buckets.Window;
import org.dnregistry.streams.stats.BaselineComparison;

/**
 * STATUS alerts: the series whose buckets changed are marked dirty; a wall-clock punctuator evaluates them in a batch
 * (a burst of events costs one evaluation) for every window as of the series' latest session day, every category
 * and every applicable baseline, and keeps the last status per {@code series|window|category|source}. An alert is
 * raised when a status moves to WARNING or ALARM, once per transition. When the baselines change, every series of
 * this task is evaluated again. Runs in the task that owns the series' buckets.
 */
public final class StatusAlerts implements Processor<String, SeriesDelta, String, Alert> {
  /** Names of the stores this processor uses. */
  public record Stores(String buckets, String index, String dirty, String statuses, String baselines) {}

  private static final String AFTER_LAST_DAY = "~";
  private final Stores names;
  private final Duration interval;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, DayCounters> buckets;
  private KeyValueStore<String, Long> index;
  private KeyValueStore<String, Long> dirty;
  private KeyValueStore<String, String> statuses;
  private KeyValueStore<String, Baseline> baselineStore;
  private List<Baseline> lastBaselines;

  public StatusAlerts(Stores names, Duration interval) {
    this.names = names;
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    buckets = context.getStateStore(names.buckets());
    index = context.getStateStore(names.index());
    dirty = context.getStateStore(names.dirty());
    statuses = context.getStateStore(names.statuses());
    baselineStore = context.getStateStore(names.baselines());
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::evaluateDirty);
  }

  @Override
  public void process(Record<String, SeriesDelta> record) {
    dirty.put(record.key(), record.timestamp());
  }

  void evaluateDirty(long now) {
    List<Baseline> current = baselines();
    if (!current.equals(lastBaselines)) {
      // New or changed baselines change statuses without any bucket changing (also the first run after a start).
      try (var it = index.all()) {
        it.forEachRemaining(kv -> dirty.put(kv.key, now));
      }
      lastBaselines = current;
    }
    var due = new ArrayList<String>();
    try (var it = dirty.all()) {
      it.forEachRemaining(kv -> due.add(kv.key));
    }
    for (String series : due) {
      evaluate(series, current, now);
      dirty.delete(series);
    }
  }

  private List<Baseline> baselines() {
    var out = new ArrayList<Baseline>();
    try (var it = baselineStore.all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  private void evaluate(String series, List<Baseline> all, long now) {
    List<Baseline> applicable = ApplicableBaselines.of(all, Series.indicationOf(series));
    LocalDate asOf = latestSessionDay(series);
    Map<Window, DayCounters> sums = windowSums(series, asOf);
    for (Window window : Window.values()) {
      DayCounters sum = sums.get(window);
      for (Baseline b : applicable) {
        ComplicationCategory category = b.getCategory();
        BaselineComparison c = BaselineComparison.evaluate(b.getSource(), b.getLow(), b.getHigh(),
            sum.events(category), sum.sessions());
        String key = String.join("|", series, window.label(), category.name(), b.getSource());
        String previous = statuses.get(key);
        if (c.status().name().equals(previous)) {
          continue;
        }
        statuses.put(key, c.status().name());
        if (c.status() == BaselineStatus.WARNING || c.status() == BaselineStatus.ALARM) {
          BaselineStatus before = previous == null ? null : BaselineStatus.valueOf(previous);
          Alert alert = alert(series, window, asOf, b, c, before, sum, Instant.ofEpochMilli(now));
          context.forward(new Record<>(alert.getAlertId(), alert, now));
        }
      }
    }
  }

  private LocalDate latestSessionDay(String series) {
    try (var it = buckets.reverseRange(Series.firstKey(series), Series.firstKey(series) + AFTER_LAST_DAY)) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value.sessions() > 0) {
          return Series.dayOfBucket(kv.key);
        }
      }
    }
    return null;
  }

  /** The four windows' sums in one scan of the series up to asOf; all zero when it has no session. */
  private Map<Window, DayCounters> windowSums(String series, LocalDate asOf) {
    var sums = new EnumMap<Window, DayCounters.Builder>(Window.class);
    for (Window w : Window.values()) {
      sums.put(w, DayCounters.builder());
    }
    if (asOf != null) {
      try (var it = buckets.range(Series.firstKey(series), Series.bucketKey(series, asOf))) {
        it.forEachRemaining(kv -> {
          LocalDate day = Series.dayOfBucket(kv.key);
          for (Window w : Window.values()) {
            LocalDate first = w.firstDay(asOf);
            if (first == null || !day.isBefore(first)) {
              sums.get(w).add(kv.value);
            }
          }
        });
      }
    }
    var out = new EnumMap<Window, DayCounters>(Window.class);
    sums.forEach((w, b) -> out.put(w, b.build()));
    return out;
  }

  static Alert alert(String series, Window window, LocalDate asOf, Baseline b, BaselineComparison c,
      BaselineStatus previous, DayCounters sum, Instant raisedAt) {
    long n = sum.sessions();
    long x = sum.events(b.getCategory());
    Double rate = n == 0 ? null : (double) x / n;
    String scope = Series.scopeOf(series);
    String indication = Series.indicationOf(series);
    String alertId = String.join("|", AlertKind.STATUS.name(), series, window.label(), b.getCategory().name(),
        b.getSource(), c.status().name(), String.valueOf(asOf));
    String message = String.format(Locale.ROOT,
        "%s %s in %s (%s), window %s to %s: %d events in %d sessions (rate %.4f) against %s [%s, %s], pUpper %.3g%s",
        b.getCategory(), c.status(), scope, indication, window.label(), asOf, x, n, rate, b.getSource(), b.getLow(),
        b.getHigh(), c.pUpper(), previous == null ? "" : " (was " + previous + ")");
    return Alert.newBuilder()
        .setAlertId(alertId)
        .setKind(AlertKind.STATUS)
        .setRaisedAt(raisedAt)
        .setScope(scope)
        .setClinicId(Series.clinicOf(series))
        .setIndication(indication)
        .setCategory(b.getCategory())
        .setWindow(window.label())
        .setAsOf(asOf)
        .setBaselineSource(b.getSource())
        .setStatus(c.status())
        .setPreviousStatus(previous)
        .setSessions(n)
        .setEvents(x)
        .setRate(rate)
        .setPUpper(c.pUpper())
        .setMessage(message)
        .build();
  }
}
