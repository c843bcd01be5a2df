package org.dnregistry.localstack;

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
import org.dnregistry.registry.AvroFrameException;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.TopicSpec;

/**
 * Two realistic records of every topic value type with the key the pipeline gives them: one with every optional
 * field set (every union branch, non-empty arrays and maps, non-ASCII text) and one with every optional field
 * null and every array or map empty. Instants have millisecond precision, as timestamp-millis keeps them.
 */
final class RoundTripSamples {
  static final String CLINIC = "clinic-boulder";
  static final Instant AT = Instant.parse("2025-03-04T15:30:12.345Z");

  private RoundTripSamples() {}

  record Sample(String key, SpecificRecord value) {}

  /** Both samples of the topic's value type; fails for a type without samples, so a new topic needs some. */
  static List<Sample> of(TopicSpec<?> topic) {
    Class<?> type = topic.valueType();
    if (type == Episode.class) {
      return List.of(keyed(episode()), keyed(episodeMinimal()));
    }
    if (type == Session.class) {
      return List.of(keyed(session()), keyed(sessionMinimal()));
    }
    if (type == Outcome.class) {
      return List.of(keyed(outcome()), keyed(outcomeMinimal()));
    }
    if (type == AdverseEvent.class) {
      return List.of(keyed(adverseEvent()), keyed(adverseEventMinimal()));
    }
    if (type == Clinic.class) {
      var full = Clinic.newBuilder().setClinicId(CLINIC).setName("Flatirons Physiothérapie & Sports Rehab")
          .setState("CO").setNetwork("front-range").build();
      var minimal = Clinic.newBuilder().setClinicId("clinic-laramie").setName("Laramie Spine Center")
          .setState("WY").setNetwork(null).build();
      return List.of(new Sample(Keys.clinic(full.getClinicId()), full),
          new Sample(Keys.clinic(minimal.getClinicId()), minimal));
    }
    if (type == Practitioner.class) {
      var full = Practitioner.newBuilder().setPractitionerId("pr-17").setClinicId(CLINIC)
          .setProfession(Profession.PHYSICAL_THERAPIST).setTrainingHours(54.5).setLicenseState("CO").build();
      var minimal = Practitioner.newBuilder().setPractitionerId("pr-18").setClinicId(CLINIC)
          .setProfession(Profession.CHIROPRACTOR).setTrainingHours(120.0).setLicenseState(null).build();
      return List.of(new Sample(Keys.practitioner(full.getPractitionerId()), full),
          new Sample(Keys.practitioner(minimal.getPractitionerId()), minimal));
    }
    if (type == Baseline.class) {
      var full = Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("brady-2014")
          .setLow(0.077).setHigh(0.077).setIndication(Indication.NECK_PAIN)
          .setCitation("Brady S, et al. J Man Manip Ther 2014;22(3):134-140").build();
      var minimal = Baseline.newBuilder().setCategory(ComplicationCategory.SERIOUS).setSource("boyce-2020")
          .setLow(0.0).setHigh(0.0004).setIndication(null).setCitation(null).build();
      return List.of(new Sample(Keys.baseline(full.getCategory(), full.getSource()), full),
          new Sample(Keys.baseline(minimal.getCategory(), minimal.getSource()), minimal));
    }
    if (type == Alert.class) {
      var signal = Alert.newBuilder().setAlertId("SIGNAL|clinic:" + CLINIC + "|BRUISING|2025-03-04")
          .setKind(AlertKind.SIGNAL).setRaisedAt(AT).setScope("clinic:" + CLINIC).setClinicId(CLINIC)
          .setIndication("ALL").setCategory(ComplicationCategory.BRUISING).setAsOf(LocalDate.of(2025, 3, 4))
          .setSessions(412L).setEvents(61L).setRate(0.148).setExpected(31.7).setCusum(6.2).setThreshold(6.0)
          .setRateRatio(2.0).setReferences(List.of("NECK_PAIN=Boyce 2020 (0.077)", "KNEE_PAIN=Boyce 2020 (0.077)"))
          .setAdverseEventId(null).setSessionId(null).setEpisodeId(null).setSeverity(null).setSerious(null)
          .setMessage("bruising more often than the reference would explain").build();
      var sentinel = Alert.newBuilder().setAlertId("sentinel-clinic-boulder-ae-78").setKind(AlertKind.SENTINEL)
          .setRaisedAt(AT.plusSeconds(60)).setScope("network").setClinicId(null).setIndication("ALL")
          .setCategory(ComplicationCategory.PNEUMOTHORAX).setAsOf(null).setSessions(null).setEvents(null)
          .setRate(null).setAdverseEventId(null).setSessionId(null).setEpisodeId(null).setSeverity(null)
          .setSerious(null).setMessage("sentinel event: pneumothorax").build();
      return List.of(new Sample(signal.getAlertId(), signal), new Sample(sentinel.getAlertId(), sentinel));
    }
    if (type == ComplianceFlags.class) {
      var session = ComplianceFlags.newBuilder().setSubject("SESSION").setClinicId(CLINIC).setEpisodeId("ep-1001")
          .setSessionId("s-5001").setPractitionerId("pr-17").setIndication(Indication.NECK_PAIN)
          .setDay(LocalDate.of(2025, 3, 4))
          .setFlags(List.of(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE))
          .build();
      var episode = ComplianceFlags.newBuilder().setSubject("EPISODE").setClinicId(CLINIC).setEpisodeId("ep-1002")
          .setSessionId(null).setPractitionerId(null).setIndication(Indication.CHRONIC_LOW_BACK_PAIN)
          .setDay(LocalDate.of(2024, 12, 31)).setFlags(List.of()).build();
      return List.of(new Sample(String.join("|", CLINIC, "SESSION", "s-5001"), session),
          new Sample(String.join("|", CLINIC, "EPISODE", "ep-1002"), episode));
    }
    if (type == ResearchComplicationMonth.class) {
      var full = ResearchComplicationMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setSessions(count(1204L)).setEvents(Map.of("BRUISING", count(96L), "PNEUMOTHORAX", suppressed(),
              "ANY_MINOR", count(131L)))
          .build();
      var empty = ResearchComplicationMonth.newBuilder().setMonth("2025-02").setIndication(Indication.TMJ_PAIN)
          .setSessions(suppressed()).setEvents(Map.of()).build();
      return List.of(new Sample("2025-03|NECK_PAIN", full), new Sample("2025-02|TMJ_PAIN", empty));
    }
    if (type == ResearchEfficacyMonth.class) {
      var full = ResearchEfficacyMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setInstrument(Instrument.NDI).setTimepoint(Timepoint.WEEK_4).setN(count(88L)).setResponders(count(51L))
          .setMeanChange(-7.25).setSd(4.1).build();
      var suppressedCell = ResearchEfficacyMonth.newBuilder().setMonth("2025-03").setIndication(Indication.HIP_PAIN)
          .setInstrument(Instrument.NPRS).setTimepoint(Timepoint.MONTH_3).setN(suppressed())
          .setResponders(suppressed()).setMeanChange(null).setSd(null).build();
      return List.of(new Sample("2025-03|NECK_PAIN|NDI|WEEK_4", full),
          new Sample("2025-03|HIP_PAIN|NPRS|MONTH_3", suppressedCell));
    }
    if (type == ResearchComplianceMonth.class) {
      var full = ResearchComplianceMonth.newBuilder().setMonth("2025-03").setIndication(Indication.NECK_PAIN)
          .setFlags(Map.of("LOW_ADHERENCE", count(14L), "CHRONIC_CONDITION", suppressed())).build();
      var empty = ResearchComplianceMonth.newBuilder().setMonth("2025-03").setIndication(Indication.HEADACHE)
          .setFlags(Map.of()).build();
      return List.of(new Sample("2025-03|NECK_PAIN", full), new Sample("2025-03|HEADACHE", empty));
    }
    if (type == DeadLetter.class) {
      var full = DeadLetter.newBuilder().setSourceTopic("dn.sessions.v1").setPartition(2)
          .setOffset(123_456_789_012L)
          .setKey(ByteBuffer.wrap((CLINIC + "|s-5001").getBytes(StandardCharsets.UTF_8)))
          .setValue(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0, 1, (byte) 0xff})).setReason("BAD_MAGIC_BYTE")
          .setErrorClass(AvroFrameException.class.getName()).setFailedAt(AT).build();
      var minimal = DeadLetter.newBuilder().setSourceTopic("dn.outcomes.v1").setPartition(0).setOffset(0L)
          .setKey(null).setValue(null).setReason("UNKNOWN_SCHEMA_ID")
          .setErrorClass(AvroFrameException.class.getName()).setFailedAt(AT.plusMillis(1)).build();
      return List.of(new Sample("dn.sessions.v1|2|123456789012", full), new Sample("dn.outcomes.v1|0|0", minimal));
    }
    throw new IllegalArgumentException("no samples for " + type.getName() + ": add them to RoundTripSamples");
  }

  static Episode episode() {
    return Episode.newBuilder().setEpisodeId("ep-1001").setClinicId(CLINIC)
        .setPatientPseudonym("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setIndication(Indication.NECK_PAIN).setChronicity(Chronicity.CHRONIC)
        .setStartDate(LocalDate.of(2025, 2, 14)).setEtiology(Etiology.MYOFASCIAL)
        .setPriorCare(List.of(PriorCare.EXERCISE, PriorCare.HEAT, PriorCare.NSAID_OR_ACETAMINOPHEN))
        .setContraindications(List.of(Contraindication.ANTICOAGULANTS)).setPlannedSessions(6).build();
  }

  static Episode episodeMinimal() {
    return Episode.newBuilder().setEpisodeId("ep-1002").setClinicId(CLINIC)
        .setPatientPseudonym("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")
        .setIndication(Indication.CHRONIC_LOW_BACK_PAIN).setChronicity(Chronicity.SUBACUTE)
        .setStartDate(LocalDate.of(1969, 12, 31)).setEtiology(null).setPriorCare(List.of())
        .setContraindications(List.of()).setPlannedSessions(24).build();
  }

  static Session session() {
    return Session.newBuilder().setSessionId("s-5001").setEpisodeId("ep-1001").setClinicId(CLINIC)
        .setPractitionerId("pr-17").setOccurredAt(AT).setModality(Modality.DRY_NEEDLING).setNeedleCount(4)
        .setNeedleDiameterMm(0.25).setNeedleLengthMm(40.0).setDurationMinutes(30).setUltrasoundGuided(false)
        .setTwitchResponse(true).setRegions(List.of("upper trapezius", "levator scapulae"))
        .setCointerventions(List.of(Cointervention.EXERCISE, Cointervention.EDUCATION)).build();
  }

  static Session sessionMinimal() {
    return Session.newBuilder().setSessionId("s-5002").setEpisodeId("ep-1002").setClinicId(CLINIC)
        .setPractitionerId("pr-18").setOccurredAt(Instant.parse("2025-03-05T08:00:00Z"))
        .setModality(Modality.ACUPUNCTURE).setNeedleCount(null).setNeedleDiameterMm(null).setNeedleLengthMm(null)
        .setDurationMinutes(null).setUltrasoundGuided(null).setTwitchResponse(null).setRegions(List.of())
        .setCointerventions(List.of()).build();
  }

  static Outcome outcome() {
    return Outcome.newBuilder().setEpisodeId("ep-1001").setClinicId(CLINIC).setInstrument(Instrument.NDI)
        .setTimepoint(Timepoint.WEEK_4).setScore(18.5).setRecordedAt(AT).setSessionId("s-5001").build();
  }

  static Outcome outcomeMinimal() {
    return Outcome.newBuilder().setEpisodeId("ep-1001").setClinicId(CLINIC).setInstrument(Instrument.NPRS)
        .setTimepoint(Timepoint.BASELINE).setScore(7.0).setRecordedAt(Instant.parse("2025-02-14T10:15:00Z"))
        .setSessionId(null).build();
  }

  static AdverseEvent adverseEvent() {
    return AdverseEvent.newBuilder().setAdverseEventId("ae-77").setSessionId("s-5001").setEpisodeId("ep-1001")
        .setClinicId(CLINIC).setCategory(AdverseEventCategory.BRUISING).setSeverity(Severity.MILD)
        .setOnsetAt(AT.plusSeconds(3600)).setSerious(false)
        .setDescription("ecchymosis ~2 cm over upper trapezius, résolue en 3 jours").build();
  }

  static AdverseEvent adverseEventMinimal() {
    return AdverseEvent.newBuilder().setAdverseEventId("ae-78").setSessionId("s-5002").setEpisodeId("ep-1002")
        .setClinicId(CLINIC).setCategory(AdverseEventCategory.PNEUMOTHORAX).setSeverity(Severity.SEVERE)
        .setOnsetAt(Instant.parse("2025-03-05T09:12:00Z")).setSerious(true).setDescription(null).build();
  }

  /** The key the pipeline gives a clinical record (Keys), so samples built by hand are keyed the same way. */
  static Sample keyed(SpecificRecord value) {
    String key;
    if (value instanceof Episode e) {
      key = Keys.episode(e.getClinicId(), e.getEpisodeId());
    } else if (value instanceof Session s) {
      key = Keys.session(s.getClinicId(), s.getEpisodeId(), s.getSessionId());
    } else if (value instanceof Outcome o) {
      key = Keys.outcome(o.getClinicId(), o.getEpisodeId(), o.getInstrument(), o.getTimepoint());
    } else if (value instanceof AdverseEvent a) {
      key = Keys.adverseEvent(a.getClinicId(), a.getEpisodeId(), a.getAdverseEventId());
    } else {
      throw new IllegalArgumentException("no clinical key for " + value.getSchema().getFullName());
    }
    return new Sample(key, value);
  }

  private static SuppressibleCount count(long n) {
    return SuppressibleCount.newBuilder().setValue(n).setSuppressed(false).build();
  }

  private static SuppressibleCount suppressed() {
    return SuppressibleCount.newBuilder().setValue(null).setSuppressed(true).build();
  }
}
