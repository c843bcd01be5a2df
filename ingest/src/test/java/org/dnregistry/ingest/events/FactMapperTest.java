package org.dnregistry.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.http.BodyFormat;
import org.dnregistry.ingest.http.BodyParser;
import org.dnregistry.ingest.http.ParsedBody;
import org.dnregistry.ingest.privacy.Pseudonymizer;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.ingest.validation.Validation;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FactMapperTest {
  static final byte[] SECRET = "a-test-network-secret-0123456789".getBytes(StandardCharsets.UTF_8);
  static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(SECRET);
  final FactMapper mapper = new FactMapper(PSEUDONYMS);
  final EventValidator validator = new EventValidator(TestEvents.CLOCK);

  Fact map(ObjectNode json) {
    var parsed = (ParsedBody.Events) BodyParser.parse(json.toString().getBytes(StandardCharsets.UTF_8),
        BodyFormat.JSON);
    var v = validator.validate(parsed.events().get(0), 0);
    assertThat(v).isInstanceOf(Validation.Valid.class);
    return mapper.toFact(((Validation.Valid) v).event());
  }

  @Test
  void anEpisodeCarriesThePseudonymAndNeverTheClearPatientId() {
    Fact f = map(TestEvents.episode("C1", "E1", "patient-42"));
    assertThat(f.topic()).isEqualTo(Topics.EPISODES.name());
    assertThat(f.key()).isEqualTo("C1|E1");
    assertThat(f.clinicId()).isEqualTo("C1");
    Episode e = (Episode) f.value();
    assertThat(e.getPatientPseudonym()).isEqualTo(PSEUDONYMS.pseudonym("patient-42")).hasSize(64);
    assertThat(e.toString()).doesNotContain("patient-42");
    assertThat(e).isEqualTo(Episode.newBuilder()
        .setEpisodeId("E1").setClinicId("C1").setPatientPseudonym(PSEUDONYMS.pseudonym("patient-42"))
        .setIndication(Indication.NECK_PAIN).setChronicity(Chronicity.CHRONIC)
        .setStartDate(LocalDate.of(2025, 3, 1)).setEtiology(Etiology.MYOFASCIAL)
        .setPriorCare(List.of(PriorCare.HEAT, PriorCare.EXERCISE))
        .setContraindications(List.of(Contraindication.ANTICOAGULANTS)).setPlannedSessions(12).build());
  }

  @Test
  void anEpisodeGetsTheContractDefaults() {
    ObjectNode json = TestEvents.episode("C1", "E1", "p");
    json.remove(List.of("plannedSessions", "etiology", "priorCare", "contraindications"));
    Episode e = (Episode) map(json).value();
    assertThat(e.getPlannedSessions()).isEqualTo(24);
    assertThat(e.getEtiology()).isNull();
    assertThat(e.getPriorCare()).isEmpty();
    assertThat(e.getContraindications()).isEmpty();
  }

  @Test
  void aSessionMapsEveryField() {
    Fact f = map(TestEvents.session("C1", "S1", "E1"));
    assertThat(f.key()).isEqualTo("C1|E1|S1");
    assertThat(f.value()).isEqualTo(Session.newBuilder()
        .setSessionId("S1").setEpisodeId("E1").setClinicId("C1").setPractitionerId("P1")
        .setOccurredAt(Instant.parse("2025-03-02T09:30:00Z")).setModality(Modality.DRY_NEEDLING)
        .setNeedleCount(6).setNeedleDiameterMm(0.3).setNeedleLengthMm(30.0).setDurationMinutes(30)
        .setUltrasoundGuided(false).setTwitchResponse(true)
        .setRegions(List.of("upper trapezius", "levator scapulae"))
        .setCointerventions(List.of(Cointervention.EXERCISE)).build());
  }

  @Test
  void aSessionWithoutModalityIsDryNeedlingAndOptionalNumbersStayNull() {
    ObjectNode json = TestEvents.session("C1", "S1", "E1");
    json.remove(List.of("modality", "needleCount", "needleDiameterMm", "needleLengthMm", "durationMinutes",
        "ultrasoundGuided", "twitchResponse", "regions", "cointerventions"));
    Session s = (Session) map(json).value();
    assertThat(s.getModality()).isEqualTo(Modality.DRY_NEEDLING);
    assertThat(s.getNeedleCount()).isNull();
    assertThat(s.getNeedleDiameterMm()).isNull();
    assertThat(s.getUltrasoundGuided()).isNull();
    assertThat(s.getRegions()).isEmpty();
  }

  @Test
  void anOutcomeIsKeyedByEpisodeInstrumentAndTimepoint() {
    Fact f = map(TestEvents.outcome("C1", "E1", "NDI", "WEEK_4", 12.5));
    assertThat(f.key()).isEqualTo("C1|E1|NDI|WEEK_4");
    Outcome o = (Outcome) f.value();
    assertThat(o.getInstrument()).isEqualTo(Instrument.NDI);
    assertThat(o.getTimepoint()).isEqualTo(Timepoint.WEEK_4);
    assertThat(o.getScore()).isEqualTo(12.5);
    assertThat(o.getRecordedAt()).isEqualTo(Instant.parse("2025-03-02T09:00:00Z"));
    assertThat(o.getSessionId()).isEqualTo("S1");
  }

  @Test
  void aScoreInHundredthsIsTheNearestDouble() {
    Outcome o = (Outcome) map(TestEvents.outcome("C1", "E1", "NPRS", "BASELINE", 0.1)).value();
    assertThat(Math.round(o.getScore() * 100)).isEqualTo(10);
  }

  @Test
  void anAdverseEventIsNotSeriousUnlessSaid() {
    ObjectNode json = TestEvents.adverseEvent("C1", "A1", "S1", "E1");
    json.remove("serious");
    Fact f = map(json);
    assertThat(f.key()).isEqualTo("C1|E1|A1");
    AdverseEvent a = (AdverseEvent) f.value();
    assertThat(a.getSerious()).isFalse();
    assertThat(a.getCategory()).isEqualTo(AdverseEventCategory.BRUISING);
    assertThat(a.getSeverity()).isEqualTo(Severity.MILD);
    assertThat(a.getDescription()).isEqualTo("small bruise at the needling site");
  }

  @Test
  void referenceDataIsKeyedByItsOwnIds() {
    Fact clinic = map(TestEvents.clinic("C9"));
    assertThat(clinic.key()).isEqualTo("C9");
    assertThat(clinic.clinicId()).isNull();
    assertThat(((Clinic) clinic.value()).getState()).isEqualTo("CO");

    Fact practitioner = map(TestEvents.practitioner("P7", "C9"));
    assertThat(practitioner.key()).isEqualTo("P7");
    Practitioner p = (Practitioner) practitioner.value();
    assertThat(p.getProfession()).isEqualTo(Profession.PHYSICAL_THERAPIST);
    assertThat(p.getTrainingHours()).isEqualTo(54.0);

    Fact baseline = map(TestEvents.baseline("SERIOUS", "Boyce 2020", 0.000977, 0.000977));
    assertThat(baseline.key()).isEqualTo("SERIOUS|Boyce 2020");
    Baseline b = (Baseline) baseline.value();
    assertThat(b.getCategory()).isEqualTo(ComplicationCategory.SERIOUS);
    assertThat(b.getLow()).isEqualTo(0.000977);
    assertThat(b.getIndication()).isEqualTo(Indication.NECK_PAIN);
    assertThat(b.getStudySessions()).isEqualTo(20_464L);
  }

  @Test
  void aBaselineWithoutStudySessionsHasNone() {
    var event = TestEvents.baseline("PAIN_AFTER", "Moghim", 0.6, 0.7);
    event.remove("studySessions");
    assertThat(((Baseline) map(event).value()).getStudySessions()).isNull();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void aRetractionIsATombstoneOnTheSameKeyAsTheFact(EventType type) {
    ObjectNode full = TestEvents.of(type);
    Fact upsert = map(full);
    Fact retraction = map(full.deepCopy().put("retracted", true));
    assertThat(retraction.tombstone()).isTrue();
    assertThat(retraction.value()).isNull();
    assertThat(retraction.key()).isEqualTo(upsert.key());
    assertThat(retraction.topic()).isEqualTo(upsert.topic());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyValueSurvivesTheWireFormat(EventType type) {
    Fact f = map(TestEvents.of(type));
    var registry = new InMemorySchemaRegistryClient();
    byte[] bytes = new AvroSerializer<SpecificRecord>(registry, false, true).serialize(f.topic(), f.value());
    var deserializer = new AvroDeserializer<SpecificRecord>(registry, type.topic().valueType());
    assertThat(deserializer.deserialize(f.topic(), bytes)).isEqualTo(f.value());
  }
}
