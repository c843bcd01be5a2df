package org.dnregistry.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Episode;
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
 * A generated registry history for benchmarks, streamed episode by episode so that a million records need no
 * memory: reference data first, then per episode its episode record, 4-12 sessions (85% dry needling), about one
 * adverse event per seven sessions, NPRS and ODI or NDI at baseline, week 4 and discharge; 3% of sessions re-sent
 * unchanged, 2% corrected, 2% arriving before their episode. Deterministic for a seed.
 */
final class BenchHistory {
  /** One input record: topic, key, value (null: retraction). */
  record Rec(String topic, String key, SpecificRecord value) {}

  static final int CLINICS = 40;
  static final int PRACTITIONERS_PER_CLINIC = 5;
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
  static final int SPAN_DAYS = 730;
  private static final Indication[] INDICATIONS = Indication.values();
  private static final AdverseEventCategory[] CATEGORIES = {AdverseEventCategory.BRUISING,
      AdverseEventCategory.BRUISING, AdverseEventCategory.BRUISING, AdverseEventCategory.PAIN_DURING,
      AdverseEventCategory.PAIN_AFTER, AdverseEventCategory.PAIN_AFTER, AdverseEventCategory.BLEEDING,
      AdverseEventCategory.FATIGUE, AdverseEventCategory.DROWSINESS, AdverseEventCategory.HEADACHE};

  private final SplittableRandom rnd;

  BenchHistory(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  void referenceData(Consumer<Rec> out) {
    String[] states = {"CO", "NY", "CA", "TX", "KS", "WA"};
    for (int c = 0; c < CLINICS; c++) {
      String clinicId = clinic(c);
      out.accept(new Rec(Topics.CLINICS.name(), Keys.clinic(clinicId), Clinic.newBuilder().setClinicId(clinicId)
          .setName("Clinic " + c).setState(states[c % states.length]).setNetwork(null).build()));
      for (int p = 0; p < PRACTITIONERS_PER_CLINIC; p++) {
        String id = practitioner(c, p);
        out.accept(new Rec(Topics.PRACTITIONERS.name(), Keys.practitioner(id), Practitioner.newBuilder()
            .setPractitionerId(id).setClinicId(clinicId)
            .setProfession(p < 3 ? Profession.PHYSICAL_THERAPIST : Profession.CHIROPRACTOR)
            .setTrainingHours(p == 0 ? 40 : 120).setLicenseState(null).build()));
      }
    }
    for (Baseline b : PublishedBaselines.load()) {
      out.accept(new Rec(Topics.BASELINES.name(), Keys.baseline(b.getCategory(), b.getSource()), b));
    }
  }

  void episode(int n, Consumer<Rec> out) {
    int c = rnd.nextInt(CLINICS);
    String clinicId = clinic(c);
    String episodeId = "E" + n;
    LocalDate start = FIRST_DAY.plusDays(rnd.nextInt(SPAN_DAYS));
    int planned = 8 + rnd.nextInt(5);
    Episode episode = Episode.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId)
        .setPatientPseudonym(Long.toHexString(rnd.nextLong())).setIndication(INDICATIONS[rnd.nextInt(INDICATIONS.length)])
        .setChronicity(Chronicity.values()[rnd.nextInt(3)]).setStartDate(start).setEtiology(null)
        .setPriorCare(rnd.nextInt(4) == 0 ? List.of(PriorCare.EXERCISE)
            : List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION, PriorCare.HEAT))
        .setContraindications(List.of()).setPlannedSessions(planned).build();
    var sessions = new ArrayList<Rec>();
    var later = new ArrayList<Rec>();
    int count = 4 + rnd.nextInt(9);
    for (int s = 0; s < count; s++) {
      String sessionId = episodeId + "-S" + s;
      Instant at = noon(start.plusDays(3L * s + rnd.nextInt(3)));
      Session session = Session.newBuilder().setSessionId(sessionId).setEpisodeId(episodeId).setClinicId(clinicId)
          .setPractitionerId(practitioner(c, rnd.nextInt(PRACTITIONERS_PER_CLINIC))).setOccurredAt(at)
          .setModality(rnd.nextInt(100) < 85 ? Modality.DRY_NEEDLING : Modality.EXERCISE)
          .setNeedleCount(2 + rnd.nextInt(8)).setNeedleDiameterMm(rnd.nextInt(10) == 0 ? 0.16 : 0.30)
          .setNeedleLengthMm(rnd.nextInt(10) == 0 ? 60.0 : 30.0).setDurationMinutes(30).setUltrasoundGuided(null)
          .setTwitchResponse(rnd.nextBoolean()).setRegions(List.of("upper trapezius"))
          .setCointerventions(rnd.nextBoolean() ? List.of(Cointervention.EXERCISE) : List.of()).build();
      Rec rec = new Rec(Topics.SESSIONS.name(), Keys.session(clinicId, episodeId, sessionId), session);
      sessions.add(rec);
      int roll = rnd.nextInt(100);
      if (roll < 3) {
        later.add(rec);
      } else if (roll < 5) {
        later.add(new Rec(rec.topic(), rec.key(),
            Session.newBuilder(session).setOccurredAt(at.plusSeconds(86_400)).build()));
      }
      if (rnd.nextInt(7) == 0) {
        String aeId = sessionId + "-A";
        later.add(new Rec(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinicId, episodeId, aeId), AdverseEvent.newBuilder()
            .setAdverseEventId(aeId).setSessionId(sessionId).setEpisodeId(episodeId).setClinicId(clinicId)
            .setCategory(CATEGORIES[rnd.nextInt(CATEGORIES.length)]).setSeverity(Severity.MILD).setOnsetAt(at)
            .setSerious(rnd.nextInt(1000) == 0).setDescription(null).build()));
      }
    }
    boolean sessionsFirst = rnd.nextInt(100) < 2;
    if (sessionsFirst) {
      sessions.forEach(out);
    }
    out.accept(new Rec(Topics.EPISODES.name(), Keys.episode(clinicId, episodeId), episode));
    if (!sessionsFirst) {
      sessions.forEach(out);
    }
    later.forEach(out);
    Instrument second = rnd.nextBoolean() ? Instrument.ODI : Instrument.NDI;
    LocalDate discharge = start.plusDays(3L * count + 2);
    outcome(out, clinicId, episodeId, Instrument.NPRS, Timepoint.BASELINE, 5 + rnd.nextInt(5), start);
    outcome(out, clinicId, episodeId, Instrument.NPRS, Timepoint.WEEK_4, rnd.nextInt(8), start.plusDays(28));
    outcome(out, clinicId, episodeId, Instrument.NPRS, Timepoint.DISCHARGE, rnd.nextInt(6), discharge);
    int max = second == Instrument.ODI ? 100 : 50;
    outcome(out, clinicId, episodeId, second, Timepoint.BASELINE, max / 4 + rnd.nextInt(max / 2), start);
    outcome(out, clinicId, episodeId, second, Timepoint.DISCHARGE, rnd.nextInt(max / 2), discharge);
  }

  private void outcome(Consumer<Rec> out, String clinicId, String episodeId, Instrument instrument, Timepoint tp,
      double score, LocalDate day) {
    out.accept(new Rec(Topics.OUTCOMES.name(), Keys.outcome(clinicId, episodeId, instrument, tp), Outcome.newBuilder()
        .setEpisodeId(episodeId).setClinicId(clinicId).setInstrument(instrument).setTimepoint(tp)
        .setScore(score + rnd.nextInt(4) * 0.25).setRecordedAt(noon(day)).setSessionId(null).build()));
  }

  private static Instant noon(LocalDate day) {
    return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  private static String clinic(int c) {
    return "C" + c;
  }

  private static String practitioner(int c, int p) {
    return "P" + c + "-" + p;
  }
}
