package org.dnregistry.streams.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.Baseline;
import org.dnregistry.streams.buckets.BucketScans;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.scopes.ScopeProcessor;
import org.dnregistry.streams.surveillance.CusumPath;
import org.dnregistry.streams.surveillance.PoissonCusum;
import org.dnregistry.streams.surveillance.Reference;
import org.dnregistry.streams.surveillance.ReferenceRates;
import org.dnregistry.streams.surveillance.ScopeBuckets;
import org.dnregistry.streams.surveillance.ScopeCounts;

/**
 * SIGNAL alerts (REFERENCE section 4): the scopes whose buckets changed are marked, and a wall-clock punctuator
 * recomputes their CUSUM paths from the day buckets, every monitored category, with the current baselines. The
 * first time a signal day appears, an alert is raised, once per scope, category and day (the raised ones are kept),
 * and never withdrawn. A change of the baselines re-evaluates every scope of this task; so does a start (the marks
 * live in memory). Runs in the task that owns the scopes' buckets.
 */
public final class SignalAlerts implements Processor<String, ScopeProcessor.Changed, String, Alert> {
  /** Names of the stores this processor uses. */
  public record Stores(String buckets, String seriesIndex, String raised, String baselines) {}

  /** The window of the sessions, events and expected events an alert reports. */
  static final int REPORTED_DAYS = 30;
  private final Stores names;
  private final Duration interval;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, DayCounters> buckets;
  private KeyValueStore<String, Long> seriesIndex;
  private KeyValueStore<String, Long> raised;
  private KeyValueStore<String, Baseline> baselines;
  private final Set<String> changed = new LinkedHashSet<>();
  private List<Baseline> lastBaselines;

  public SignalAlerts(Stores names, Duration interval) {
    this.names = names;
    this.interval = interval;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    buckets = context.getStateStore(names.buckets());
    seriesIndex = context.getStateStore(names.seriesIndex());
    raised = context.getStateStore(names.raised());
    baselines = context.getStateStore(names.baselines());
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::evaluate);
  }

  @Override
  public void process(Record<String, ScopeProcessor.Changed> record) {
    changed.add(record.key());
  }

  void evaluate(long now) {
    List<Baseline> current = new ArrayList<>();
    try (var it = baselines.all()) {
      it.forEachRemaining(kv -> current.add(kv.value));
    }
    if (!current.equals(lastBaselines)) {
      // New references move every path (and after a start nothing is marked yet): every scope held here.
      try (var it = seriesIndex.all()) {
        it.forEachRemaining(kv -> {
          if (Series.ALL.equals(Series.indicationOf(kv.key))) {
            changed.add(Series.scopeOf(kv.key));
          }
        });
      }
      lastBaselines = current;
    }
    if (changed.isEmpty()) {
      return;
    }
    ReferenceRates rates = ReferenceRates.of(current);
    for (String scope : changed) {
      ScopeCounts counts = ScopeBuckets.read(scope,
          (series, day) -> BucketScans.days(buckets, series, null, null, day));
      for (CusumPath path : PoissonCusum.evaluateAll(counts, rates)) {
        for (CusumPath.DayRow signal : path.signals()) {
          String key = alertId(scope, path, signal);
          if (raised.get(key) == null) {
            raised.put(key, now);
            Alert alert = alert(scope, path, signal, Instant.ofEpochMilli(now));
            context.forward(new Record<>(alert.getAlertId(), alert, now));
          }
        }
      }
    }
    changed.clear();
  }

  static String alertId(String scope, CusumPath path, CusumPath.DayRow signal) {
    return String.join("|", AlertKind.SIGNAL.name(), scope, path.category().name(), signal.day().toString());
  }

  static Alert alert(String scope, CusumPath path, CusumPath.DayRow signal, Instant raisedAt) {
    CusumPath.Totals t = path.totals(signal.day(), REPORTED_DAYS);
    String clinicId = Series.clinicOf(Series.of(scope, Series.ALL));
    var references = new ArrayList<String>();
    for (Reference r : path.references().references()) {
      references.add(r.indication() + "=" + r.source() + " (" + r.p0() + ")");
    }
    String where = clinicId == null ? "the network" : "clinic " + clinicId;
    String message = String.format(Locale.ROOT, "%s: %s happened more often than the reference rates explain"
            + " (CUSUM %.2f reached %.0f on %s): %d events in the %d sessions of the 30 days to %s, %.1f expected."
            + " Review these sessions and their technique.",
        where, path.category(), signal.s(), PoissonCusum.H, signal.day(), t.events(), t.sessions(), signal.day(),
        t.expected());
    return Alert.newBuilder()
        .setAlertId(alertId(scope, path, signal))
        .setKind(AlertKind.SIGNAL)
        .setRaisedAt(raisedAt)
        .setScope(scope)
        .setClinicId(clinicId)
        .setIndication(Series.ALL)
        .setCategory(path.category())
        .setAsOf(signal.day())
        .setSessions(t.sessions())
        .setEvents(t.events())
        .setRate(t.sessions() == 0 ? null : (double) t.events() / t.sessions())
        .setExpected(t.expected())
        .setCusum(signal.s())
        .setThreshold(PoissonCusum.H)
        .setRateRatio(PoissonCusum.R)
        .setReferences(references)
        .setMessage(message)
        .build();
  }
}
