package org.dnregistry.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific or generic Avro records in the Confluent wire format under the TopicNameStrategy
 * ({@code <topic>-value} or {@code <topic>-key}). The schema id is looked up (or registered, when
 * {@code auto.register.schemas} is true) once per subject and schema, then cached.
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
  private SchemaRegistryClient client;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean ownsClient;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

  private record SubjectSchema(String subject, Schema schema) {}

  /** For Kafka's reflective construction; {@link #configure} then builds the client from the config. */
  public AvroSerializer() {}

  public AvroSerializer(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
    this.client = client;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    var config = new AvroSerdeConfig(configs);
    this.autoRegister = config.autoRegister();
    if (client == null) {
      this.client = SchemaRegistryClients.fromConfig(configs);
      this.ownsClient = true;
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = data.getSchema();
    String subject = topic + (isKey ? "-key" : "-value");
    int id = ids.computeIfAbsent(new SubjectSchema(subject, schema), this::schemaId);
    try {
      var out = new ByteArrayOutputStream(128);
      out.write(WireFormat.MAGIC_BYTE);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
      encoders.set(encoder);
      writers.computeIfAbsent(schema, s -> writerFor(data)).write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + schema.getFullName() + " to topic " + topic + ": "
          + e.getMessage(), e);
    }
  }

  private int schemaId(SubjectSchema key) {
    if (autoRegister) {
      return client.register(key.subject(), key.schema());
    }
    return client.lookup(key.subject(), key.schema()).orElseThrow(() -> new SerializationException(
        "schema " + key.schema().getFullName() + " is not registered under subject " + key.subject()
            + " and auto.register.schemas is false"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static DatumWriter<Object> writerFor(GenericContainer data) {
    Schema schema = data.getSchema();
    if (data instanceof SpecificRecord) {
      // The class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
      return new SpecificDatumWriter(schema, SpecificData.getForClass(data.getClass()));
    }
    return new GenericDatumWriter(schema, GenericData.get());
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
