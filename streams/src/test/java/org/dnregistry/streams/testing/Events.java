package org.dnregistry.streams.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.ComplicationCategory;
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

/** Builders of input facts with unremarkable defaults (no guideline flag raised unless a test asks for one). */
public final class Events {
  private Events() {}

  public static Instant noon(LocalDate day) {
    return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  public static Episode.Builder episode(String clinicId, String episodeId, Indication indication, LocalDate start) {
    return Episode.newBuilder()
        .setEpisodeId(episodeId)
        .setClinicId(clinicId)
        .setPatientPseudonym("p-" + episodeId)
        .setIndication(indication)
        .setChronicity(Chronicity.ACUTE)
        .setStartDate(start)
        .setEtiology(null)
        .setPriorCare(List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION, PriorCare.HEAT))
        .setContraindications(List.of())
        .setPlannedSessions(4);
  }

  public static Session.Builder session(String clinicId, String sessionId, String episodeId, Instant at) {
    return Session.newBuilder()
        .setSessionId(sessionId)
        .setEpisodeId(episodeId)
        .setClinicId(clinicId)
        .setPractitionerId("P1")
        .setOccurredAt(at)
        .setModality(Modality.DRY_NEEDLING)
        .setNeedleCount(null)
        .setNeedleDiameterMm(null)
        .setNeedleLengthMm(null)
        .setDurationMinutes(null)
        .setUltrasoundGuided(null)
        .setTwitchResponse(null)
        .setRegions(List.of())
        .setCointerventions(List.of());
  }

  public static AdverseEvent.Builder adverseEvent(String clinicId, String id, String sessionId, String episodeId,
      AdverseEventCategory category) {
    return AdverseEvent.newBuilder()
        .setAdverseEventId(id)
        .setSessionId(sessionId)
        .setEpisodeId(episodeId)
        .setClinicId(clinicId)
        .setCategory(category)
        .setSeverity(Severity.MILD)
        .setOnsetAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setSerious(false)
        .setDescription(null);
  }

  public static Outcome.Builder outcome(String clinicId, String episodeId, Instrument instrument, Timepoint timepoint,
      double score, Instant at) {
    return Outcome.newBuilder()
        .setEpisodeId(episodeId)
        .setClinicId(clinicId)
        .setInstrument(instrument)
        .setTimepoint(timepoint)
        .setScore(score)
        .setRecordedAt(at)
        .setSessionId(null);
  }

  public static Practitioner.Builder practitioner(String id, String clinicId, Profession profession, double hours) {
    return Practitioner.newBuilder()
        .setPractitionerId(id)
        .setClinicId(clinicId)
        .setProfession(profession)
        .setTrainingHours(hours)
        .setLicenseState(null);
  }

  public static Clinic.Builder clinic(String clinicId, String state) {
    return Clinic.newBuilder().setClinicId(clinicId).setName("Clinic " + clinicId).setState(state).setNetwork(null);
  }

  public static Baseline.Builder baseline(ComplicationCategory category, String source, double low, double high) {
    return Baseline.newBuilder().setCategory(category).setSource(source).setLow(low).setHigh(high)
        .setIndication(null).setCitation(null);
  }
}
