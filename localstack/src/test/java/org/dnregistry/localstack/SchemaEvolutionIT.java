package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.IncompatibleSchemaException;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.registry.SchemaRelease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema evolution against the real registry with our client. The local stack starts Apicurio with the global
 * rule BACKWARD (Apicurio's own default is NONE) and, as these tests show, Apicurio 3.3.3 applies it to a subject
 * that has no rule of its own: no {@code PUT /config/<subject>} is needed. Every test has its own subject.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaEvolutionIT {
  private static final AtomicInteger SUBJECTS = new AtomicInteger();

  private final LocalStack stack;
  private SchemaRegistryClient registry;
  private String topic;
  private String subject;

  SchemaEvolutionIT(LocalStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void subjectOfItsOwn() {
    registry = newClient();
    topic = "it.evolution." + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-"
        + SUBJECTS.incrementAndGet() + ".episodes";
    subject = topic + "-value";
  }

  @AfterEach
  void closeClient() {
    registry.close();
  }

  @Test
  void theRegistrysGlobalRuleIsBackward() {
    assertThat(new RegistryRest(stack.schemaRegistryUrl()).get("/config").get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void newFieldsWithDefaultsAreAcceptedUnderANewIdAndOldRecordsReadIntoTheNewClass() {
    // v1: the episode before etiology (optional) and plannedSessions (default 24) were added.
    Schema v1 = without(Episode.getClassSchema(), "etiology", "plannedSessions");
    assertThat(registry.isCompatible(subject, v1)).as("a subject without versions accepts anything").isTrue();
    int v1Id = registry.register(subject, v1);
    GenericRecord old = new GenericRecordBuilder(v1)
        .set("episodeId", "ep-2001").set("clinicId", RoundTripSamples.CLINIC)
        .set("patientPseudonym", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
        .set("indication", new GenericData.EnumSymbol(v1.getField("indication").schema(), "SHOULDER_PAIN"))
        .set("chronicity", new GenericData.EnumSymbol(v1.getField("chronicity").schema(), "ACUTE"))
        .set("startDate", (int) LocalDate.of(2024, 11, 3).toEpochDay())
        .set("priorCare", List.of(new GenericData.EnumSymbol(v1.getField("priorCare").schema().getElementType(),
            "MANUAL_THERAPY")))
        .set("contraindications", List.of(new GenericData.EnumSymbol(
            v1.getField("contraindications").schema().getElementType(), "PREGNANCY")))
        .build();
    byte[] oldFrame;
    try (var writer = new AvroSerializer<GenericRecord>(registry, false, false)) {
      oldFrame = writer.serialize(topic, old);
    }

    Schema v2 = Episode.getClassSchema();
    assertThat(registry.isCompatible(subject, v2)).isTrue();
    int v2Id = registry.register(subject, v2);

    assertThat(v2Id).isNotEqualTo(v1Id);
    var latest = registry.latest(subject);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(v2Id);
    assertThat(latest.schema()).isEqualTo(v2);
    // A reader that never saw v1 fetches it by the frame's id and resolves it to the new class.
    try (SchemaRegistryClient fresh = newClient();
         var reader = new AvroDeserializer<Episode>(fresh, Episode.class)) {
      Episode read = reader.deserialize(topic, oldFrame);
      assertThat(read).isEqualTo(Episode.newBuilder()
          .setEpisodeId("ep-2001").setClinicId(RoundTripSamples.CLINIC)
          .setPatientPseudonym("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
          .setIndication(Indication.SHOULDER_PAIN).setChronicity(Chronicity.ACUTE)
          .setStartDate(LocalDate.of(2024, 11, 3)).setPriorCare(List.of(PriorCare.MANUAL_THERAPY))
          .setContraindications(List.of(Contraindication.PREGNANCY))
          .setEtiology(null).setPlannedSessions(24)
          .build());
      // New records carry the new id, and the same reader reads them.
      try (var writer = new AvroSerializer<Episode>(registry, false, false)) {
        Episode current = RoundTripSamples.episode();
        byte[] newFrame = writer.serialize(topic, current);
        assertThat(ByteBuffer.wrap(newFrame, 1, 4).getInt()).isEqualTo(v2Id);
        assertThat(reader.deserialize(topic, newFrame)).isEqualTo(current);
      }
    }
  }

  @Test
  void theReleasedBaselineThenTheOneWithStudySessionsAreAcceptedAndOldBaselinesReadWithoutIt() {
    // Baseline gained the optional studySessions after release v1 (REFERENCE section 2; schemas/EVOLUTION.md).
    Schema v1 = SchemaRelease.load(Path.of("../schemas/src/main/avro-released/v1"))
        .get(Baseline.getClassSchema().getFullName());
    assertThat(v1.getField("studySessions")).isNull();
    registry.register(subject, v1);
    GenericRecord old = new GenericRecordBuilder(v1)
        .set("category", new GenericData.EnumSymbol(v1.getField("category").schema(), "BRUISING"))
        .set("source", "Brady 2014").set("low", 0.0755).set("high", 0.0755)
        .set("citation", "Brady S, et al. J Man Manip Ther 2014;22(3):134-40.")
        .build();
    byte[] oldFrame;
    try (var writer = new AvroSerializer<GenericRecord>(registry, false, false)) {
      oldFrame = writer.serialize(topic, old);
    }

    assertThat(registry.isCompatible(subject, Baseline.getClassSchema())).isTrue();
    int currentId = registry.register(subject, Baseline.getClassSchema());

    try (SchemaRegistryClient fresh = newClient();
         var reader = new AvroDeserializer<Baseline>(fresh, Baseline.class);
         var writer = new AvroSerializer<Baseline>(registry, false, false)) {
      Baseline read = reader.deserialize(topic, oldFrame);
      assertThat(read.getSource()).isEqualTo("Brady 2014");
      assertThat(read.getStudySessions()).isNull();
      Baseline current = Baseline.newBuilder(read).setStudySessions(7_629L).build();
      byte[] newFrame = writer.serialize(topic, current);
      assertThat(ByteBuffer.wrap(newFrame, 1, 4).getInt()).isEqualTo(currentId);
      assertThat(reader.deserialize(topic, newFrame).getStudySessions()).isEqualTo(7_629L);
    }
  }

  @Test
  void aNewRequiredFieldWithoutDefaultIsRejectedNamingTheSubject() {
    registry.register(subject, Episode.getClassSchema());
    var referral = new Schema.Field("referralSource", Schema.create(Schema.Type.STRING), "who referred the patient");

    assertRefused(with(Episode.getClassSchema(), referral));
  }

  @Test
  void aChangedFieldTypeIsRejectedNamingTheSubject() {
    registry.register(subject, Episode.getClassSchema());

    assertRefused(retyped(Episode.getClassSchema(), "plannedSessions", Schema.create(Schema.Type.STRING)));
  }

  /** A subject's own rule, set with PUT /config/{subject}, overrides the global one, both ways. */
  @Test
  void aSubjectsOwnRuleOverridesTheGlobalOne() {
    var rest = new RegistryRest(stack.schemaRegistryUrl());
    registry.register(subject, Episode.getClassSchema());
    Schema breaking = retyped(Episode.getClassSchema(), "plannedSessions", Schema.create(Schema.Type.STRING));

    assertThat(rest.put("/config/" + subject, "{\"compatibility\":\"NONE\"}").get("compatibility").asText())
        .isEqualTo("NONE");
    assertThat(registry.isCompatible(subject, breaking)).isTrue();
    int breakingId = registry.register(subject, breaking);
    assertThat(registry.latest(subject).id()).isEqualTo(breakingId);

    assertThat(rest.put("/config/" + subject, "{\"compatibility\":\"BACKWARD\"}").get("compatibility").asText())
        .isEqualTo("BACKWARD");
    assertRefused(with(breaking, new Schema.Field("referralSource", Schema.create(Schema.Type.STRING))));
  }

  private void assertRefused(Schema change) {
    int versionBefore = registry.latest(subject).version();

    assertThat(registry.isCompatible(subject, change)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, change))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining(subject)
        .satisfies(e -> assertThat(((IncompatibleSchemaException) e).httpStatus()).isEqualTo(409));
    assertThat(registry.latest(subject).version()).as("no version was added").isEqualTo(versionBefore);
    assertThat(registry.lookup(subject, change)).isEmpty();
  }

  private SchemaRegistryClient newClient() {
    return SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
  }

  private static Schema without(Schema record, String... names) {
    var dropped = Set.of(names);
    var fields = new ArrayList<Schema.Field>();
    for (Schema.Field f : record.getFields()) {
      if (!dropped.contains(f.name())) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    assertThat(fields).hasSize(record.getFields().size() - names.length);
    return copy(record, fields);
  }

  private static Schema with(Schema record, Schema.Field extra) {
    var fields = new ArrayList<Schema.Field>();
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(extra);
    return copy(record, fields);
  }

  private static Schema retyped(Schema record, String name, Schema type) {
    var fields = new ArrayList<Schema.Field>();
    for (Schema.Field f : record.getFields()) {
      fields.add(f.name().equals(name) ? new Schema.Field(f.name(), type, f.doc()) : new Schema.Field(f, f.schema()));
    }
    return copy(record, fields);
  }

  private static Schema copy(Schema record, List<Schema.Field> fields) {
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
