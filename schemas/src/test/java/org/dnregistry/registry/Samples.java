package org.dnregistry.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.DeadLetter;
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
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.Severity;
import org.dnregistry.avro.SuppressibleCount;
import org.dnregistry.avro.Timepoint;

/** One realistic record of every topic value type, with optional fields set so that every branch is written. */
final class Samples {
  static final Instant AT = Instant.parse("2025-03-04T15:30:12.345Z");

  private Samples() {}

  static SpecificRecord of(Class<?> type) {
    if (type == Episode.class) {
      return Episode.newBuilder().setEpisodeId("ep-1001").setClinicId("clinic-denver")
          .setPatientPseudonym("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
          .setIndication(Indication.NECK_PAIN).setChronicity(Chronicity.CHRONIC)
          .setStartDate(LocalDate.of(2025, 2, 14)).setEtiology(Etiology.MYOFASCIAL)
          .setPriorCare(List.of(PriorCare.EXERCISE, PriorCare.HEAT))
          .setContraindications(List.of(Contraindication.ANTICOAGULANTS)).setPlannedSessions(6).build();
    }
    if (type == Session.class) {
      return Session.newBuilder().setSessionId("s-5001").setEpisodeId("ep-1001").setClinicId("clinic-denver")
          .setPractitionerId("pr-17").setOccurredAt(AT).setModality(Modality.DRY_NEEDLING).setNeedleCount(4)
          .setNeedleDiameterMm(0.25).setNeedleLengthMm(40.0).setDurationMinutes(30).setUltrasoundGuided(false)
          .setTwitchResponse(true).setRegions(List.of("upper trapezius", "levator scapulae"))
          .setCointerventions(List.of(Cointervention.EXERCISE, Cointervention.EDUCATION)).build();
    }
    if (type == Outcome.class) {
      return Outcome.newBuilder().setEpisodeId("ep-1001").setClinicId("clinic-denver")
          .setInstrument(Instrument.NDI).setTimepoint(Timepoint.WEEK_4).setScore(18.5).setRecordedAt(AT)
          .setSessionId("s-5001").build();
    }
    if (type == AdverseEvent.class) {
      return AdverseEvent.newBuilder().setAdverseEventId("ae-9").setSessionId("s-5001").setEpisodeId("ep-1001")
          .setClinicId("clinic-denver").setCategory(AdverseEventCategory.BRUISING).setSeverity(Severity.MILD)
          .setOnsetAt(AT).setSerious(false).setDescription("small bruise, resolved in 3 days").build();
    }
    if (type == Clinic.class) {
      return Clinic.newBuilder().setClinicId("clinic-denver").setName("Mile High Physical Therapy")
          .setState("CO").setNetwork("front-range").build();
    }
    if (type == Practitioner.class) {
      return Practitioner.newBuilder().setPractitionerId("pr-17").setClinicId("clinic-denver")
          .setProfession(Profession.PHYSICAL_THERAPIST).setTrainingHours(54.0).setLicenseState("CO").build();
    }
    if (type == Baseline.class) {
      return Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("brady-2014")
          .setLow(0.0770).setHigh(0.0770).setIndication(null).setCitation("Brady et al. 2014").build();
    }
    if (type == Alert.class) {
      return Alert.newBuilder().setAlertId("alert-1").setKind(AlertKind.SIGNAL).setRaisedAt(AT)
          .setScope("clinic:clinic-denver").setClinicId("clinic-denver").setIndication("ALL")
          .setCategory(ComplicationCategory.BRUISING).setAsOf(LocalDate.of(2025, 3, 4))
          .setSessions(412L).setEvents(61L).setRate(0.148).setExpected(31.1).setCusum(6.4).setThreshold(6.0)
          .setRateRatio(2.0).setReferences(List.of("NECK_PAIN=Boyce 2020 (0.077)"))
          .setAdverseEventId(null).setSessionId(null).setEpisodeId(null)
          .setSeverity(null).setSerious(null).setMessage("bruising signal")
          .build();
    }
    if (type == ComplianceFlags.class) {
      return ComplianceFlags.newBuilder().setSubject("SESSION").setClinicId("clinic-denver").setEpisodeId("ep-1001")
          .setSessionId("s-5001").setPractitionerId("pr-17").setIndication(Indication.NECK_PAIN)
          .setDay(LocalDate.of(2025, 3, 4))
          .setFlags(List.of(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE))
          .build();
    }
    if (type == ResearchComplicationMonth.class) {
      return ResearchComplicationMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setSessions(count(1204L))
          .setEvents(Map.of("BRUISING", count(96L), "PNEUMOTHORAX", suppressed()))
          .build();
    }
    if (type == ResearchEfficacyMonth.class) {
      return ResearchEfficacyMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setInstrument(Instrument.NDI).setTimepoint(Timepoint.WEEK_4).setN(count(88L))
          .setResponders(count(51L)).setMeanChange(-7.25).setSd(4.1).build();
    }
    if (type == ResearchComplianceMonth.class) {
      return ResearchComplianceMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setFlags(Map.of("LOW_ADHERENCE", count(14L), "CHRONIC_CONDITION", suppressed())).build();
    }
    if (type == DeadLetter.class) {
      return DeadLetter.newBuilder().setSourceTopic("dn.sessions.v1").setPartition(3).setOffset(123_456_789_012L)
          .setKey(ByteBuffer.wrap("clinic-denver|s-5001".getBytes(StandardCharsets.UTF_8)))
          .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3})).setReason("BAD_MAGIC_BYTE")
          .setErrorClass(AvroFrameException.class.getName()).setFailedAt(AT).build();
    }
    throw new IllegalArgumentException("no sample for " + type.getName() + ": add one to Samples");
  }

  private static SuppressibleCount count(long n) {
    return SuppressibleCount.newBuilder().setValue(n).setSuppressed(false).build();
  }

  private static SuppressibleCount suppressed() {
    return SuppressibleCount.newBuilder().setValue(null).setSuppressed(true).build();
  }
}
