package org.dnregistry.streams.oracle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.Severity;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.PublishedBaselines;
import org.dnregistry.topics.Topics;

/**
 * A random, seeded event history in arrival order, as messy as the contract allows: duplicates, corrections,
 * retractions of every kind (episodes that still have sessions included) and re-creations, facts arriving before
 * what they refer to, reference data arriving late, and references that never resolve. Every kind of disorder is
 * made at least once whatever the size. The same seed and size give the same history.
 *
 * <p>Time runs over two years, {@link #FIRST_DAY} .. {@link #LAST_DAY}, so 30, 90, 365 and all-day windows differ.
 * An arrival "position" is a point on that time line (in days), so facts mostly arrive in the order they happen and
 * a correction arrives some days after what it corrects.
 */
public final class HistoryGenerator {
  public static final LocalDate FIRST_DAY = LocalDate.of(2024, 11, 21);
  public static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 20);
  private static final int SPAN_DAYS = 730;
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private static final List<String> SCOPE_LIMITED_STATES = List.of("HI", "ID", "KS", "NY", "SD");
  private static final List<String> OTHER_STATES = List.of("CO", "CA", "TX", "WA", "ON");
  private static final double[] TRAINING_HOURS = {12, 27, 40, 59.5, 60, 60, 60.5, 75, 100, 150};
  private static final Double[] DIAMETERS = {null, 0.16, 0.20, 0.25, 0.30, 0.30, 0.32, 0.36, 0.40};
  private static final Double[] LENGTHS = {null, 13.0, 15.0, 25.0, 30.0, 30.0, 40.0, 50.0, 60.0};
  private static final int[] AE_WEIGHTS = {30, 10, 15, 15, 5, 4, 4, 3, 3, 3, 1, 1, 1, 1, 1, 3};
  private static final Set<AdverseEventCategory> SENTINEL = EnumSet.of(AdverseEventCategory.PNEUMOTHORAX,
      AdverseEventCategory.INFECTION, AdverseEventCategory.NERVE_INJURY, AdverseEventCategory.NEEDLE_BREAKAGE,
      AdverseEventCategory.FORGOTTEN_NEEDLE);
  private static final List<String> ADMIN_SOURCES = List.of(
      "Admin audit 2025", "Local QI", "alpha registry", "Zeta network", "Boyce 2020 subgroup", "network survey");

  /** A fact as first produced, before the disorder: where it arrives and what it says. */
  private static final class Made {
    final String topic;
    final String key;
    SpecificRecord value;
    double position;

    Made(String topic, String key, SpecificRecord value, double position) {
      this.topic = topic;
      this.key = key;
      this.value = value;
      this.position = position;
    }
  }

  private record Arrival(double position, long sequence, TopicRecord record) {}

  private final Random rnd;
  private final int episodeCount;
  private final List<Made> clinics = new ArrayList<>();
  private final List<Made> practitioners = new ArrayList<>();
  private final List<Made> episodes = new ArrayList<>();
  private final List<Made> sessions = new ArrayList<>();
  private final List<Made> adverseEvents = new ArrayList<>();
  private final List<Made> outcomes = new ArrayList<>();
  private final List<Made> baselines = new ArrayList<>();
  /** Practitioner ids per clinic, registered or not. */
  private final Map<String, List<String>> staff = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  private final List<Arrival> arrivals = new ArrayList<>();
  private final Map<String, Double> lastPosition = new HashMap<>();
  private final Map<String, SpecificRecord> lastValue = new HashMap<>();
  /** Keys (topic|key) already given a correction or retraction, so that one disorder does not undo another. */
  private final Set<String> touched = new HashSet<>();

  private HistoryGenerator(long seed, int episodeCount) {
    this.rnd = new Random(seed);
    this.episodeCount = episodeCount;
  }

  /**
   * A history of about 22 records per episode: 15 episodes give a few hundred records, 1,000 give about
   * twenty thousand. At least 6 episodes are made, so that every kind of disorder has something to act on.
   */
  public static List<TopicRecord> generate(long seed, int episodes) {
    return new HistoryGenerator(seed, Math.max(6, episodes)).build();
  }

  private List<TopicRecord> build() {
    makeReferenceData();
    for (int i = 0; i < episodeCount; i++) {
      makeEpisode();
    }
    makeOutbreak();
    makeBaselines();
    misorder();
    for (List<Made> table : List.of(clinics, practitioners, baselines, episodes, sessions, adverseEvents, outcomes)) {
      for (Made m : table) {
        emit(m.topic, m.key, m.value, m.position);
      }
    }
    disorder();
    makeOrphans();
    arrivals.sort(Comparator.comparingDouble(Arrival::position).thenComparingLong(Arrival::sequence));
    var history = new ArrayList<TopicRecord>(arrivals.size());
    for (Arrival a : arrivals) {
      history.add(a.record());
    }
    return List.copyOf(history);
  }

  // ---------------------------------------------------------------------------------------------- reference data

  private void makeReferenceData() {
    int clinicCount = Math.min(8, 3 + episodeCount / 300);
    for (int c = 1; c <= clinicCount; c++) {
      String clinicId = "C" + c;
      // C1 is in a state that limits physical therapists' scope, C2 is not; the last clinic never registers.
      String state = c == 1 ? "NY" : c == 2 ? "CO" : rnd.nextBoolean() ? pick(SCOPE_LIMITED_STATES) : pick(OTHER_STATES);
      if (c < clinicCount) {
        var clinic = Clinic.newBuilder().setClinicId(clinicId).setName("Clinic " + c).setState(state)
            .setNetwork(rnd.nextBoolean() ? "Front Range" : null).build();
        clinics.add(new Made(Topics.CLINICS.name(), Keys.clinic(clinicId), clinic, referencePosition()));
      }
      var ids = new ArrayList<String>();
      int staffCount = 2 + rnd.nextInt(3);
      for (int p = 0; p < staffCount; p++) {
        String practitionerId = "P" + c + "-" + (p + 1);
        ids.add(practitionerId);
        // The last practitioner of every other clinic never registers.
        if (p == staffCount - 1 && c % 2 == 0) {
          continue;
        }
        // The first practitioners sit on and either side of the 60-hour line, the rest at random.
        int k = practitioners.size();
        double hours = k < 3 ? new double[] {60.0, 40.0, 100.0}[k] : TRAINING_HOURS[rnd.nextInt(TRAINING_HOURS.length)];
        Profession profession = p == 0 || rnd.nextDouble() < 0.5 ? Profession.PHYSICAL_THERAPIST : pick(Profession.values());
        var practitioner = Practitioner.newBuilder().setPractitionerId(practitionerId).setClinicId(clinicId)
            .setProfession(profession).setTrainingHours(hours).setLicenseState(rnd.nextBoolean() ? state : null).build();
        practitioners.add(new Made(Topics.PRACTITIONERS.name(), Keys.practitioner(practitionerId), practitioner,
            referencePosition()));
      }
      staff.put(clinicId, ids);
    }
  }

  private double referencePosition() {
    return -5 + rnd.nextDouble();
  }

  private void makeBaselines() {
    for (Baseline b : PublishedBaselines.load()) {
      baselines.add(new Made(Topics.BASELINES.name(), Keys.baseline(b.getCategory(), b.getSource()), b,
          -10 + rnd.nextDouble()));
    }
    int additions = 6 + episodeCount / 200;
    for (int i = 0; i < additions; i++) {
      ComplicationCategory category = i < 2 ? ComplicationCategory.BRUISING : pick(ComplicationCategory.values());
      String source = ADMIN_SOURCES.get(i % ADMIN_SOURCES.size()) + (i < ADMIN_SOURCES.size() ? "" : " " + i);
      double low = rnd.nextDouble() < 0.2 ? 0.0 : round4(rnd.nextDouble() * 0.3);
      double high = rnd.nextDouble() < 0.4 ? low : round4(low + rnd.nextDouble() * 0.1);
      Indication indication = i % 2 == 0 ? null : pick(Indication.values());
      var baseline = Baseline.newBuilder().setCategory(category).setSource(source).setLow(low).setHigh(high)
          .setIndication(indication).setCitation(rnd.nextBoolean() ? "Registry administrators, " + (2024 + i % 3) : null)
          .build();
      String key = Keys.baseline(category, source);
      if (baselines.stream().noneMatch(m -> m.key.equals(key))) {
        baselines.add(new Made(Topics.BASELINES.name(), key, baseline, rnd.nextDouble() * SPAN_DAYS - 10));
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ clinical facts

  private void makeEpisode() {
    String clinicId = pickClinicForEpisode();
    String episodeId = "E" + next(clinicId + "|E");
    Indication indication = rnd.nextDouble() < 0.3
        ? pick(List.of(Indication.NECK_PAIN, Indication.CHRONIC_LOW_BACK_PAIN, Indication.ACUTE_LOW_BACK_PAIN))
        : pick(Indication.values());
    LocalDate start = FIRST_DAY.plusDays(rnd.nextInt(SPAN_DAYS - 60));
    int planned = rnd.nextDouble() < 0.15 ? 24 : 1 + rnd.nextInt(20);
    var episode = Episode.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId).setPatientPseudonym(pseudonym())
        .setIndication(indication).setChronicity(pick(Chronicity.values()))
        .setStartDate(start).setEtiology(rnd.nextDouble() < 0.2 ? null : pick(Etiology.values()))
        .setPriorCare(subset(PriorCare.values(), 0.6))
        .setContraindications(rnd.nextDouble() < 0.75 ? List.of() : subset(Contraindication.values(), 0.3))
        .setPlannedSessions(planned).build();
    String episodeKey = Keys.episode(clinicId, episodeId);
    episodes.add(new Made(Topics.EPISODES.name(), episodeKey, episode, dayPosition(start) + rnd.nextDouble() * 0.5));

    // Attendance around 80% of the plan, sometimes exactly on the boundary (8 of 10 is not low adherence).
    int attended = rnd.nextDouble() < 0.2 ? (int) Math.ceil(0.8 * planned) : (int) Math.round(planned * (0.3 + 0.8 * rnd.nextDouble()));
    if (episodes.size() <= 3) {
      attended = Math.max(attended, 3); // so that every disorder has an episode with sessions to act on
    }
    Instant at = timeOfDay(start);
    var made = new ArrayList<Made>();
    for (int i = 0; i < attended && !at.isAfter(LAST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant()); i++) {
      made.add(makeSession(clinicId, episodeId, at));
      at = timeOfDay(LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(2 + rnd.nextInt(9)));
    }
    makeOutcomes(clinicId, episodeId, indication, start, made);
  }

  /**
   * A run of days on which one clinic's sessions nearly all bruise: its surveillance (and the network's) must
   * signal, so that every history has signal days to compare. Its facts go through the same disorder as any.
   */
  private void makeOutbreak() {
    String clinicId = pick(new ArrayList<>(staff.keySet()));
    LocalDate first = FIRST_DAY.plusDays(30 + rnd.nextInt(SPAN_DAYS - 90));
    Indication indication = pick(Indication.values());
    for (int e = 0; e < 6; e++) {
      String episodeId = "E-outbreak-" + e;
      var episode = Episode.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId).setPatientPseudonym(pseudonym())
          .setIndication(indication).setChronicity(Chronicity.ACUTE).setStartDate(first).setEtiology(null)
          .setPriorCare(List.of()).setContraindications(List.of()).setPlannedSessions(3).build();
      episodes.add(new Made(Topics.EPISODES.name(), Keys.episode(clinicId, episodeId), episode,
          dayPosition(first) + rnd.nextDouble() * 0.5));
      for (int day = 0; day < 3; day++) {
        Made made = makeSession(clinicId, episodeId, timeOfDay(first.plusDays(day)));
        if (rnd.nextDouble() < 0.85) {
          makeAdverseEvent((Session) made.value, AdverseEventCategory.BRUISING, false);
        }
      }
    }
  }

  private String pickClinicForEpisode() {
    // The unregistered clinic (the last) gets fewer episodes, but always one.
    List<String> ids = new ArrayList<>(staff.keySet());
    if (episodes.size() == 3) {
      return ids.get(ids.size() - 1);
    }
    String clinicId = pick(ids);
    if (clinicId.equals(ids.get(ids.size() - 1)) && rnd.nextBoolean()) {
      clinicId = pick(ids);
    }
    return clinicId;
  }

  private Made makeSession(String clinicId, String episodeId, Instant at) {
    String sessionId = "S" + next(clinicId + "|S");
    boolean needling = rnd.nextDouble() < 0.85;
    var session = Session.newBuilder().setSessionId(sessionId).setEpisodeId(episodeId).setClinicId(clinicId)
        .setPractitionerId(pick(staff.get(clinicId))).setOccurredAt(at)
        .setModality(needling ? Modality.DRY_NEEDLING : pick(Modality.values()))
        .setNeedleCount(rnd.nextBoolean() ? 1 + rnd.nextInt(12) : null)
        .setNeedleDiameterMm(DIAMETERS[rnd.nextInt(DIAMETERS.length)])
        .setNeedleLengthMm(LENGTHS[rnd.nextInt(LENGTHS.length)])
        .setDurationMinutes(rnd.nextBoolean() ? 15 + rnd.nextInt(46) : null)
        .setUltrasoundGuided(rnd.nextDouble() < 0.3 ? rnd.nextBoolean() : null)
        .setTwitchResponse(rnd.nextDouble() < 0.3 ? rnd.nextBoolean() : null)
        .setRegions(rnd.nextBoolean() ? List.of("upper trapezius") : List.of())
        .setCointerventions(subset(Cointervention.values(), 0.3))
        .build();
    var made = new Made(Topics.SESSIONS.name(), Keys.session(clinicId, episodeId, sessionId), session, position(at));
    sessions.add(made);
    int events = rnd.nextDouble() < 0.12 ? 1 : rnd.nextDouble() < 0.03 ? 2 : 0;
    for (int i = 0; i < events; i++) {
      makeAdverseEvent(session, null);
    }
    return made;
  }

  private void makeAdverseEvent(Session session, AdverseEventCategory forced) {
    makeAdverseEvent(session, forced, forced != null);
  }

  /** An adverse event of {@code forced} category (random when null), serious when {@code forceSerious}. */
  private void makeAdverseEvent(Session session, AdverseEventCategory forced, boolean forceSerious) {
    String clinicId = session.getClinicId();
    String id = "A" + next(clinicId + "|A");
    AdverseEventCategory category = forced != null ? forced : weightedCategory();
    boolean serious = forceSerious || rnd.nextDouble() < (SENTINEL.contains(category) ? 0.4 : 0.02);
    // The onset may fall on a later day than the session: the event still counts on the session's day.
    Instant onset = session.getOccurredAt().plusMillis((long) (rnd.nextDouble() * 3 * DAY_MS));
    // Now and then the event names another episode than its session's: it does not count, and is a data-quality
    // problem (wrong episode) of its clinic.
    String episodeId = rnd.nextDouble() < 0.03 ? "E" + (1 + rnd.nextInt(Math.max(1, episodeCount))) : session.getEpisodeId();
    var ae = AdverseEvent.newBuilder().setAdverseEventId(id).setSessionId(session.getSessionId())
        .setEpisodeId(episodeId).setClinicId(clinicId).setCategory(category)
        .setSeverity(serious ? Severity.SEVERE : pick(Severity.values())).setOnsetAt(onset).setSerious(serious)
        .setDescription(rnd.nextBoolean() ? "noted after treatment" : null).build();
    adverseEvents.add(new Made(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinicId, episodeId, id), ae,
        position(onset)));
  }

  private AdverseEventCategory weightedCategory() {
    int total = 0;
    for (int w : AE_WEIGHTS) {
      total += w;
    }
    int r = rnd.nextInt(total);
    for (int i = 0; i < AE_WEIGHTS.length; i++) {
      r -= AE_WEIGHTS[i];
      if (r < 0) {
        return AdverseEventCategory.values()[i];
      }
    }
    throw new AssertionError("weights");
  }

  private void makeOutcomes(String clinicId, String episodeId, Indication indication, LocalDate start, List<Made> sessionsMade) {
    var instruments = new ArrayList<Instrument>();
    if (rnd.nextDouble() < 0.8) {
      instruments.add(Instrument.NPRS);
    }
    if (indication == Indication.NECK_PAIN || rnd.nextDouble() < 0.15) {
      instruments.add(Instrument.NDI);
    }
    if (indication == Indication.CHRONIC_LOW_BACK_PAIN || indication == Indication.ACUTE_LOW_BACK_PAIN
        || rnd.nextDouble() < 0.15) {
      instruments.add(Instrument.ODI);
    }
    if (rnd.nextDouble() < 0.4) {
      instruments.add(Instrument.PSFS);
    }
    LocalDate lastSession = sessionsMade.isEmpty() ? start.plusDays(30)
        : LocalDate.ofInstant(((Session) sessionsMade.get(sessionsMade.size() - 1).value).getOccurredAt(), ZoneOffset.UTC);
    String firstSessionId = sessionsMade.isEmpty() ? null : ((Session) sessionsMade.get(0).value).getSessionId();
    for (Instrument instrument : instruments) {
      int max = maxHundredths(instrument);
      // Scores are whole points, halves or hundredths: all have at most two decimals.
      int step = rnd.nextDouble() < 0.6 ? 100 : rnd.nextBoolean() ? 50 : 1;
      int base = instrument == Instrument.PSFS ? roundTo(rnd.nextInt(max * 6 / 10 + 1), step)
          : roundTo(max * 3 / 10 + rnd.nextInt(max * 7 / 10 + 1), step);
      if (rnd.nextDouble() < 0.9) {
        addOutcome(clinicId, episodeId, instrument, Timepoint.BASELINE, base, timeOfDay(start), null);
      }
      for (Timepoint tp : Timepoint.values()) {
        if (tp == Timepoint.BASELINE || rnd.nextDouble() > followUpChance(tp)) {
          continue;
        }
        LocalDate day = switch (tp) {
          case POST_SESSION -> start;
          case WEEK_2 -> start.plusDays(14);
          case WEEK_4 -> start.plusDays(28);
          case WEEK_8 -> start.plusDays(56);
          case DISCHARGE -> lastSession;
          case MONTH_3 -> start.plusDays(91);
          case MONTH_6 -> start.plusDays(182);
          default -> start.plusDays(365);
        };
        int follow = clamp(instrument == Instrument.PSFS ? base + change(instrument, step) : base - change(instrument, step), max);
        addOutcome(clinicId, episodeId, instrument, tp, follow, timeOfDay(day.plusDays(rnd.nextInt(3))),
            tp == Timepoint.POST_SESSION ? firstSessionId : null);
      }
    }
  }

  private static double followUpChance(Timepoint tp) {
    return switch (tp) {
      case POST_SESSION -> 0.3;
      case WEEK_2, WEEK_8 -> 0.4;
      case WEEK_4, DISCHARGE -> 0.6;
      case MONTH_3 -> 0.3;
      case MONTH_6 -> 0.2;
      default -> 0.1;
    };
  }

  /** An improvement in hundredths: sometimes exactly the MCID, sometimes one step short of it. */
  private int change(Instrument instrument, int step) {
    int mcid = (int) Oracle.mcidHundredths(instrument);
    double r = rnd.nextDouble();
    if (r < 0.12) {
      return mcid;
    }
    if (r < 0.17) {
      return mcid - step;
    }
    int max = maxHundredths(instrument);
    return roundTo(rnd.nextInt(max * 8 / 10 + 1) - max * 2 / 10, step);
  }

  private void addOutcome(String clinicId, String episodeId, Instrument instrument, Timepoint tp, int hundredths,
      Instant recordedAt, String sessionId) {
    var outcome = Outcome.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId).setInstrument(instrument)
        .setTimepoint(tp).setScore(hundredths / 100.0).setRecordedAt(recordedAt).setSessionId(sessionId).build();
    outcomes.add(new Made(Topics.OUTCOMES.name(), Keys.outcome(clinicId, episodeId, instrument, tp), outcome,
        position(recordedAt)));
  }

  private static int maxHundredths(Instrument instrument) {
    return switch (instrument) {
      case NPRS, PSFS -> 1000;
      case NDI -> 5000;
      case ODI -> 10000;
    };
  }

  // ------------------------------------------------------------------------------------------ out-of-order arrival

  /** Moves originals so that facts arrive before what they refer to and reference data arrives late. */
  private void misorder() {
    ensureContentVariety();
    // Episodes that arrive after (some of) their sessions.
    for (Made e : chosen(episodesWithSessions(1), 0.05)) {
      double latest = e.position;
      for (Made s : sessionsOf(e)) {
        latest = Math.max(latest, s.position);
      }
      e.position = rnd.nextBoolean() ? latest + 1 + rnd.nextDouble() * 30 : e.position + 1 + rnd.nextDouble() * 5;
      if (sessionsOf(e).stream().noneMatch(s -> s.position < e.position)) {
        e.position = latest + 1;
      }
    }
    // Adverse events that arrive before their sessions.
    // Session ids are unique within a clinic here, whatever episode an adverse event names.
    var bySessionId = new HashMap<String, Made>();
    for (Made s : sessions) {
      Session session = (Session) s.value;
      bySessionId.put(session.getClinicId() + "|" + session.getSessionId(), s);
    }
    for (Made a : chosen(adverseEvents, 0.1)) {
      AdverseEvent ae = (AdverseEvent) a.value;
      Made s = bySessionId.get(ae.getClinicId() + "|" + ae.getSessionId());
      a.position = s.position - 0.01 - rnd.nextDouble() * 20;
    }
    // Outcomes that arrive before their episodes.
    var byEpisodeKey = new HashMap<String, Made>();
    for (Made e : episodes) {
      byEpisodeKey.put(e.key, e);
    }
    for (Made o : chosen(outcomes, 0.05)) {
      Outcome outcome = (Outcome) o.value;
      Made e = byEpisodeKey.get(Keys.episode(outcome.getClinicId(), outcome.getEpisodeId()));
      o.position = e.position - 0.01 - rnd.nextDouble() * 20;
    }
    // Reference data that arrives after the first sessions that need it.
    var firstUse = new HashMap<String, Double>();
    for (Made m : sessions) {
      Session s = (Session) m.value;
      firstUse.merge(Topics.CLINICS.name() + "|" + Keys.clinic(s.getClinicId()), m.position, Math::min);
      firstUse.merge(Topics.PRACTITIONERS.name() + "|" + Keys.practitioner(s.getPractitionerId()), m.position, Math::min);
    }
    for (List<Made> table : List.of(clinics, practitioners)) {
      for (Made m : chosen(table.stream().filter(r -> firstUse.containsKey(id(r))).toList(), 0.2)) {
        m.position = firstUse.get(id(m)) + 0.01 + rnd.nextDouble() * 200;
      }
    }
  }

  /** Content the rules single out, forced once each so that even a small history has it. */
  private void ensureContentVariety() {
    if (adverseEvents.stream().noneMatch(m -> SENTINEL.contains(((AdverseEvent) m.value).getCategory()))
        || adverseEvents.stream().noneMatch(m -> ((AdverseEvent) m.value).getSerious())) {
      makeAdverseEvent((Session) pick(sessions).value, AdverseEventCategory.PNEUMOTHORAX);
    }
    if (adverseEvents.stream().filter(m -> !((AdverseEvent) m.value).getSerious()).count() < 3) {
      for (int i = 0; i < 3; i++) {
        makeAdverseEvent((Session) pick(sessions).value, null);
      }
    }
  }

  // -------------------------------------------------------------------------------- duplicates, corrections, ...

  private void disorder() {
    // One episode with sessions is retracted for good while its sessions stay: nothing else touches them.
    Made doomed = pick(episodesWithSessions(2));
    touched.add(id(doomed));
    // C1 (New York) and its first practitioner (a physical therapist) stay as they are, so that every history
    // has physical therapists needling where their scope of practice is limited.
    touched.add(Topics.CLINICS.name() + "|" + Keys.clinic("C1"));
    touched.add(Topics.PRACTITIONERS.name() + "|" + Keys.practitioner("P1-1"));
    for (Made s : sessionsOf(doomed)) {
      touched.add(id(s));
    }

    for (List<Made> table : List.of(episodes, sessions, adverseEvents, outcomes, clinics, practitioners, baselines)) {
      for (Made m : chosen(table, 0.05)) {
        followUp(m.topic, m.key, copy(lastValue.get(id(m))));
      }
    }
    // Retractions first: there are few clinics, and each kind of fact must see one.
    followUp(doomed.topic, doomed.key, null);
    var retracted = new ArrayList<Made>();
    for (List<Made> table : List.of(episodes, sessions, adverseEvents, outcomes, clinics, practitioners, baselines)) {
      for (Made m : chosen(untouched(table), 0.03)) {
        touched.add(id(m));
        followUp(m.topic, m.key, null);
        retracted.add(m);
      }
    }
    correctSessionDays();
    correctSessionEpisodes();
    correctEpisodes();
    correctAdverseEvents();
    correctOutcomes();
    correctReferenceData();
    // Re-creation after retraction: the same fact again, or a corrected one.
    for (Made m : chosen(retracted, 0.3)) {
      followUp(m.topic, m.key, m.value);
    }
    // An episode always comes back, so that its sessions count again.
    for (Made m : chosen(retracted.stream().filter(r -> r.topic.equals(Topics.EPISODES.name())).toList(), 0.0)) {
      followUp(m.topic, m.key, m.value);
    }
  }

  private void correctSessionDays() {
    for (Made m : chosen(untouched(sessions), 0.05)) {
      touched.add(id(m));
      Session s = (Session) lastValue.get(id(m));
      long days = (1 + rnd.nextInt(45)) * (rnd.nextBoolean() ? 1L : -1L);
      followUp(m.topic, m.key, Session.newBuilder(s).setOccurredAt(s.getOccurredAt().plus(Duration.ofDays(days))).build());
    }
    for (Made m : chosen(untouched(sessions), 0.03)) {
      touched.add(id(m));
      Session s = (Session) lastValue.get(id(m));
      followUp(m.topic, m.key, Session.newBuilder(s).setModality(pick(Modality.values()))
          .setNeedleDiameterMm(DIAMETERS[rnd.nextInt(DIAMETERS.length)]).setNeedleLengthMm(LENGTHS[rnd.nextInt(LENGTHS.length)])
          .setCointerventions(subset(Cointervention.values(), 0.3)).setPractitionerId(pick(staff.get(s.getClinicId())))
          .build());
    }
  }

  /**
   * A session re-filed under another episode of its clinic: the episode is part of a session's identity, so the
   * clinic retracts it and sends it again under the other episode (its indication, and maybe its counting, change).
   */
  private void correctSessionEpisodes() {
    for (Made m : chosen(untouched(sessions), 0.01)) {
      Session s = (Session) lastValue.get(id(m));
      List<Made> others = episodes.stream()
          .filter(e -> ((Episode) e.value).getClinicId().equals(s.getClinicId()) && !e.key.equals(episodeKeyOf(s)))
          .toList();
      if (!others.isEmpty()) {
        touched.add(id(m));
        Episode target = (Episode) pick(others).value;
        Session moved = Session.newBuilder(s).setEpisodeId(target.getEpisodeId()).build();
        followUp(m.topic, m.key, null);
        String key = Keys.session(s.getClinicId(), target.getEpisodeId(), s.getSessionId());
        emit(m.topic, key, moved, lastPosition.get(id(m)) + 0.01);
        touched.add(m.topic + "|" + key);
      }
    }
  }

  private void correctEpisodes() {
    for (Made m : chosen(untouched(episodes), 0.05)) {
      touched.add(id(m));
      Episode e = (Episode) lastValue.get(id(m));
      Indication other = e.getIndication() == Indication.NECK_PAIN ? Indication.HEADACHE : Indication.NECK_PAIN;
      followUp(m.topic, m.key, Episode.newBuilder(e).setIndication(rnd.nextBoolean() ? other : pickOther(e.getIndication()))
          .build());
    }
    for (Made m : chosen(untouched(episodes), 0.03)) {
      touched.add(id(m));
      Episode e = (Episode) lastValue.get(id(m));
      followUp(m.topic, m.key, Episode.newBuilder(e).setChronicity(pick(Chronicity.values()))
          .setPriorCare(subset(PriorCare.values(), 0.6)).setPlannedSessions(1 + rnd.nextInt(24))
          .setStartDate(e.getStartDate().plusDays(rnd.nextInt(21) - 10)).build());
    }
  }

  private void correctAdverseEvents() {
    for (Made m : chosen(untouched(adverseEvents), 0.05)) {
      touched.add(id(m));
      AdverseEvent ae = (AdverseEvent) lastValue.get(id(m));
      AdverseEventCategory other = ae.getCategory() == AdverseEventCategory.BRUISING
          ? AdverseEventCategory.BLEEDING : AdverseEventCategory.BRUISING;
      followUp(m.topic, m.key, AdverseEvent.newBuilder(ae).setCategory(other).setSerious(rnd.nextDouble() < 0.1).build());
    }
    // An adverse event filed again against another session (and that session's episode): a new fact, so the
    // clinic retracts the old one.
    for (Made m : chosen(untouched(adverseEvents), 0.02)) {
      AdverseEvent ae = (AdverseEvent) lastValue.get(id(m));
      List<Made> others = sessions.stream()
          .filter(s -> ((Session) s.value).getClinicId().equals(ae.getClinicId())
              && !((Session) s.value).getSessionId().equals(ae.getSessionId())).toList();
      if (others.isEmpty()) {
        continue;
      }
      touched.add(id(m));
      Session target = (Session) pick(others).value;
      AdverseEvent refiled = AdverseEvent.newBuilder(ae).setSessionId(target.getSessionId())
          .setEpisodeId(target.getEpisodeId()).build();
      followUp(m.topic, m.key, null);
      String key = Keys.adverseEvent(ae.getClinicId(), target.getEpisodeId(), ae.getAdverseEventId());
      emit(m.topic, key, refiled, lastPosition.get(id(m)) + 0.01);
      touched.add(m.topic + "|" + key);
    }
  }

  private void correctOutcomes() {
    for (Made m : chosen(untouched(outcomes), 0.05)) {
      touched.add(id(m));
      Outcome o = (Outcome) lastValue.get(id(m));
      int max = maxHundredths(o.getInstrument());
      int old = (int) Math.round(o.getScore() * 100);
      int changed = old + (old + 100 <= max ? 100 : -100);
      Outcome.Builder corrected = Outcome.newBuilder(o).setScore(changed / 100.0);
      if (rnd.nextDouble() < 0.3) {
        corrected.setRecordedAt(o.getRecordedAt().plus(Duration.ofDays(rnd.nextInt(61) - 30)));
      }
      followUp(m.topic, m.key, corrected.build());
    }
  }

  private void correctReferenceData() {
    for (Made m : chosen(untouched(clinics), 0.2)) {
      touched.add(id(m));
      Clinic c = (Clinic) lastValue.get(id(m));
      String state = SCOPE_LIMITED_STATES.contains(c.getState()) ? pick(OTHER_STATES) : pick(SCOPE_LIMITED_STATES);
      followUp(m.topic, m.key, Clinic.newBuilder(c).setState(state).build());
    }
    for (Made m : chosen(untouched(practitioners), 0.2)) {
      touched.add(id(m));
      Practitioner p = (Practitioner) lastValue.get(id(m));
      // Now and then the practitioner moves to another clinic: its sessions at the old one lose its flags.
      String clinicId = rnd.nextDouble() < 0.3 ? pick(new ArrayList<>(staff.keySet())) : p.getClinicId();
      followUp(m.topic, m.key, Practitioner.newBuilder(p).setTrainingHours(p.getTrainingHours() <= 60 ? 61.0 : 60.0)
          .setProfession(rnd.nextBoolean() ? p.getProfession() : pick(Profession.values())).setClinicId(clinicId)
          .build());
    }
    for (Made m : chosen(untouched(baselines), 0.15)) {
      touched.add(id(m));
      Baseline b = (Baseline) lastValue.get(id(m));
      double high = Math.min(1.0, round4(b.getHigh() * (1.5 + rnd.nextDouble())) + 0.0005);
      followUp(m.topic, m.key, Baseline.newBuilder(b).setHigh(high).build());
    }
  }

  /**
   * References that never resolve: an episode, a session and a practitioner that never arrive. Each makes a
   * session whose episode is unknown, an adverse event of that session (its episode unknown), an adverse event of
   * an unknown session and an outcome of an unknown episode.
   */
  private void makeOrphans() {
    int orphans = 1 + episodeCount / 50;
    for (int i = 0; i < orphans; i++) {
      String clinicId = pick(new ArrayList<>(staff.keySet()));
      Instant at = timeOfDay(FIRST_DAY.plusDays(rnd.nextInt(SPAN_DAYS)));
      String missingEpisode = "E-missing-" + i;
      var session = Session.newBuilder().setSessionId("S-orphan-" + i).setEpisodeId(missingEpisode)
          .setClinicId(clinicId).setPractitionerId("P-unknown").setOccurredAt(at).setCointerventions(List.of()).build();
      emit(Topics.SESSIONS.name(), Keys.session(clinicId, missingEpisode, session.getSessionId()), session,
          position(at));
      var ofOrphanSession = AdverseEvent.newBuilder().setAdverseEventId("A-orphan-session-" + i)
          .setSessionId(session.getSessionId()).setEpisodeId(missingEpisode).setClinicId(clinicId)
          .setCategory(AdverseEventCategory.PAIN_AFTER).setSeverity(Severity.MILD).setOnsetAt(at).setSerious(false)
          .build();
      emit(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinicId, missingEpisode,
          ofOrphanSession.getAdverseEventId()), ofOrphanSession, position(at));
      var ae = AdverseEvent.newBuilder().setAdverseEventId("A-orphan-" + i).setSessionId("S-missing-" + i)
          .setEpisodeId(missingEpisode).setClinicId(clinicId).setCategory(AdverseEventCategory.BRUISING)
          .setSeverity(Severity.MILD).setOnsetAt(at).setSerious(false).build();
      emit(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinicId, missingEpisode, ae.getAdverseEventId()), ae,
          position(at));
      var outcome = Outcome.newBuilder().setEpisodeId(missingEpisode).setClinicId(clinicId)
          .setInstrument(Instrument.NPRS).setTimepoint(Timepoint.BASELINE).setScore(7.0).setRecordedAt(at).build();
      emit(Topics.OUTCOMES.name(), Keys.outcome(clinicId, missingEpisode, Instrument.NPRS, Timepoint.BASELINE),
          outcome, position(at));
    }
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private void emit(String topic, String key, SpecificRecord value, double position) {
    arrivals.add(new Arrival(position, arrivals.size(), new TopicRecord(topic, key, value)));
    String id = topic + "|" + key;
    lastPosition.merge(id, position, Math::max);
    lastValue.put(id, value);
  }

  /** A later record for the same key, arriving some days after the latest one so far. */
  private void followUp(String topic, String key, SpecificRecord value) {
    double after = lastPosition.get(topic + "|" + key);
    emit(topic, key, value, after + 0.01 + rnd.nextDouble() * 40);
  }

  private static String id(Made m) {
    return m.topic + "|" + m.key;
  }

  private List<Made> untouched(List<Made> table) {
    return table.stream().filter(m -> !touched.contains(id(m)) && lastValue.get(id(m)) != null).toList();
  }

  /** Each candidate with probability p, and at least one when there is any, so small histories have every kind. */
  private List<Made> chosen(List<Made> candidates, double p) {
    var out = new ArrayList<Made>();
    for (Made m : candidates) {
      if (rnd.nextDouble() < p) {
        out.add(m);
      }
    }
    if (out.isEmpty() && !candidates.isEmpty()) {
      out.add(candidates.get(rnd.nextInt(candidates.size())));
    }
    return out;
  }

  private List<Made> episodesWithSessions(int atLeast) {
    var count = new HashMap<String, Integer>();
    for (Made s : sessions) {
      count.merge(episodeKeyOf((Session) s.value), 1, Integer::sum);
    }
    var out = episodes.stream().filter(e -> count.getOrDefault(e.key, 0) >= atLeast && !touched.contains(id(e))).toList();
    if (out.isEmpty()) {
      throw new IllegalStateException("no episode with " + atLeast + " sessions; make more episodes");
    }
    return out;
  }

  private List<Made> sessionsOf(Made episode) {
    return sessions.stream().filter(s -> episodeKeyOf((Session) s.value).equals(episode.key)).toList();
  }

  private static String episodeKeyOf(Session s) {
    return Keys.episode(s.getClinicId(), s.getEpisodeId());
  }

  private static SpecificRecord copy(SpecificRecord value) {
    // The record's own SpecificData knows its logical types (dates, instants).
    return value == null ? null
        : ((SpecificRecordBase) value).getSpecificData().deepCopy(value.getSchema(), value);
  }

  private int next(String counter) {
    return counters.merge(counter, 1, Integer::sum);
  }

  private static double dayPosition(LocalDate day) {
    return day.toEpochDay() - FIRST_DAY.toEpochDay();
  }

  private static double position(Instant at) {
    return (at.toEpochMilli() - FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()) / (double) DAY_MS;
  }

  /** Mostly office hours; now and then the first or last millisecond of the UTC day, to pin down day boundaries. */
  private Instant timeOfDay(LocalDate day) {
    Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    double r = rnd.nextDouble();
    if (r < 0.03) {
      return midnight;
    }
    if (r < 0.06) {
      return midnight.plusMillis(DAY_MS - 1);
    }
    return midnight.plusMillis(7 * 3_600_000L + rnd.nextInt(12 * 3_600_000));
  }

  private String pseudonym() {
    var hex = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      hex.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return hex.toString();
  }

  private <T> T pick(List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  private <T> T pick(T[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private Indication pickOther(Indication not) {
    Indication i;
    do {
      i = pick(Indication.values());
    } while (i == not);
    return i;
  }

  private <T> List<T> subset(T[] values, double p) {
    var out = new ArrayList<T>();
    for (T v : values) {
      if (rnd.nextDouble() < p) {
        out.add(v);
      }
    }
    return out;
  }

  private static int roundTo(int hundredths, int step) {
    return Math.round(hundredths / (float) step) * step;
  }

  private static int clamp(int hundredths, int max) {
    return Math.max(0, Math.min(max, hundredths));
  }

  private static double round4(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
