package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Session;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes the serializer writes, checked against bytes computed by hand from the Avro specification
 * (strings and bytes: zig-zag varint length then UTF-8; int and long: zig-zag varint; double: 8 bytes
 * little-endian IEEE 754; union: zig-zag branch index then the value; enum: zig-zag symbol index; array: blocks
 * of a zig-zag count then the items, closed by a 0 count) and against Avro's own writer for every topic type.
 */
class AvroWireFormatTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replace(" ", ""));
  }

  @Test
  void clinicBytesAreTheHandComputedConfluentFrame() {
    var clinic = Clinic.newBuilder().setClinicId("c1").setName("Café").setState("CO").setNetwork("north").build();

    byte[] frame = new AvroSerializer<Clinic>(new FixedIdRegistry(), false, true).serialize("dn.clinics.v1", clinic);

    assertThat(HEX.formatHex(frame)).isEqualTo(HEX.formatHex(hex(
        "00 0000002a"          // magic byte, schema id 42 big-endian
            + " 04 6331"       // clinicId "c1": length 2 -> zig-zag 4
            + " 0a 436166c3a9" // name "Café": 5 UTF-8 bytes (é is C3 A9) -> zig-zag 10
            + " 04 434f"       // state "CO"
            + " 02 0a 6e6f727468"))); // network: union branch 1 (string), "north"
  }

  @Test
  void aNullUnionIsBranchZeroAndALongStringHasATwoByteLength() {
    String name = "a".repeat(64);
    var clinic = Clinic.newBuilder().setClinicId("c1").setName(name).setState("CO").setNetwork(null).build();

    byte[] frame = new AvroSerializer<Clinic>(new FixedIdRegistry(), false, true).serialize("dn.clinics.v1", clinic);

    // Length 64 -> zig-zag 128 -> varint 0x80 0x01.
    assertThat(HEX.formatHex(frame)).isEqualTo(
        "000000002a" + "046331" + "8001" + "61".repeat(64) + "04434f" + "00");
  }

  @Test
  void sessionBytesAreTheHandComputedConfluentFrame() {
    var session = Session.newBuilder().setSessionId("s1").setEpisodeId("e1").setClinicId("c1").setPractitionerId("p1")
        .setOccurredAt(Instant.ofEpochMilli(1000)).setModality(Modality.MANUAL_THERAPY).setNeedleCount(3)
        .setNeedleDiameterMm(0.25).setNeedleLengthMm(null).setDurationMinutes(30).setUltrasoundGuided(true)
        .setTwitchResponse(false).setRegions(List.of("neck"))
        .setCointerventions(List.of(Cointervention.EXERCISE, Cointervention.TENS)).build();

    byte[] frame = new AvroSerializer<Session>(new FixedIdRegistry(), false, true).serialize("dn.sessions.v1", session);

    assertThat(HEX.formatHex(frame)).isEqualTo(HEX.formatHex(hex(
        "00 0000002a"
            + " 04 7331 04 6531 04 6331 04 7031" // sessionId, episodeId, clinicId, practitionerId
            + " d00f"                  // occurredAt 1000 ms -> zig-zag 2000 -> varint D0 0F
            + " 02"                    // modality MANUAL_THERAPY: symbol 1 -> zig-zag 2
            + " 02 06"                 // needleCount: branch 1, int 3 -> zig-zag 6
            + " 02 000000000000d03f"   // needleDiameterMm: branch 1, 0.25 little-endian
            + " 00"                    // needleLengthMm: null
            + " 02 3c"                 // durationMinutes: branch 1, 30 -> zig-zag 60
            + " 02 01"                 // ultrasoundGuided: true
            + " 02 00"                 // twitchResponse: false
            + " 02 08 6e65636b 00"     // regions: one item "neck", end of blocks
            + " 04 00 04 00")));       // cointerventions: two items, EXERCISE (0) and TENS (2 -> zig-zag 4)
  }

  @Test
  void episodeBytesAreTheHandComputedConfluentFrame() {
    var episode = Episode.newBuilder().setEpisodeId("e1").setClinicId("c1").setPatientPseudonym("ab")
        .setIndication(Indication.NECK_PAIN).setChronicity(Chronicity.CHRONIC)
        .setStartDate(LocalDate.of(2024, 1, 15)).setEtiology(Etiology.MYOFASCIAL).setPriorCare(List.of())
        .setContraindications(List.of(Contraindication.PREGNANCY)).setPlannedSessions(24).build();

    byte[] frame = new AvroSerializer<Episode>(new FixedIdRegistry(), false, true).serialize("dn.episodes.v1", episode);

    assertThat(HEX.formatHex(frame)).isEqualTo(HEX.formatHex(hex(
        "00 0000002a"
            + " 04 6531 04 6331 04 6162" // episodeId, clinicId, patientPseudonym
            + " 04"       // indication NECK_PAIN: symbol 2
            + " 04"       // chronicity CHRONIC: symbol 2
            + " b2b402"   // startDate 2024-01-15 = day 19737 -> zig-zag 39474 -> varint B2 B4 02
            + " 02 00"    // etiology: branch 1, MYOFASCIAL (0)
            + " 00"       // priorCare: empty array
            + " 02 04 00" // contraindications: one item, PREGNANCY (2 -> zig-zag 4)
            + " 30")));   // plannedSessions 24 -> zig-zag 48
  }

  static Stream<Class<? extends SpecificRecord>> topicTypes() {
    return Topics.ALL.stream().<Class<? extends SpecificRecord>>map(TopicSpec::valueType);
  }

  @ParameterizedTest
  @MethodSource("topicTypes")
  void bodyIsExactlyWhatAvrosOwnWriterProducesAndReadsBack(Class<? extends SpecificRecord> type)
      throws IOException {
    SpecificRecord sample = Samples.of(type);
    var registry = new InMemorySchemaRegistryClient();
    var serializer = new AvroSerializer<SpecificRecord>(registry, false, true);
    var deserializer = new AvroDeserializer<SpecificRecord>(registry, type);

    byte[] frame = serializer.serialize("topic", sample);

    int id = registry.lookup("topic-value", sample.getSchema()).orElseThrow();
    assertThat(Arrays.copyOfRange(frame, 0, 5))
        .containsExactly(0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id);
    assertThat(Arrays.copyOfRange(frame, 5, frame.length)).isEqualTo(avroBinary(sample));
    assertThat(deserializer.deserialize("topic", frame)).isEqualTo(sample);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] avroBinary(SpecificRecord record) throws IOException {
    var out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter(record.getSchema(), SpecificData.getForClass(record.getClass())).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void everyTopicTypeHasASample() {
    assertThat(topicTypes()).allSatisfy(type -> assertThat(Samples.of(type)).isInstanceOf(type));
  }
}
