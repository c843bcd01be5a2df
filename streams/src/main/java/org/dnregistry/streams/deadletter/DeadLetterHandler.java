package org.dnregistry.streams.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.registry.AvroFrameException;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the pipeline cannot use to the dead-letter topic and carries on (Kafka Streams' dead-letter support,
 * KIP-1034), and nothing else.
 *
 * <p>Dead-lettered: records that cannot be decoded ({@link AvroFrameException}, typed so by the deserializer: not
 * Avro, unknown schema id, truncated, a length longer than the record) and records with impossible values
 * ({@link InvalidFactException}). Not dead-lettered: a deserialization that failed because the schema registry could
 * not answer ({@link org.dnregistry.registry.SchemaRegistryUnavailableException}, after the deserializer waited for it)
 * or refused us, or any other error. Such a record may well be valid, and a dead letter would skip it for good: the
 * handler fails instead, the stream thread stops before committing past it, and the record is read again once the
 * thread is replaced or the application restarts. Any other processing error is a bug, and stops the application
 * rather than silently losing facts.
 *
 * <p>The DeadLetter holds the original key and value bytes, where they came from and why, except for the values of
 * topics whose records carry patient data (a {@code patientPseudonym} or {@code patientId} field: the episodes).
 * Those values are withheld: a direct Avro producer may have put a clear patient id where the pseudonym belongs, and
 * an undecodable value cannot be checked or re-encoded without that field. The letter keeps the key, the reason and
 * the source topic, partition and offset, which is enough to find the original and fix it at its producer, and the
 * dead-letter topic, read by operators, never holds patient data.
 *
 * <p>Configured by Kafka Streams: the schema registry client is the instance under {@link #CLIENT_CONFIG} when
 * given (tests, an application that already holds one), otherwise built from {@code schema.registry.*}.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  /** Config key holding a ready {@link SchemaRegistryClient} instance. */
  public static final String CLIENT_CONFIG = "dnregistry.dead.letter.schema.registry.client";
  /** The start of the reason of a letter whose value was withheld. */
  public static final String VALUE_WITHHELD = "value withheld (patient data)";
  /** Topics whose values carry patient data, found from their schemas so a new one cannot be forgotten. */
  static final Set<String> PATIENT_DATA_TOPICS = Topics.ALL.stream()
      .filter(t -> t.valueSchema().getField("patientPseudonym") != null || t.valueSchema().getField("patientId") != null)
      .map(t -> t.name())
      .collect(Collectors.toUnmodifiableSet());
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
  private Serializer<DeadLetter> serializer;

  @Override
  public void configure(Map<String, ?> configs) {
    Object client = configs.get(CLIENT_CONFIG);
    var registry = client instanceof SchemaRegistryClient c ? c : SchemaRegistryClients.fromConfig(configs);
    serializer = new AvroSerializer<>(registry, false, true);
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof AvroFrameException)) {
      LOG.error("record {}-{}@{} could not be read, and is not the record's fault ({}: {}); NOT dead-lettering it:"
          + " the stream thread stops and the record is read again when it is replaced or restarted",
          context.topic(), context.partition(), context.offset(), exception.getClass().getSimpleName(),
          exception.getMessage());
      return DeserializationExceptionHandler.Response.fail();
    }
    LOG.warn("dead-lettering an unreadable record from {}-{}@{}: {}", context.topic(), context.partition(),
        context.offset(), exception.getMessage());
    return DeserializationExceptionHandler.Response.resume(
        deadLetter(context, record.key(), record.value(), exception));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    if (!(exception instanceof InvalidFactException)) {
      return ProcessingExceptionHandler.Response.fail();
    }
    LOG.warn("dead-lettering a record from {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
        exception.getMessage());
    return ProcessingExceptionHandler.Response.resume(
        deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
      Exception exception) {
    String source = context.topic() == null ? "" : context.topic();
    boolean withheld = value != null && PATIENT_DATA_TOPICS.contains(source);
    String reason = String.valueOf(exception.getMessage());
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(source)
        .setPartition(context.partition())
        .setOffset(context.offset())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null || withheld ? null : ByteBuffer.wrap(value))
        .setReason(withheld ? VALUE_WITHHELD + ": the original is at " + source + "-" + context.partition() + "@"
            + context.offset() + "; " + reason : reason)
        .setErrorClass(exception.getClass().getName())
        .setFailedAt(Instant.now())
        .build();
    String topic = Topics.DEAD_LETTER.name();
    return List.of(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter)));
  }
}
