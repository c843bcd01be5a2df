package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.registry.AvroFrameException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Crafted frames whose length prefixes declare far more than the record holds: each must be a typed
 * {@link AvroFrameException} (a dead letter), never an allocation of what the prefix declares (an OutOfMemoryError
 * for an array of 2^31 items, 2 GB of heap for a string).
 */
class FrameLimitsTest {
  static final long HUGE = Integer.MAX_VALUE - 8;
  static final Schema LISTS = new Schema.Parser().parse("""
      {"type": "record", "name": "Lists", "namespace": "test", "fields": [
        {"name": "items", "type": {"type": "array", "items": "string"}},
        {"name": "labels", "type": {"type": "map", "values": "string"}}]}""");

  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

  /** A Confluent frame: magic byte, the schema id, then whatever {@code body} encodes. */
  static byte[] frame(int id, Body body) throws IOException {
    var out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    body.write(e);
    e.flush();
    return out.toByteArray();
  }

  interface Body {
    void write(BinaryEncoder e) throws IOException;
  }

  static void assertOversized(AvroDeserializer<?> d, String topic, byte[] frame, String what) {
    assertThatThrownBy(() -> d.deserialize(topic, frame))
        .isInstanceOfSatisfying(AvroFrameException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
          assertThat(e.getMessage()).contains(what).contains("on topic " + topic);
        });
  }

  @Test
  void aStringLongerThanTheRecordIsRefusedBeforeAllocating() throws IOException {
    int id = registry.register("dn.clinics.v1-value", Clinic.getClassSchema());
    var d = new AvroDeserializer<Clinic>(registry, Clinic.class);
    // clinicId declares 2^31 - 9 bytes; the record holds 3.
    assertOversized(d, "dn.clinics.v1", frame(id, e -> {
      e.writeLong(HUGE);
      e.writeFixed(new byte[] {'a', 'b', 'c'});
    }), "a string declares 2147483639 bytes but only 3 are left");
  }

  @Test
  void bytesLongerThanTheRecordAreRefused() throws IOException {
    int id = registry.register("dn.dead-letter.v1-value", DeadLetter.getClassSchema());
    var d = new AvroDeserializer<DeadLetter>(registry, DeadLetter.class);
    assertOversized(d, "dn.dead-letter.v1", frame(id, e -> {
      e.writeString("dn.sessions.v1");
      e.writeInt(0);
      e.writeLong(7);
      e.writeIndex(1); // key: the bytes branch of the union
      e.writeLong(HUGE);
    }), "a bytes value declares 2147483639 bytes");
  }

  @Test
  void anArrayOrMapOfMoreItemsThanTheRecordHasBytesIsRefused() throws IOException {
    int id = registry.register("test-value", LISTS);
    var d = new AvroDeserializer<GenericRecord>(registry, null);
    assertOversized(d, "test", frame(id, e -> e.writeLong(HUGE)), "an array or map declares 2147483639");
    // Over several blocks: each block is small, together they declare more than the record can hold.
    assertOversized(d, "test", frame(id, e -> {
      for (int block = 0; block < 6; block++) {
        e.writeLong(3);
        e.writeString("a");
        e.writeString("b");
        e.writeString("c");
      }
      e.writeLong(0);
      e.writeLong(HUGE);
    }), "an array or map declares");
  }

  @Test
  void recordsUpToTheLimitStillRead() throws IOException {
    int id = registry.register("test-value", LISTS);
    var d = new AvroDeserializer<GenericRecord>(registry, null);
    GenericRecord r = d.deserialize("test", frame(id, e -> {
      e.writeArrayStart();
      e.setItemCount(2);
      e.startItem();
      e.writeString("x".repeat(300));
      e.startItem();
      e.writeString("");
      e.writeArrayEnd();
      e.writeMapStart();
      e.setItemCount(1);
      e.startItem();
      e.writeString("k");
      e.writeString("v");
      e.writeMapEnd();
    }));
    assertThat(r.get("items").toString()).isEqualTo("[" + "x".repeat(300) + ", ]");
    assertThat(r.get("labels").toString()).isEqualTo("{k=v}");

    var letter = DeadLetter.newBuilder().setSourceTopic("t").setPartition(0).setOffset(1)
        .setKey(ByteBuffer.wrap(new byte[] {1, 2})).setValue(ByteBuffer.wrap(new byte[1000])).setReason("r")
        .setErrorClass("c").setFailedAt(Instant.ofEpochMilli(5)).build();
    var s = new AvroSerializer<DeadLetter>(registry, false, true);
    var read = new AvroDeserializer<DeadLetter>(registry, DeadLetter.class).deserialize("dl", s.serialize("dl", letter));
    assertThat(read).isEqualTo(letter);
    assertThat(GenericData.get().validate(LISTS, r)).isTrue();
  }
}
