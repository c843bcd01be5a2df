package org.dnregistry.streams.oracle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.BaselineStatus;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.oracle.Facts.CountedAdverseEvent;
import org.dnregistry.streams.oracle.Facts.CountedOutcome;
import org.dnregistry.streams.oracle.Facts.CountedSession;
import org.dnregistry.topics.Keys;

/**
 * An independent, straight-line recomputation of the figures of FIGURES.md from a list of input records: the
 * final facts (last write wins, tombstones retract) are scanned by plain loops for every question, with no state
 * carried between questions. Property tests compare the topology's query answers with these JSON trees.
 */
public final class Oracle {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> OUTSIDE_SCOPE_STATES = List.of("HI", "ID", "KS", "NY", "SD");

  private final Facts facts;

  private Oracle(Facts facts) {
    this.facts = facts;
  }

  /** The oracle of a history given in arrival order. */
  public static Oracle of(List<TopicRecord> history) {
    return new Oracle(Facts.of(history));
  }

  /** {@code network}, then {@code clinic:<id>} for every clinic named anywhere in the history, by id. */
  public List<String> scopes() {
    var scopes = new ArrayList<String>();
    scopes.add(Selection.NETWORK);
    for (String clinicId : facts.clinicsSeen) {
      scopes.add(Selection.CLINIC_PREFIX + clinicId);
    }
    return List.copyOf(scopes);
  }

  /** {@code ALL}, then every Indication code in enum order. */
  public static List<String> indications() {
    var all = new ArrayList<String>();
    all.add(Selection.ALL_INDICATIONS);
    for (Indication i : Indication.values()) {
      all.add(i.name());
    }
    return List.copyOf(all);
  }

  /** {@code 30}, {@code 90}, {@code 365}, {@code all}. */
  public static List<String> windows() {
    return Selection.WINDOWS;
  }

  /** The latest day of any counted session in the network; empty when no session counts. */
  public Optional<LocalDate> defaultAsOf() {
    LocalDate latest = null;
    for (CountedSession s : facts.countedSessions()) {
      if (latest == null || s.day().isAfter(latest)) {
        latest = s.day();
      }
    }
    return Optional.ofNullable(latest);
  }

  /**
   * Days worth asking about, in order: the earliest counted session day and the day before it, the default asOf
   * and the day before it, and for a session day in the middle of the history the asOfs whose W-day windows
   * (30, 90, 365) just include it (day + W - 1) and just exclude it (day + W). Empty when no session counts.
   */
  public List<LocalDate> asOfsToTry() {
    var sessionDays = new TreeSet<LocalDate>();
    for (CountedSession s : facts.countedSessions()) {
      sessionDays.add(s.day());
    }
    if (sessionDays.isEmpty()) {
      return List.of();
    }
    var days = new TreeSet<LocalDate>();
    days.add(sessionDays.first());
    days.add(sessionDays.first().minusDays(1));
    days.add(sessionDays.last());
    days.add(sessionDays.last().minusDays(1));
    LocalDate middle = new ArrayList<>(sessionDays).get(sessionDays.size() / 2);
    for (int w : new int[] {30, 90, 365}) {
      days.add(middle.plusDays(w - 1));
      days.add(middle.plusDays(w));
    }
    return List.copyOf(days);
  }

  // ---------------------------------------------------------------------------------------------- complications

  public ObjectNode complications(String scope, String indication, String window, LocalDate asOf) {
    var sel = new Selection(scope, indication, window, asOf);
    long n = 0;
    for (CountedSession s : facts.countedSessions()) {
      if (selected(sel, s)) {
        n++;
      }
    }
    long[] x = new long[ComplicationCategory.values().length];
    for (CountedAdverseEvent ae : facts.countedAdverseEvents()) {
      if (selected(sel, ae.session())) {
        x[ComplicationCategory.valueOf(ae.event().getCategory().name()).ordinal()]++;
        x[(ae.event().getSerious() ? ComplicationCategory.SERIOUS : ComplicationCategory.ANY_MINOR).ordinal()]++;
      }
    }

    ObjectNode out = header(sel, true);
    ArrayNode rows = out.putArray("rows");
    for (ComplicationCategory category : ComplicationCategory.values()) {
      long events = x[category.ordinal()];
      ObjectNode row = rows.addObject();
      row.put("category", category.name());
      row.put("sessions", n);
      row.put("events", events);
      putOrNull(row, "rate", n == 0 ? null : (double) events / n);
      putOrNull(row, "ciLow", n == 0 ? null : OracleStats.garwoodLow(events, n));
      putOrNull(row, "ciHigh", n == 0 ? null : OracleStats.garwoodHigh(events, n));
      ArrayNode baselines = row.putArray("baselines");
      for (Baseline b : baselinesOf(category, sel)) {
        ObjectNode bn = baselines.addObject();
        bn.put("source", b.getSource());
        bn.put("low", b.getLow());
        bn.put("high", b.getHigh());
        if (n == 0) {
          bn.putNull("pUpper");
          bn.putNull("pLower");
          bn.put("status", BaselineStatus.NO_DATA.name());
        } else {
          double pUpper = OracleStats.poissonAtLeast(events, n * b.getHigh());
          double pLower = OracleStats.poissonAtMost(events, n * b.getLow());
          bn.put("pUpper", pUpper);
          bn.put("pLower", pLower);
          bn.put("status", status(pUpper, pLower).name());
        }
      }
    }
    return out;
  }

  private static boolean selected(Selection sel, CountedSession s) {
    return sel.includesClinic(s.clinicId())
        && sel.includesIndication(s.episode().getIndication())
        && sel.includesDay(s.day());
  }

  private List<Baseline> baselinesOf(ComplicationCategory category, Selection sel) {
    var matching = new ArrayList<Baseline>();
    for (Baseline b : facts.baselines.values()) {
      boolean forIndication = b.getIndication() == null
          || (!sel.indication().equals(Selection.ALL_INDICATIONS) && b.getIndication().name().equals(sel.indication()));
      if (b.getCategory() == category && forIndication) {
        matching.add(b);
      }
    }
    matching.sort(Comparator.comparing(Baseline::getSource));
    return matching;
  }

  private static BaselineStatus status(double pUpper, double pLower) {
    if (pUpper < 0.001) {
      return BaselineStatus.ALARM;
    }
    if (pUpper < 0.025) {
      return BaselineStatus.WARNING;
    }
    if (pLower < 0.025) {
      return BaselineStatus.BELOW;
    }
    return BaselineStatus.CONSISTENT;
  }

  // --------------------------------------------------------------------------------------------------- efficacy

  /** Minimal clinically important differences in hundredths of a point: Farrar 2001, Young 2009, Ostelo 2008, Stratford 1995. */
  static long mcidHundredths(Instrument instrument) {
    return switch (instrument) {
      case NPRS -> 200;
      case NDI -> 750;
      case ODI -> 1000;
      case PSFS -> 200;
    };
  }

  public ObjectNode efficacy(String scope, String indication, String window, LocalDate asOf) {
    var sel = new Selection(scope, indication, window, asOf);
    // Changes in whole hundredths per instrument and follow-up timepoint: scores have at most two decimals, so
    // 2.26 - 0.26 is exactly the NPRS MCID of 2 here, where it is 1.9999999999999998 in doubles.
    List<List<List<Long>>> changes = new ArrayList<>();
    for (Instrument instrument : Instrument.values()) {
      var perTimepoint = new ArrayList<List<Long>>();
      for (Timepoint timepoint : Timepoint.values()) {
        perTimepoint.add(new ArrayList<>());
      }
      changes.add(perTimepoint);
    }
    for (CountedOutcome followUp : facts.countedOutcomes()) {
      Outcome f = followUp.outcome();
      Episode episode = followUp.episode();
      if (f.getTimepoint() == Timepoint.BASELINE || !sel.includesClinic(episode.getClinicId())
          || !sel.includesIndication(episode.getIndication()) || !sel.includesDay(followUp.day())) {
        continue;
      }
      // The baseline hangs on the same episode, so it counts whenever the follow-up does.
      Outcome baseline =
          facts.outcomes.get(Keys.outcome(f.getClinicId(), f.getEpisodeId(), f.getInstrument(), Timepoint.BASELINE));
      if (baseline == null) {
        continue;
      }
      long baseH = Math.round(baseline.getScore() * 100);
      long followH = Math.round(f.getScore() * 100);
      long changeH = f.getInstrument() == Instrument.PSFS ? followH - baseH : baseH - followH;
      changes.get(f.getInstrument().ordinal()).get(f.getTimepoint().ordinal()).add(changeH);
    }

    ObjectNode out = header(sel, true);
    ArrayNode rows = out.putArray("rows");
    for (Instrument instrument : Instrument.values()) {
      for (Timepoint timepoint : Timepoint.values()) {
        if (timepoint != Timepoint.BASELINE) {
          efficacyRow(rows.addObject(), instrument, timepoint, changes.get(instrument.ordinal()).get(timepoint.ordinal()));
        }
      }
    }
    return out;
  }

  private static void efficacyRow(ObjectNode row, Instrument instrument, Timepoint timepoint, List<Long> changesH) {
    long mcid = mcidHundredths(instrument);
    int n = changesH.size();
    double[] values = new double[n];
    long responders = 0;
    for (int i = 0; i < n; i++) {
      values[i] = changesH.get(i) / 100.0;
      if (changesH.get(i) >= mcid) {
        responders++;
      }
    }
    Double mean = n == 0 ? null : OracleStats.mean(values);
    Double sd = n < 2 ? null : OracleStats.sampleSd(values, mean);
    Double ciLow = null;
    Double ciHigh = null;
    if (n >= 2) {
      double half = OracleStats.t975(n - 1) * sd / Math.sqrt(n);
      ciLow = mean - half;
      ciHigh = mean + half;
    }
    double mcidPoints = mcid / 100.0;
    String status;
    if (n < 2) {
      status = "INSUFFICIENT_DATA";
    } else if (ciLow >= mcidPoints) {
      status = "ABOVE_MCID";
    } else if (ciHigh < mcidPoints) {
      status = "BELOW_MCID";
    } else {
      status = "INCONCLUSIVE";
    }
    double[] wilson = n == 0 ? null : OracleStats.wilson(responders, n);

    row.put("instrument", instrument.name());
    row.put("timepoint", timepoint.name());
    row.put("n", n);
    putOrNull(row, "meanChange", mean);
    putOrNull(row, "sd", sd);
    putOrNull(row, "ciLow", ciLow);
    putOrNull(row, "ciHigh", ciHigh);
    row.put("mcid", mcidPoints);
    row.put("responders", responders);
    putOrNull(row, "responderRate", n == 0 ? null : (double) responders / n);
    putOrNull(row, "responderCiLow", wilson == null ? null : wilson[0]);
    putOrNull(row, "responderCiHigh", wilson == null ? null : wilson[1]);
    row.put("status", status);
  }

  // ------------------------------------------------------------------------------------------------- compliance

  public ObjectNode compliance(String scope, String window, LocalDate asOf) {
    var sel = new Selection(scope, Selection.ALL_INDICATIONS, window, asOf);
    var counts = new TreeMap<String, long[]>();
    List<CountedSession> sessions = facts.countedSessions();
    List<CountedOutcome> outcomes = facts.countedOutcomes();

    // Per episode: how many of its sessions count (any modality, any day) and its first counted discharge day.
    var attended = new TreeMap<String, Long>();
    for (CountedSession s : sessions) {
      attended.merge(Keys.episode(s.session().getClinicId(), s.session().getEpisodeId()), 1L, Long::sum);
    }
    var discharged = new TreeMap<String, LocalDate>();
    for (CountedOutcome o : outcomes) {
      if (o.outcome().getTimepoint() == Timepoint.DISCHARGE) {
        discharged.merge(Keys.episode(o.outcome().getClinicId(), o.outcome().getEpisodeId()), o.day(),
            (a, b) -> a.isBefore(b) ? a : b);
      }
    }

    for (var e : facts.episodes.entrySet()) {
      Episode ep = e.getValue();
      if (!sel.includesClinic(ep.getClinicId())) {
        continue;
      }
      if (sel.includesDay(ep.getStartDate())) {
        if (notRecommended(ep)) {
          flag(counts, ep.getClinicId(), GuidelineFlag.NOT_RECOMMENDED_INDICATION);
        }
        if (ep.getChronicity() == Chronicity.CHRONIC) {
          flag(counts, ep.getClinicId(), GuidelineFlag.CHRONIC_CONDITION);
        }
        if (conservativeCareNotTried(ep)) {
          flag(counts, ep.getClinicId(), GuidelineFlag.CONSERVATIVE_CARE_NOT_TRIED);
        }
        if (!ep.getContraindications().isEmpty()) {
          flag(counts, ep.getClinicId(), GuidelineFlag.CONTRAINDICATION_PRESENT);
        }
      }
      LocalDate dischargeDay = discharged.get(e.getKey());
      // attended < 0.8 * planned, in integers so that 8 of 10 is exactly not low.
      if (dischargeDay != null && sel.includesDay(dischargeDay)
          && 5 * attended.getOrDefault(e.getKey(), 0L) < 4L * ep.getPlannedSessions()) {
        flag(counts, ep.getClinicId(), GuidelineFlag.LOW_ADHERENCE);
      }
    }

    for (CountedSession cs : sessions) {
      Session s = cs.session();
      if (s.getModality() != Modality.DRY_NEEDLING || !sel.includesClinic(cs.clinicId()) || !sel.includesDay(cs.day())) {
        continue;
      }
      Practitioner practitioner = facts.practitioners.get(Keys.practitioner(s.getPractitionerId()));
      Clinic clinic = facts.clinics.get(Keys.clinic(s.getClinicId()));
      // A practitioner registered for another clinic is no practitioner of this session.
      if (practitioner != null && !practitioner.getClinicId().equals(s.getClinicId())) {
        practitioner = null;
      }
      if (practitioner != null && practitioner.getTrainingHours() <= 60.0) {
        flag(counts, cs.clinicId(), GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H);
      }
      if (practitioner != null && practitioner.getProfession() == Profession.PHYSICAL_THERAPIST
          && clinic != null && OUTSIDE_SCOPE_STATES.contains(clinic.getState())) {
        flag(counts, cs.clinicId(), GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE);
      }
      if (outside(s.getNeedleDiameterMm(), 0.25, 0.36) || outside(s.getNeedleLengthMm(), 25.0, 40.0)) {
        flag(counts, cs.clinicId(), GuidelineFlag.NEEDLE_SPEC_OUT_OF_RANGE);
      }
      if (cs.episode().getIndication() == Indication.NECK_PAIN
          && !s.getCointerventions().contains(Cointervention.EXERCISE)
          && !s.getCointerventions().contains(Cointervention.MANUAL_THERAPY)) {
        flag(counts, cs.clinicId(), GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE);
      }
    }

    ObjectNode out = header(sel, false);
    ArrayNode rows = out.putArray("rows");
    long[] total = new long[GuidelineFlag.values().length];
    for (var e : counts.entrySet()) {
      ObjectNode row = rows.addObject();
      row.put("clinicId", e.getKey());
      row.set("counts", flagCounts(e.getValue()));
      for (int i = 0; i < total.length; i++) {
        total[i] += e.getValue()[i];
      }
    }
    out.set("total", flagCounts(total));
    return out;
  }

  private static boolean notRecommended(Episode ep) {
    return switch (ep.getIndication()) {
      case CHRONIC_LOW_BACK_PAIN -> ep.getEtiology() == Etiology.DEGENERATIVE;
      case OSTEOARTHRITIS, PATELLOFEMORAL_PAIN, HEADACHE -> true;
      default -> false;
    };
  }

  private static boolean conservativeCareNotTried(Episode ep) {
    List<PriorCare> tried = ep.getPriorCare();
    boolean lowBackPain = ep.getIndication() == Indication.CHRONIC_LOW_BACK_PAIN
        || ep.getIndication() == Indication.ACUTE_LOW_BACK_PAIN;
    return !tried.contains(PriorCare.NSAID_OR_ACETAMINOPHEN)
        || !tried.contains(PriorCare.SELF_CARE_EDUCATION)
        || (lowBackPain && !tried.contains(PriorCare.HEAT));
  }

  private static boolean outside(Double value, double low, double high) {
    return value != null && (value < low || value > high);
  }

  /** Only clinics with a flag get an entry, so a clinic whose counts are all zero never becomes a row. */
  private static void flag(TreeMap<String, long[]> counts, String clinicId, GuidelineFlag flag) {
    counts.computeIfAbsent(clinicId, id -> new long[GuidelineFlag.values().length])[flag.ordinal()]++;
  }

  private static ObjectNode flagCounts(long[] counts) {
    ObjectNode node = JSON.objectNode();
    for (GuidelineFlag f : GuidelineFlag.values()) {
      node.put(f.name(), counts[f.ordinal()]);
    }
    return node;
  }

  // ----------------------------------------------------------------------------------------------- data quality

  /** Timepoints that complete an episode's follow-up: DISCHARGE or later. */
  private static final List<Timepoint> COMPLETING =
      List.of(Timepoint.DISCHARGE, Timepoint.MONTH_3, Timepoint.MONTH_6, Timepoint.MONTH_12);
  /** An episode is due a follow-up once its baseline is this many days before asOf. */
  private static final int FOLLOW_UP_DUE_DAYS = 60;

  /**
   * The facts that do not count, and why, and the follow-up completeness as of asOf (REFERENCE section 4, data
   * quality): the clinics' facts as they are now, each classified by the first thing it lacks.
   */
  public ObjectNode dataQuality(String scope, LocalDate asOf) {
    var sel = new Selection(scope, Selection.ALL_INDICATIONS, "all", asOf);
    long sessionsEpisodeUnknown = 0;
    for (Session s : facts.sessions.values()) {
      if (sel.includesClinic(s.getClinicId()) && !facts.episodes.containsKey(Keys.episode(s.getClinicId(),
          s.getEpisodeId()))) {
        sessionsEpisodeUnknown++;
      }
    }
    long outcomesEpisodeUnknown = 0;
    for (Outcome o : facts.outcomes.values()) {
      if (sel.includesClinic(o.getClinicId()) && !facts.episodes.containsKey(Keys.episode(o.getClinicId(),
          o.getEpisodeId()))) {
        outcomesEpisodeUnknown++;
      }
    }
    long episodeUnknown = 0;
    long sessionUnknown = 0;
    long wrongEpisode = 0;
    for (AdverseEvent a : facts.adverseEvents.values()) {
      if (!sel.includesClinic(a.getClinicId())) {
        continue;
      }
      boolean ownSession = facts.sessions.containsKey(Keys.session(a.getClinicId(), a.getEpisodeId(), a.getSessionId()));
      if (ownSession) {
        if (!facts.episodes.containsKey(Keys.episode(a.getClinicId(), a.getEpisodeId()))) {
          episodeUnknown++;
        }
      } else if (facts.sessions.values().stream().anyMatch(s -> s.getClinicId().equals(a.getClinicId())
          && s.getSessionId().equals(a.getSessionId()))) {
        wrongEpisode++;
      } else {
        sessionUnknown++;
      }
    }
    long eligible = 0;
    long complete = 0;
    for (var e : facts.episodes.entrySet()) {
      if (!sel.includesClinic(e.getValue().getClinicId())) {
        continue;
      }
      LocalDate baseline = null;
      boolean completed = false;
      for (CountedOutcome o : facts.countedOutcomes()) {
        if (!Keys.episode(o.outcome().getClinicId(), o.outcome().getEpisodeId()).equals(e.getKey())) {
          continue;
        }
        if (o.outcome().getTimepoint() == Timepoint.BASELINE && (baseline == null || o.day().isBefore(baseline))) {
          baseline = o.day();
        }
        completed |= COMPLETING.contains(o.outcome().getTimepoint());
      }
      if (baseline != null && !baseline.isAfter(asOf.minusDays(FOLLOW_UP_DUE_DAYS))) {
        eligible++;
        complete += completed ? 1 : 0;
      }
    }
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope);
    out.put("asOf", asOf.toString());
    ObjectNode counts = out.putObject("counts");
    counts.put("sessionsEpisodeUnknown", sessionsEpisodeUnknown);
    counts.put("outcomesEpisodeUnknown", outcomesEpisodeUnknown);
    counts.put("adverseEventsEpisodeUnknown", episodeUnknown);
    counts.put("adverseEventsSessionUnknown", sessionUnknown);
    counts.put("adverseEventsWrongEpisode", wrongEpisode);
    ObjectNode followUp = out.putObject("followUp");
    followUp.put("dueAfterDays", FOLLOW_UP_DUE_DAYS);
    followUp.put("episodes", eligible);
    followUp.put("completed", complete);
    putOrNull(followUp, "completeness", eligible == 0 ? null : (double) complete / eligible);
    return out;
  }

  // ----------------------------------------------------------------------------------------------- surveillance

  /** The rate ratio the CUSUM detects and its threshold (REFERENCE section 4). */
  static final double R = 2.0;
  static final double H = 6.0;
  private static final List<ComplicationCategory> SENTINEL_CATEGORIES = List.of(ComplicationCategory.PNEUMOTHORAX,
      ComplicationCategory.INFECTION, ComplicationCategory.NERVE_INJURY, ComplicationCategory.NEEDLE_BREAKAGE,
      ComplicationCategory.FORGOTTEN_NEEDLE);

  /** ANY_MINOR, SERIOUS, and every other category with a baseline, but the sentinel ones; in enum order. */
  public List<ComplicationCategory> monitoredCategories() {
    var out = new ArrayList<ComplicationCategory>();
    for (ComplicationCategory c : ComplicationCategory.values()) {
      boolean hasBaseline = facts.baselines.values().stream().anyMatch(b -> b.getCategory() == c && sound(b));
      if (c == ComplicationCategory.ANY_MINOR || c == ComplicationCategory.SERIOUS
          || (hasBaseline && !SENTINEL_CATEGORIES.contains(c))) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean sound(Baseline b) {
    return b.getLow() >= 0 && b.getHigh() <= 1 && b.getLow() <= b.getHigh();
  }

  /**
   * The reference of a category for an indication (docs/FIGURES.md "Surveillance"): of the sound baselines of the
   * category whose indication is this one or null, one with studySessions before one without, then an
   * indication-specific one, then the larger studySessions, then the first source; null when none applies.
   */
  Baseline reference(ComplicationCategory category, Indication indication) {
    Baseline best = null;
    for (Baseline b : facts.baselines.values()) {
      if (b.getCategory() != category || !sound(b)
          || (b.getIndication() != null && b.getIndication() != indication)) {
        continue;
      }
      if (best == null || better(b, best)) {
        best = b;
      }
    }
    return best;
  }

  private static boolean better(Baseline a, Baseline b) {
    if ((a.getStudySessions() != null) != (b.getStudySessions() != null)) {
      return a.getStudySessions() != null;
    }
    if ((a.getIndication() != null) != (b.getIndication() != null)) {
      return a.getIndication() != null;
    }
    if (a.getStudySessions() != null && !a.getStudySessions().equals(b.getStudySessions())) {
      return a.getStudySessions() > b.getStudySessions();
    }
    return a.getSource().compareTo(b.getSource()) < 0;
  }

  /** One day of a path: the covered indications' sessions, events and expected events, S, whether it signals. */
  record CusumDay(LocalDate day, long sessions, long events, double expected, double s, boolean signal) {}

  /** The whole CUSUM path of a scope and category, from its first through its latest counted session day. */
  List<CusumDay> cusum(String scope, ComplicationCategory category) {
    var sel = new Selection(scope, Selection.ALL_INDICATIONS, "all", LocalDate.of(9999, 12, 31));
    LocalDate first = null;
    LocalDate last = null;
    for (CountedSession s : facts.countedSessions()) {
      if (sel.includesClinic(s.clinicId())) {
        first = first == null || s.day().isBefore(first) ? s.day() : first;
        last = last == null || s.day().isAfter(last) ? s.day() : last;
      }
    }
    var path = new ArrayList<CusumDay>();
    if (first == null) {
      return path;
    }
    var references = new Baseline[Indication.values().length];
    for (Indication i : Indication.values()) {
      references[i.ordinal()] = reference(category, i);
    }
    // Sessions and events of the scope by day and indication, counted once.
    var sessionsOn = new java.util.HashMap<String, Long>();
    for (CountedSession s : facts.countedSessions()) {
      if (sel.includesClinic(s.clinicId())) {
        sessionsOn.merge(s.day() + "|" + s.episode().getIndication(), 1L, Long::sum);
      }
    }
    var eventsOn = new java.util.HashMap<String, Long>();
    for (CountedAdverseEvent a : facts.countedAdverseEvents()) {
      CountedSession s = a.session();
      if (sel.includesClinic(s.clinicId()) && inCategory(a.event(), category)) {
        eventsOn.merge(s.day() + "|" + s.episode().getIndication(), 1L, Long::sum);
      }
    }
    double previous = 0;
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      long sessions = 0;
      long events = 0;
      double expected = 0;
      double w = 0;
      for (Indication i : Indication.values()) {
        Baseline ref = references[i.ordinal()];
        if (ref == null) {
          continue;
        }
        long n = sessionsOn.getOrDefault(day + "|" + i, 0L);
        long x = eventsOn.getOrDefault(day + "|" + i, 0L);
        double mu = n * ref.getHigh();
        sessions += n;
        events += x;
        expected += mu;
        w += x * Math.log(R) - mu * (R - 1);
      }
      double sDay = Math.max(0, previous + w);
      boolean signal = sDay >= H;
      path.add(new CusumDay(day, sessions, events, expected, sDay, signal));
      previous = signal ? 0 : sDay;
    }
    return path;
  }

  private static boolean inCategory(AdverseEvent a, ComplicationCategory category) {
    return switch (category) {
      case ANY_MINOR -> !a.getSerious();
      case SERIOUS -> a.getSerious();
      default -> a.getCategory().name().equals(category.name());
    };
  }

  /** The /v1/surveillance answer: the path's days within from..to (defaults as the API's). */
  public ObjectNode surveillance(String scope, String category, LocalDate from, LocalDate to) {
    ComplicationCategory c = ComplicationCategory.valueOf(category);
    List<ComplicationCategory> monitored = monitoredCategories();
    ObjectNode out = JSON.objectNode();
    out.put("scope", scope);
    out.put("category", category);
    out.put("R", R);
    out.put("h", H);
    out.put("monitored", monitored.contains(c));
    ArrayNode names = out.putArray("monitoredCategories");
    monitored.forEach(m -> names.add(m.name()));
    ArrayNode refs = out.putArray("references");
    ArrayNode days = out.putArray("days");
    if (!monitored.contains(c)) {
      return out;
    }
    for (Indication i : Indication.values()) {
      Baseline ref = reference(c, i);
      if (ref != null) {
        refs.addObject().put("indication", i.name()).put("source", ref.getSource()).put("p0", ref.getHigh());
      }
    }
    List<CusumDay> path = cusum(scope, c);
    LocalDate end = to != null ? to : path.isEmpty() ? defaultAsOf().orElseThrow() : path.get(path.size() - 1).day();
    LocalDate start = from != null ? from : end.minusDays(364);
    for (CusumDay d : path) {
      if (!d.day().isBefore(start) && !d.day().isAfter(end)) {
        days.addObject().put("day", d.day().toString()).put("sessions", d.sessions()).put("events", d.events())
            .put("expected", d.expected()).put("s", d.s()).put("signal", d.signal());
      }
    }
    return out;
  }

  /** Every signal of the current facts: scope|category|day. */
  public TreeSet<String> signals() {
    var out = new TreeSet<String>();
    for (String scope : scopes()) {
      for (ComplicationCategory c : monitoredCategories()) {
        for (CusumDay d : cusum(scope, c)) {
          if (d.signal()) {
            out.add(scope + "|" + c + "|" + d.day());
          }
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------------ JSON

  private static ObjectNode header(Selection sel, boolean withIndication) {
    ObjectNode out = JSON.objectNode();
    out.put("scope", sel.scope());
    if (withIndication) {
      out.put("indication", sel.indication());
    }
    out.put("window", sel.window());
    out.put("asOf", sel.asOf().toString());
    return out;
  }

  private static void putOrNull(ObjectNode node, String field, Double value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.doubleValue());
    }
  }
}
