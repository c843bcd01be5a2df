package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Session;
import org.dnregistry.registry.AvroFrameException.Reason;
import org.junit.jupiter.api.Test;

/** The serializer and deserializer around the wire format: registration, caching, bad frames, resolution. */
class AvroSerdeTest {
  private static final String TOPIC = "dn.clinics.v1";
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroSerializer<Clinic> serializer = new AvroSerializer<>(registry, false, true);
  private final AvroDeserializer<Clinic> deserializer = new AvroDeserializer<>(registry, Clinic.class);
  private final Clinic clinic = (Clinic) Samples.of(Clinic.class);

  // ---- serializer

  @Test
  void valuesAndKeysGoToTheirOwnSubjects() {
    var keySerializer = new AvroSerializer<Clinic>(registry, true, true);

    serializer.serialize(TOPIC, clinic);
    keySerializer.serialize(TOPIC, clinic);

    assertThat(registry.latest(TOPIC + "-value").schema()).isEqualTo(Clinic.getClassSchema());
    assertThat(registry.latest(TOPIC + "-key").schema()).isEqualTo(Clinic.getClassSchema());
    assertThat(keySerializer.subject(TOPIC)).isEqualTo(TOPIC + "-key");
  }

  @Test
  void aTombstoneStaysNull() {
    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, (byte[]) null)).isNull();
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
    var lookupOnly = new AvroSerializer<Clinic>(registry, false, false);
    // An explicit config without auto.register.schemas must not switch registration back on.
    lookupOnly.configure(Map.of(), false);

    assertThatThrownBy(() -> lookupOnly.serialize(TOPIC, clinic))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject " + TOPIC + "-value");

    registry.register(TOPIC + "-value", Clinic.getClassSchema());
    assertThat(deserializer.deserialize(TOPIC, lookupOnly.serialize(TOPIC, clinic))).isEqualTo(clinic);
  }

  @Test
  void aRegistryFailureIsASerializationExceptionCarryingTheCause() {
    var refusing = new InMemorySchemaRegistryClient();
    refusing.register(TOPIC + "-value", Schema.create(Schema.Type.STRING));
    var s = new AvroSerializer<Clinic>(refusing, false, true);

    assertThatThrownBy(() -> s.serialize(TOPIC, clinic))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("register schema org.dnregistry.avro.Clinic under subject " + TOPIC + "-value")
        .hasCauseInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void aGenericAndASpecificRecordOfOneSchemaWriteTheSameBytes() {
    // Only the specific writer converts Instant to long: a generic writer cached for the schema first must not
    // be used for the specific record afterwards.
    var session = (Session) Samples.of(Session.class);
    var generic = new GenericData.Record(Session.getClassSchema());
    for (Schema.Field f : Session.getClassSchema().getFields()) {
      generic.put(f.name(), session.get(f.pos()));
    }
    generic.put("occurredAt", session.getOccurredAt().toEpochMilli());
    generic.put("modality", new GenericData.EnumSymbol(
        Session.getClassSchema().getField("modality").schema(), session.getModality().name()));
    generic.put("cointerventions", session.getCointerventions().stream()
        .map(c -> new GenericData.EnumSymbol(
            Session.getClassSchema().getField("cointerventions").schema().getElementType(), c.name()))
        .toList());
    var anySerializer = new AvroSerializer<>(registry, false, true);

    byte[] fromGeneric = anySerializer.serialize("dn.sessions.v1", generic);
    byte[] fromSpecific = anySerializer.serialize("dn.sessions.v1", session);

    assertThat(fromGeneric).isEqualTo(fromSpecific);
  }

  @Test
  void aRecordThatFailsToWriteLeavesNoBytesBehindForTheNext() {
    byte[] good = serializer.serialize(TOPIC, clinic);
    var broken = Clinic.newBuilder(clinic).build();
    broken.setState(null); // not nullable: the writer fails after writing clinicId and name
    // The per-thread encoder must not carry those half-written bytes into the next frame.

    assertThatThrownBy(() -> serializer.serialize(TOPIC, broken)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("org.dnregistry.avro.Clinic");
    assertThat(serializer.serialize(TOPIC, clinic)).isEqualTo(good);
  }

  @Test
  void aWarmSerializerAndDeserializerMakeNoRequest() throws Exception {
    try (var fake = FakeRegistry.start()) {
      fake.otherwise(r -> r.method().equals("POST")
          ? FakeRegistry.json(200, "{\"id\":42}")
          : FakeRegistry.plainJson(200, "{\"schema\":" + quoted(Clinic.getClassSchema().toString()) + "}"));
      var producerSide = new AvroSerializer<Clinic>(http(fake), false, true);
      var consumerSide = new AvroDeserializer<Clinic>(http(fake), Clinic.class);

      byte[] first = producerSide.serialize(TOPIC, clinic);
      byte[] second = producerSide.serialize(TOPIC, Clinic.newBuilder(clinic).setName("Other").build());
      assertThat(fake.requests()).hasSize(1);
      assertThat(fake.requests().get(0).rawPath()).isEqualTo("/subjects/" + TOPIC + "-value/versions");

      assertThat(consumerSide.deserialize(TOPIC, first)).isEqualTo(clinic);
      assertThat(consumerSide.deserialize(TOPIC, second).getName()).isEqualTo("Other");
      assertThat(fake.requests()).hasSize(2);
      assertThat(fake.requests().get(1).rawPath()).isEqualTo("/schemas/ids/42");
    }
  }

  @Test
  void configuredFromKafkaPropertiesLikeConfluentsSerde() {
    Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://avro-serde-test",
        AvroSerdeConfig.SPECIFIC_VALUE_TYPE, Clinic.class.getName());
    try (var s = new AvroSerializer<Clinic>(); var d = new AvroDeserializer<Clinic>()) {
      s.configure(configs, false);
      d.configure(configs, false);

      assertThat(d.deserialize(TOPIC, s.serialize(TOPIC, clinic))).isEqualTo(clinic);
    }
  }

  // ---- deserializer: bad frames

  @Test
  void badFramesAreTypedAvroFrameExceptions() {
    byte[] good = serializer.serialize(TOPIC, clinic);
    byte[] unknownId = good.clone();
    unknownId[4] = 99;

    assertReason(new byte[0], Reason.EMPTY);
    assertReason(new byte[] {1, 0, 0, 0, 1, 2}, Reason.BAD_MAGIC_BYTE);
    assertReason(new byte[] {0, 0, 0}, Reason.TRUNCATED);
    assertReason(Arrays.copyOf(good, good.length - 3), Reason.TRUNCATED);
    assertReason(Arrays.copyOf(good, 5), Reason.TRUNCATED);
    assertReason(unknownId, Reason.UNKNOWN_SCHEMA_ID);
    assertReason(Arrays.copyOf(good, good.length + 1), Reason.UNREADABLE_BODY);
  }

  @Test
  void aBodyThatIsNotTheWriterSchemaIsUnreadable() {
    byte[] good = serializer.serialize(TOPIC, clinic);
    byte[] corrupt = good.clone();
    corrupt[5] = 0x01; // clinicId length -1: a negative length

    assertReason(corrupt, Reason.UNREADABLE_BODY);
  }

  @Test
  void anUnreachableRegistryIsNotABadFrame() throws Exception {
    byte[] good = serializer.serialize(TOPIC, clinic);
    try (var fake = FakeRegistry.start()) {
      fake.otherwise(r -> FakeRegistry.error(500, 50001, "backend down"));
      var d = new AvroDeserializer<Clinic>(http(fake), Clinic.class, Duration.ofMillis(700));

      assertThatThrownBy(() -> d.deserialize(TOPIC, good))
          .isExactlyInstanceOf(SchemaRegistryUnavailableException.class)
          .hasMessageContaining("schema id " + WireFormat.schemaId(good));
      // It waited for the registry, asking again after growing pauses, before giving up.
      assertThat(fake.requests().size()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aRegistryThatComesBackWithinTheWaitOnlyPausesTheRead() throws Exception {
    byte[] good = serializer.serialize(TOPIC, clinic);
    try (var fake = FakeRegistry.start()) {
      String schema = registry.schemaById(WireFormat.schemaId(good)).toString();
      fake.then(FakeRegistry.error(503, 50003, "restarting")).then(FakeRegistry.error(503, 50003, "restarting"))
          .then(FakeRegistry.json(200, "{\"schema\":" + quoted(schema) + "}"));
      var d = new AvroDeserializer<Clinic>(http(fake), Clinic.class);

      assertThat(d.deserialize(TOPIC, good)).isEqualTo(clinic);
      assertThat(fake.requests()).hasSize(3);
    }
  }

  @Test
  void readsFromASliceOfALargerBuffer() {
    byte[] frame = serializer.serialize(TOPIC, clinic);
    byte[] padded = new byte[frame.length + 20];
    System.arraycopy(frame, 0, padded, 7, frame.length);
    ByteBuffer slice = ByteBuffer.wrap(padded, 7, frame.length).slice();

    assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), slice)).isEqualTo(clinic);
    assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), ByteBuffer.allocateDirect(frame.length)
        .put(frame).flip())).isEqualTo(clinic);
  }

  // ---- schema resolution

  @Test
  void anOldWriterIsReadIntoTheCurrentClass() {
    // Clinic before `network` was added.
    Schema v0 = new Schema.Parser().parse("""
        {"type":"record","name":"Clinic","namespace":"org.dnregistry.avro","fields":[
          {"name":"clinicId","type":"string"},{"name":"name","type":"string"},{"name":"state","type":"string"}]}
        """);
    GenericRecord old = new GenericData.Record(v0);
    old.put("clinicId", "clinic-boulder");
    old.put("name", "Flatirons PT");
    old.put("state", "CO");

    byte[] frame = new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, old);
    Clinic read = deserializer.deserialize(TOPIC, frame);

    assertThat(read).isEqualTo(Clinic.newBuilder().setClinicId("clinic-boulder").setName("Flatirons PT")
        .setState("CO").setNetwork(null).build());
  }

  @Test
  void aNewIndicationFromANewerWriterReadsAsTheEnumDefault() {
    String current = Episode.getClassSchema().toString();
    Schema newer = new Schema.Parser().parse(current.replace("\"TMJ_PAIN\",", "\"TMJ_PAIN\",\"CALF_PAIN\","));
    var episode = (Episode) Samples.of(Episode.class);
    GenericRecord record = new GenericData.Record(newer);
    for (Schema.Field f : newer.getFields()) {
      record.put(f.name(), GenericData.get().deepCopy(f.schema(), genericValue(episode, f)));
    }
    record.put("indication", new GenericData.EnumSymbol(newer.getField("indication").schema(), "CALF_PAIN"));
    var episodes = new AvroDeserializer<Episode>(registry, Episode.class);

    Episode read = episodes.deserialize("dn.episodes.v1",
        new AvroSerializer<GenericRecord>(registry, false, true).serialize("dn.episodes.v1", record));

    assertThat(read.getIndication()).isEqualTo(Indication.OTHER);
    assertThat(read.getEpisodeId()).isEqualTo(episode.getEpisodeId());
    assertThat(read.getStartDate()).isEqualTo(episode.getStartDate());
  }

  @Test
  void withoutAClassRecordsAreGenericInTheWritersSchema() {
    var generic = new AvroDeserializer<GenericRecord>(registry, null);

    GenericRecord read = generic.deserialize(TOPIC, serializer.serialize(TOPIC, clinic));

    assertThat(read.getSchema()).isEqualTo(Clinic.getClassSchema());
    assertThat(read.get("name").toString()).isEqualTo(clinic.getName());
  }

  @Test
  void serdeFactoriesRoundTrip() {
    var values = AvroSerdes.specific(Clinic.class, registry);
    var keys = AvroSerdes.specificKey(Clinic.class, registry);

    assertThat(values.deserializer().deserialize(TOPIC, values.serializer().serialize(TOPIC, clinic)))
        .isEqualTo(clinic);
    assertThat(keys.deserializer().deserialize(TOPIC, keys.serializer().serialize(TOPIC, clinic)))
        .isEqualTo(clinic);
    assertThat(registry.latest(TOPIC + "-key").id()).isPositive();
  }

  private void assertReason(byte[] frame, Reason reason) {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, frame))
        .as("frame %s", Arrays.toString(frame))
        .isInstanceOfSatisfying(AvroFrameException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  /** The value of an Episode field as a generic record holds it (raw int for a date, symbols for enums). */
  private static Object genericValue(Episode episode, Schema.Field f) {
    Object v = episode.get(Episode.getClassSchema().getField(f.name()).pos());
    if (v instanceof java.time.LocalDate d) {
      return (int) d.toEpochDay();
    }
    if (v instanceof Enum<?> e) {
      Schema enumSchema = f.schema().getType() == Schema.Type.UNION ? f.schema().getTypes().get(1) : f.schema();
      return new GenericData.EnumSymbol(enumSchema, e.name());
    }
    if (v instanceof List<?> list && f.schema().getType() == Schema.Type.ARRAY) {
      Schema items = f.schema().getElementType();
      return new GenericData.Array<>(f.schema(), list.stream()
          .map(x -> x instanceof Enum<?> e ? new GenericData.EnumSymbol(items, e.name()) : x).toList());
    }
    return v;
  }

  private static HttpSchemaRegistryClient http(FakeRegistry fake) {
    return new HttpSchemaRegistryClient(List.of(URI.create(fake.url())), RegistryCredentials.none(),
        new RetryPolicy(Duration.ofSeconds(5), 0, Duration.ZERO, Duration.ZERO));
  }

  private static String quoted(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
