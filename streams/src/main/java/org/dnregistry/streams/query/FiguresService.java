package org.dnregistry.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.baselines.ApplicableBaselines;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Window;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.surveillance.CusumPath;
import org.dnregistry.streams.surveillance.PoissonCusum;
import org.dnregistry.streams.surveillance.ReferenceRates;
import org.dnregistry.streams.surveillance.ScopeBuckets;
import org.dnregistry.streams.surveillance.ScopeCounts;
import org.dnregistry.streams.quality.DataQualityKind;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.stats.BaselineComparison;
import org.dnregistry.streams.stats.ChangeSummary;
import org.dnregistry.streams.stats.RateEstimate;
import org.dnregistry.topics.Keys;

/**
 * The figures of FIGURES.md (complications, efficacy, compliance) for a scope, indication, window and asOf day,
 * computed from the day buckets: sum the window's days of one series, then apply the statistics.
 */
public final class FiguresService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  private final BucketReader buckets;
  private final BaselineSource baselines;
  private final Clock clock;

  public FiguresService(BucketReader buckets, BaselineSource baselines, Clock clock) {
    this.buckets = buckets;
    this.baselines = baselines;
    this.clock = clock;
  }

  /** The latest day of any counted session in the network; today (UTC) when there is none. */
  public LocalDate defaultAsOf() {
    return latestSessionDay().orElseGet(() -> LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)));
  }

  /** The latest day of any counted session in the network, if any. */
  public Optional<LocalDate> latestSessionDay() {
    return buckets.latestSessionDay(Series.of(Series.NETWORK, Series.ALL));
  }

  /** Every clinic that has counted facts. */
  public List<String> clinicsWithFigures() {
    return buckets.clinics().stream().sorted().toList();
  }

  /**
   * @param scope      {@code network} or {@code clinic:<clinicId>}
   * @param indication an Indication code or {@code ALL}
   * @param window     {@code 30}, {@code 90}, {@code 365} or {@code all}
   * @param asOf       the window's last day; null for {@link #defaultAsOf()}
   * @throws IllegalArgumentException for a parameter outside those
   */
  public Responses.Complications complications(String scope, String indication, String window, LocalDate asOf) {
    var q = Query.of(scope, indication, window, asOf == null ? defaultAsOf() : asOf);
    DayCounters sum = sum(q.series(), q);
    long n = sum.sessions();
    List<Baseline> current = ApplicableBaselines.of(baselines.baselines(), q.indication());
    var rows = new ArrayList<Responses.ComplicationRow>();
    for (ComplicationCategory category : ComplicationCategory.values()) {
      long x = sum.events(category);
      RateEstimate rate = RateEstimate.of(x, n);
      var rowBaselines = new ArrayList<Responses.BaselineRow>();
      for (Baseline b : current) {
        if (b.getCategory() == category) {
          BaselineComparison c = BaselineComparison.evaluate(b.getSource(), b.getLow(), b.getHigh(), x, n);
          rowBaselines.add(new Responses.BaselineRow(c.source(), c.low(), c.high(), c.pUpper(), c.pLower(),
              c.status().name()));
        }
      }
      rows.add(new Responses.ComplicationRow(category.name(), n, x, rate.rate(), rate.ciLow(), rate.ciHigh(),
          rowBaselines));
    }
    return new Responses.Complications(q.scope(), q.indication(), q.window().label(), q.asOf().toString(), rows);
  }

  /** Same parameters as {@link #complications}. */
  public Responses.Efficacy efficacy(String scope, String indication, String window, LocalDate asOf) {
    var q = Query.of(scope, indication, window, asOf == null ? defaultAsOf() : asOf);
    DayCounters sum = sum(q.series(), q);
    var rows = new ArrayList<Responses.EfficacyRow>();
    for (Instrument instrument : Instrument.values()) {
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        DayCounters.EfficacyCell cell = sum.efficacy(instrument, TIMEPOINTS[t]);
        ChangeSummary s = ChangeSummary.of(instrument, cell.n(), cell.sumHundredths(), cell.sumSquaresHundredths(),
            cell.responders());
        rows.add(new Responses.EfficacyRow(instrument.name(), TIMEPOINTS[t].name(), s.n(), s.meanChange(), s.sd(),
            s.ciLow(), s.ciHigh(), s.mcid(), s.responders(), s.responderRate(), s.responderCiLow(),
            s.responderCiHigh(), s.status().name()));
      }
    }
    return new Responses.Efficacy(q.scope(), q.indication(), q.window().label(), q.asOf().toString(), rows);
  }

  /** Guideline flag counts per clinic of the scope (every indication). */
  public Responses.Compliance compliance(String scope, String window, LocalDate asOf) {
    var q = Query.of(scope, Series.ALL, window, asOf == null ? defaultAsOf() : asOf);
    String clinic = Series.clinicOf(Series.of(q.scope(), Series.ALL));
    List<String> clinics = clinic == null ? buckets.clinics() : List.of(clinic);
    var rows = new ArrayList<Responses.ComplianceRow>();
    var total = DayCounters.builder();
    for (String id : clinics.stream().sorted().toList()) {
      DayCounters sum = sum(Series.of(Series.scopeOfClinic(id), Series.ALL), q);
      if (sum.hasFlags()) {
        rows.add(new Responses.ComplianceRow(id, flagCounts(sum)));
        total.add(sum);
      }
    }
    return new Responses.Compliance(q.scope(), q.window().label(), q.asOf().toString(), rows,
        flagCounts(total.build()));
  }

  /** Episodes are due a follow-up once their baseline is this many days before asOf (REFERENCE section 4). */
  static final int FOLLOW_UP_DUE_DAYS = 60;

  /** The facts of the scope that do not count, by reason, and the follow-up completeness as of asOf. */
  public Responses.DataQuality dataQuality(String scope, LocalDate asOf) {
    var q = Query.of(scope, Series.ALL, "all", asOf == null ? defaultAsOf() : asOf);
    DataQualityCounts quality = buckets.quality(q.scope());
    var counts = new LinkedHashMap<String, Long>();
    for (DataQualityKind kind : DataQualityKind.values()) {
      counts.put(kind.label(), quality.get(kind));
    }
    DayCounters due = sum(q.series(), new Query(q.scope(), Series.ALL, Window.ALL,
        q.asOf().minusDays(FOLLOW_UP_DUE_DAYS)));
    long episodes = due.followUpEligible();
    long completed = due.followUpComplete();
    return new Responses.DataQuality(q.scope(), q.asOf().toString(), counts, new Responses.FollowUp(
        FOLLOW_UP_DUE_DAYS, episodes, completed, episodes == 0 ? null : (double) completed / episodes));
  }

  /** Days of a surveillance path asked for by default: the latest and the 364 before it. */
  static final int SURVEILLANCE_DAYS = 365;
  /** The last day a bucket key can hold. */
  private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  /**
   * The CUSUM path of a scope and category (REFERENCE section 4), its days {@code from} through {@code to}; null
   * {@code to}: the scope's latest counted session day; null {@code from}: 364 days before {@code to}. The path
   * itself always starts at the scope's first counted session day: S depends on every day before.
   */
  public Responses.Surveillance surveillance(String scope, String category, LocalDate from, LocalDate to) {
    var q = Query.of(scope, Series.ALL, "all", to == null ? defaultAsOf() : to);
    ComplicationCategory c = ComplicationCategory.valueOf(category);
    ReferenceRates rates = ReferenceRates.of(baselines.baselines());
    List<String> monitored = rates.categories().stream().map(Enum::name).toList();
    if (!rates.isMonitored(c)) {
      return new Responses.Surveillance(q.scope(), c.name(), PoissonCusum.R, PoissonCusum.H, false, monitored,
          List.of(), List.of());
    }
    ScopeCounts counts = ScopeBuckets.read(q.scope(), (series, day) ->
        buckets.read(series, null, LAST_DAY).forEach(b -> day.accept(b.day(), b.counters())));
    CusumPath path = PoissonCusum.evaluate(counts, rates.of(c));
    LocalDate end = to != null ? to : counts.lastDay().orElse(q.asOf());
    LocalDate start = from != null ? from : end.minusDays(SURVEILLANCE_DAYS - 1);
    var references = path.references().references().stream()
        .map(r -> new Responses.SurveillanceReference(r.indication().name(), r.source(), r.p0())).toList();
    var days = path.days(start, end).stream().map(d -> new Responses.SurveillanceDay(d.day().toString(),
        d.sessions(), d.events(), d.expected(), d.s(), d.signal())).toList();
    return new Responses.Surveillance(q.scope(), c.name(), PoissonCusum.R, PoissonCusum.H, true, monitored,
        references, days);
  }

  public static String toJson(Object response) {
    try {
      return JSON.writeValueAsString(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + response.getClass().getSimpleName(), e);
    }
  }

  private DayCounters sum(String series, Query q) {
    var sum = DayCounters.builder();
    for (BucketReader.DayBucket b : buckets.read(series, q.window().firstDay(q.asOf()), q.asOf())) {
      sum.add(b.counters());
    }
    return sum.build();
  }

  private static Map<String, Long> flagCounts(DayCounters counters) {
    var counts = new LinkedHashMap<String, Long>();
    for (GuidelineFlag flag : GuidelineFlag.values()) {
      counts.put(flag.name(), counters.flag(flag));
    }
    return counts;
  }

  private record Query(String scope, String indication, Window window, LocalDate asOf) {
    /** Bucket keys hold ISO days, which sort as days only with four-digit years. */
    private static final int MAX_YEAR = 9999;

    static Query of(String scope, String indication, String window, LocalDate asOf) {
      if (scope == null || !(scope.equals(Series.NETWORK)
          || (scope.startsWith(Series.CLINIC_PREFIX) && scope.length() > Series.CLINIC_PREFIX.length()
              && scope.indexOf(Keys.SEP) < 0))) {
        throw new IllegalArgumentException("scope must be network or clinic:<clinicId>, was '" + scope + "'");
      }
      if (indication == null || !(indication.equals(Series.ALL) || isIndication(indication))) {
        throw new IllegalArgumentException("indication must be an indication code or ALL, was '" + indication + "'");
      }
      if (asOf.getYear() < 0 || asOf.getYear() > MAX_YEAR) {
        throw new IllegalArgumentException("asOf must be a day of the years 0000-" + MAX_YEAR + ", was " + asOf);
      }
      return new Query(scope, indication, Window.parse(window), asOf);
    }

    String series() {
      return Series.of(scope, indication);
    }

    private static boolean isIndication(String code) {
      for (Indication i : Indication.values()) {
        if (i.name().equals(code)) {
          return true;
        }
      }
      return false;
    }
  }
}
