package org.dnregistry.streams.intake;

import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.dnregistry.streams.topology.SerdeFactory;

/**
 * Facts on the internal topic that moves them between tasks: one byte for the kind, one for present or retracted,
 * then the value exactly as on its input topic (Confluent wire format under the input topic's subject, so no
 * schema of its own is registered).
 */
public final class FactSerde implements Serde<Fact> {
  private static final Fact.Kind[] KINDS = Fact.Kind.values();
  private static final int RETRACTED = 0;
  private static final int PRESENT = 1;
  private final Serializer<SpecificRecord>[] serializers;
  private final Deserializer<SpecificRecord>[] deserializers;

  @SuppressWarnings("unchecked")
  public FactSerde(SerdeFactory serdes) {
    serializers = new Serializer[KINDS.length];
    deserializers = new Deserializer[KINDS.length];
    for (Fact.Kind kind : KINDS) {
      Serde<SpecificRecord> avro = (Serde<SpecificRecord>) serdes.avro(kind.topic().valueType());
      serializers[kind.ordinal()] = avro.serializer();
      deserializers[kind.ordinal()] = avro.deserializer();
    }
  }

  @Override
  public Serializer<Fact> serializer() {
    return (topic, fact) -> {
      if (fact == null) {
        return null;
      }
      if (fact.retraction()) {
        return new byte[] {(byte) fact.kind().ordinal(), RETRACTED};
      }
      byte[] avro = serializers[fact.kind().ordinal()].serialize(fact.kind().topic().name(), fact.value());
      byte[] out = new byte[avro.length + 2];
      out[0] = (byte) fact.kind().ordinal();
      out[1] = PRESENT;
      System.arraycopy(avro, 0, out, 2, avro.length);
      return out;
    };
  }

  @Override
  public Deserializer<Fact> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length < 2 || bytes[0] < 0 || bytes[0] >= KINDS.length) {
        throw new IllegalStateException("not a moved fact: " + bytes.length + " bytes");
      }
      Fact.Kind kind = KINDS[bytes[0]];
      if (bytes[1] == RETRACTED) {
        return new Fact(kind, null);
      }
      byte[] avro = Arrays.copyOfRange(bytes, 2, bytes.length);
      SpecificRecord value = deserializers[kind.ordinal()].deserialize(kind.topic().name(), avro);
      return new Fact(kind, value);
    };
  }
}
