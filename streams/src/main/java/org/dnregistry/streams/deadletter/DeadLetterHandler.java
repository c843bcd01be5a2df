package org.dnregistry.streams.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the pipeline cannot use to the dead-letter topic and carries on (Kafka Streams' dead-letter support,
 * KIP-1034): records that cannot be deserialized (an {@link org.dnregistry.registry.AvroFrameException}: not Avro,
 * unknown schema id, truncated) and records with impossible values ({@link InvalidFactException}). The DeadLetter
 * holds the original key and value bytes, where they came from and why. Any other processing error is a bug, and
 * stops the application rather than silently losing facts.
 *
 * <p>Configured by Kafka Streams: the schema registry client is the instance under {@link #CLIENT_CONFIG} when
 * given (tests, an application that already holds one), otherwise built from {@code schema.registry.*}.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
  /** Config key holding a ready {@link SchemaRegistryClient} instance. */
  public static final String CLIENT_CONFIG = "dnregistry.dead.letter.schema.registry.client";
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
    DeadLetter letter = DeadLetter.newBuilder()
        .setSourceTopic(context.topic() == null ? "" : context.topic())
        .setPartition(context.partition())
        .setOffset(context.offset())
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReason(String.valueOf(exception.getMessage()))
        .setErrorClass(exception.getClass().getName())
        .setFailedAt(Instant.now())
        .build();
    String topic = Topics.DEAD_LETTER.name();
    return List.of(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter)));
  }
}
