package org.dnregistry.registry;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Confluent-framed Avro. With a target class the record is resolved from the writer's schema (found by id)
 * to the class's schema, so old and new producers can be read by one consumer; without one, it returns
 * generic records in the writer's schema.
 *
 * <p>A frame that cannot be read throws {@link AvroFrameException}: the record is bad and may be dead-lettered. That
 * includes a frame declaring a string, bytes or collection longer than the record (see {@link FrameDecoder}), which
 * must never become an OutOfMemoryError.
 * A registry that cannot be reached throws {@link SchemaRegistryUnavailableException} instead: the record may be
 * fine, so a consumer must not dead-letter it. Before giving up, a read waits for the registry to come back, with a
 * growing pause, for up to {@code schema.registry.unavailable.max.wait.ms} (8 s by default): a registry restart then
 * only pauses a consumer. The bound stays below Kafka Streams' exactly-once transaction timeout (10 s), so a stream
 * thread waiting here does not get its open transaction aborted under it; a longer outage ends in the exception.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
  private static final Logger LOG = LoggerFactory.getLogger(AvroDeserializer.class);
  private static final long FIRST_PAUSE_MS = 100;
  private static final long MAX_PAUSE_MS = 2_000;

  private SchemaRegistryClient client;
  private Class<? extends SpecificRecord> type;
  private boolean ownsClient;
  private Duration unavailableMaxWait = Duration.ofMillis(AvroSerdeConfig.DEFAULT_UNAVAILABLE_MAX_WAIT_MS);
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<FrameDecoder> decoders = ThreadLocal.withInitial(FrameDecoder::new);

  /** For Kafka's reflective construction: generic records unless {@code specific.avro.value.type} names a class. */
  public AvroDeserializer() {}

  public AvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> type) {
    this.client = client;
    this.type = type;
  }

  /** As above, waiting up to {@code unavailableMaxWait} for an unreachable registry before failing. */
  public AvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> type,
      Duration unavailableMaxWait) {
    this(client, type);
    this.unavailableMaxWait = unavailableMaxWait;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    var config = new AvroSerdeConfig(configs);
    if (type == null) {
      type = config.specificType(isKey);
    }
    config.unavailableMaxWaitIfSet().ifPresent(w -> unavailableMaxWait = w);
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs);
      ownsClient = true;
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : read(topic, data, 0, data.length);
  }

  /** Reads straight from the consumer's buffer when it is on the heap, saving a copy per record. */
  @Override
  public T deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.hasArray()) {
      return read(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return read(topic, copy, 0, copy.length);
  }

  @SuppressWarnings("unchecked")
  private T read(String topic, byte[] data, int offset, int length) {
    if (client == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    int id = WireFormat.schemaId(data, offset, length);
    DatumReader<Object> reader = readerFor(id);
    try {
      FrameDecoder frame = decoders.get();
      int bodyLength = length - WireFormat.HEADER_SIZE;
      BinaryDecoder binary = DecoderFactory.get().binaryDecoder(
          data, offset + WireFormat.HEADER_SIZE, bodyLength, frame.binary());
      // Every declared length is checked against the record's own bytes before anything is allocated for it.
      Object value = reader.read(null, frame.reset(binary, bodyLength, topic, id));
      if (!binary.isEnd()) {
        throw new AvroFrameException(AvroFrameException.Reason.UNREADABLE_BODY,
            "trailing bytes after the record on topic " + topic + " (schema id " + id + ")", null);
      }
      return (T) value;
    } catch (AvroFrameException e) {
      throw e;
    } catch (EOFException e) {
      throw new AvroFrameException(AvroFrameException.Reason.TRUNCATED,
          "record body ends early on topic " + topic + " (schema id " + id + ")", e);
    } catch (Exception e) {
      throw new AvroFrameException(AvroFrameException.Reason.UNREADABLE_BODY,
          "cannot read record on topic " + topic + " with schema id " + id + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private DatumReader<Object> readerFor(int id) {
    DatumReader<Object> reader = readers.get(id);
    if (reader != null) {
      return reader;
    }
    Schema writer = writerSchema(id);
    if (type == null) {
      reader = new GenericDatumReader(writer, writer, GenericData.get());
    } else {
      SpecificData model = SpecificData.getForClass(type);
      reader = new SpecificDatumReader(writer, model.getSchema(type), model);
    }
    DatumReader<Object> previous = readers.putIfAbsent(id, reader);
    return previous == null ? reader : previous;
  }

  /** The writer schema of an id, waiting a while for an unreachable registry (see the class comment). */
  private Schema writerSchema(int id) {
    long deadline = System.nanoTime() + unavailableMaxWait.toNanos();
    long pause = FIRST_PAUSE_MS;
    while (true) {
      try {
        return client.schemaById(id);
      } catch (SchemaNotFoundException e) {
        throw new AvroFrameException(AvroFrameException.Reason.UNKNOWN_SCHEMA_ID,
            "schema id " + id + " is not in the registry", e);
      } catch (SchemaRegistryUnavailableException e) {
        if (System.nanoTime() + pause * 1_000_000 - deadline > 0) {
          throw e;
        }
        LOG.warn("schema registry unavailable while reading schema id {}; waiting {} ms: {}", id, pause,
            e.getMessage());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = Math.min(pause * 2, MAX_PAUSE_MS);
      }
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
