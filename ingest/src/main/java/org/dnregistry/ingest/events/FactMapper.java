package org.dnregistry.ingest.events;

import org.apache.avro.specific.SpecificRecord;
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
import org.dnregistry.ingest.privacy.Pseudonymizer;
import org.dnregistry.topics.Keys;

/**
 * Maps a validated event to its Kafka record: the key from {@link Keys} and the Avro value with the contract's
 * defaults filled in. This is where {@code patientId} becomes {@code patientPseudonym}: the clear id goes no further.
 */
public final class FactMapper {
  /** REFERENCE section 2: plannedSessions defaults to 24. */
  public static final int DEFAULT_PLANNED_SESSIONS = 24;

  private final Pseudonymizer pseudonymizer;

  public FactMapper(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = pseudonymizer;
  }

  public Fact toFact(ValidEvent e) {
    String key = key(e);
    String clinicId = e.type().clinical() ? e.text("clinicId") : null;
    SpecificRecord value = e.retracted() ? null : value(e);
    return new Fact(e.type(), key, value, clinicId);
  }

  static String key(ValidEvent e) {
    return switch (e.type()) {
      case EPISODE -> Keys.episode(e.text("clinicId"), e.text("episodeId"));
      case SESSION -> Keys.session(e.text("clinicId"), e.text("episodeId"), e.text("sessionId"));
      case OUTCOME -> Keys.outcome(e.text("clinicId"), e.text("episodeId"),
          e.code("instrument", Instrument.class), e.code("timepoint", Timepoint.class));
      case ADVERSE_EVENT -> Keys.adverseEvent(e.text("clinicId"), e.text("episodeId"), e.text("adverseEventId"));
      case CLINIC -> Keys.clinic(e.text("clinicId"));
      case PRACTITIONER -> Keys.practitioner(e.text("practitionerId"));
      case BASELINE -> Keys.baseline(e.code("category", ComplicationCategory.class), e.text("source"));
    };
  }

  private SpecificRecord value(ValidEvent e) {
    return switch (e.type()) {
      case EPISODE -> episode(e);
      case SESSION -> session(e);
      case OUTCOME -> outcome(e);
      case ADVERSE_EVENT -> adverseEvent(e);
      case CLINIC -> clinic(e);
      case PRACTITIONER -> practitioner(e);
      case BASELINE -> baseline(e);
    };
  }

  private Episode episode(ValidEvent e) {
    Integer planned = e.integer("plannedSessions");
    return Episode.newBuilder()
        .setEpisodeId(e.text("episodeId"))
        .setClinicId(e.text("clinicId"))
        .setPatientPseudonym(pseudonymizer.pseudonym(e.text("patientId")))
        .setIndication(e.code("indication", Indication.class))
        .setChronicity(e.code("chronicity", Chronicity.class))
        .setStartDate(e.date("startDate"))
        .setEtiology(e.code("etiology", Etiology.class))
        .setPriorCare(e.codes("priorCare", PriorCare.class))
        .setContraindications(e.codes("contraindications", Contraindication.class))
        .setPlannedSessions(planned == null ? DEFAULT_PLANNED_SESSIONS : planned)
        .build();
  }

  private static Session session(ValidEvent e) {
    Modality modality = e.code("modality", Modality.class);
    return Session.newBuilder()
        .setSessionId(e.text("sessionId"))
        .setEpisodeId(e.text("episodeId"))
        .setClinicId(e.text("clinicId"))
        .setPractitionerId(e.text("practitionerId"))
        .setOccurredAt(e.instant("occurredAt"))
        .setModality(modality == null ? Modality.DRY_NEEDLING : modality)
        .setNeedleCount(e.integer("needleCount"))
        .setNeedleDiameterMm(e.decimalAsDouble("needleDiameterMm"))
        .setNeedleLengthMm(e.decimalAsDouble("needleLengthMm"))
        .setDurationMinutes(e.integer("durationMinutes"))
        .setUltrasoundGuided(e.bool("ultrasoundGuided"))
        .setTwitchResponse(e.bool("twitchResponse"))
        .setRegions(e.texts("regions"))
        .setCointerventions(e.codes("cointerventions", Cointervention.class))
        .build();
  }

  private static Outcome outcome(ValidEvent e) {
    return Outcome.newBuilder()
        .setEpisodeId(e.text("episodeId"))
        .setClinicId(e.text("clinicId"))
        .setInstrument(e.code("instrument", Instrument.class))
        .setTimepoint(e.code("timepoint", Timepoint.class))
        .setScore(e.decimalAsDouble("score"))
        .setRecordedAt(e.instant("recordedAt"))
        .setSessionId(e.text("sessionId"))
        .build();
  }

  private static AdverseEvent adverseEvent(ValidEvent e) {
    Boolean serious = e.bool("serious");
    return AdverseEvent.newBuilder()
        .setAdverseEventId(e.text("adverseEventId"))
        .setSessionId(e.text("sessionId"))
        .setEpisodeId(e.text("episodeId"))
        .setClinicId(e.text("clinicId"))
        .setCategory(e.code("category", AdverseEventCategory.class))
        .setSeverity(e.code("severity", Severity.class))
        .setOnsetAt(e.instant("onsetAt"))
        .setSerious(serious != null && serious)
        .setDescription(e.text("description"))
        .build();
  }

  private static Clinic clinic(ValidEvent e) {
    return Clinic.newBuilder()
        .setClinicId(e.text("clinicId"))
        .setName(e.text("name"))
        .setState(e.text("state"))
        .setNetwork(e.text("network"))
        .build();
  }

  private static Practitioner practitioner(ValidEvent e) {
    return Practitioner.newBuilder()
        .setPractitionerId(e.text("practitionerId"))
        .setClinicId(e.text("clinicId"))
        .setProfession(e.code("profession", Profession.class))
        .setTrainingHours(e.decimalAsDouble("trainingHours"))
        .setLicenseState(e.text("licenseState"))
        .build();
  }

  private static Baseline baseline(ValidEvent e) {
    Integer studySessions = e.integer("studySessions");
    return Baseline.newBuilder()
        .setCategory(e.code("category", ComplicationCategory.class))
        .setSource(e.text("source"))
        .setLow(e.decimalAsDouble("low"))
        .setHigh(e.decimalAsDouble("high"))
        .setIndication(e.code("indication", Indication.class))
        .setCitation(e.text("citation"))
        .setStudySessions(studySessions == null ? null : studySessions.longValue())
        .build();
  }
}
