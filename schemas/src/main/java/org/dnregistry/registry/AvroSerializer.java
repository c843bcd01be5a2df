package org.dnregistry.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * {@code auto.register.schemas} is true) once per subject and schema, then cached: a warm serializer makes no
 * registry call. Registry failures surface as {@link SerializationException} with the
 * {@link SchemaRegistryException} as cause, as Kafka's producer expects of a serializer.
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
  /** A thread keeps its output buffer between records unless one record made it larger than this. */
  private static final int MAX_RETAINED_BUFFER = 64 * 1024;

  private SchemaRegistryClient client;
  private boolean isKey;
  private boolean autoRegister = true;
  private boolean ownsClient;
  // topic -> schema -> id: two lookups without allocating a key per record.
  private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
  // Specific and generic records of one schema need different writers: only the specific one converts
  // logical types (Instant, LocalDate); a generic record holds the raw long and int.
  private final Map<Class<?>, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
  private final ThreadLocal<Frame> frames = ThreadLocal.withInitial(Frame::new);

  /** A per-thread output buffer with an encoder bound to it, reused across records. */
  private static final class Frame extends ByteArrayOutputStream {
    BinaryEncoder encoder;

    Frame() {
      super(256);
    }
  }

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
    // Only an explicit setting overrides what the constructor was given.
    new AvroSerdeConfig(configs).autoRegisterIfSet().ifPresent(v -> this.autoRegister = v);
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
    int id = schemaId(topic, schema);
    Frame frame = frames.get();
    try {
      frame.reset();
      frame.write(WireFormat.MAGIC_BYTE);
      frame.write(id >>> 24);
      frame.write(id >>> 16);
      frame.write(id >>> 8);
      frame.write(id);
      if (frame.encoder == null) {
        frame.encoder = EncoderFactory.get().binaryEncoder(frame, null);
      }
      writerFor(data).write(data, frame.encoder);
      frame.encoder.flush();
      return frame.toByteArray();
    } catch (IOException | RuntimeException e) {
      // The encoder may hold half a record in its buffer: never reuse it.
      frames.remove();
      throw new SerializationException("cannot write " + schema.getFullName() + " to topic " + topic + ": "
          + e.getMessage(), e);
    } finally {
      if (frame.size() > MAX_RETAINED_BUFFER) {
        frames.remove();
      }
    }
  }

  /** The subject of a topic under the TopicNameStrategy. */
  public String subject(String topic) {
    return topic + (isKey ? "-key" : "-value");
  }

  private int schemaId(String topic, Schema schema) {
    Map<Schema, Integer> ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    Integer id = ids.get(schema);
    if (id != null) {
      return id;
    }
    String subject = subject(topic);
    try {
      id = autoRegister
          ? client.register(subject, schema)
          : client.lookup(subject, schema).orElseThrow(() -> new SerializationException(
              "schema " + schema.getFullName() + " is not registered under subject " + subject
                  + " and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false"));
    } catch (SchemaRegistryException e) {
      throw new SerializationException("cannot " + (autoRegister ? "register" : "look up") + " schema "
          + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
    }
    ids.putIfAbsent(schema, id);
    return id;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private DatumWriter<Object> writerFor(T data) {
    if (data instanceof SpecificRecord) {
      Class<?> type = data.getClass();
      DatumWriter<Object> writer = specificWriters.get(type);
      if (writer == null) {
        // The class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
        writer = new SpecificDatumWriter(data.getSchema(), SpecificData.getForClass(type));
        specificWriters.putIfAbsent(type, writer);
      }
      return writer;
    }
    return genericWriters.computeIfAbsent(data.getSchema(), s -> new GenericDatumWriter(s, GenericData.get()));
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
