package org.dnregistry.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroFrameException;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryException;
import org.dnregistry.registry.SchemaRegistryUnavailableException;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is dead-lettered and what is not, and what a letter may hold. */
class DeadLetterHandlerTest {
  static final byte[] KEY = "C1|E1".getBytes(StandardCharsets.UTF_8);
  /** A value that names a patient in clear, as a misbehaving direct producer could write it. */
  static final byte[] VALUE = "{\"patientPseudonym\": \"MRN00427731\"}".getBytes(StandardCharsets.UTF_8);

  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  final DeadLetterHandler handler = new DeadLetterHandler();

  @BeforeEach
  void configure() {
    handler.configure(Map.of(DeadLetterHandler.CLIENT_CONFIG, registry));
  }

  /** The context of a record read from {@code topic}, partition 2, offset 41. */
  record Context(String topic) implements ErrorHandlerContext {
    @Override
    public int partition() {
      return 2;
    }

    @Override
    public long offset() {
      return 41;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return "source";
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 2);
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public byte[] sourceRawKey() {
      return KEY;
    }

    @Override
    public byte[] sourceRawValue() {
      return VALUE;
    }
  }

  static ConsumerRecord<byte[], byte[]> record(String topic) {
    return new ConsumerRecord<>(topic, 2, 41, KEY, VALUE);
  }

  DeadLetter letter(java.util.List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
    assertThat(records).hasSize(1);
    assertThat(records.get(0).topic()).isEqualTo(Topics.DEAD_LETTER.name());
    assertThat(records.get(0).key()).isEqualTo(KEY);
    return new AvroDeserializer<DeadLetter>(registry, DeadLetter.class)
        .deserialize(Topics.DEAD_LETTER.name(), records.get(0).value());
  }

  @Test
  void anUnreachableRegistryIsNeverADeadLetterTheThreadFailsInstead() {
    for (Exception registryTrouble : new Exception[] {
        new SchemaRegistryUnavailableException("fetch schema id 7 failed after 4 attempts: cannot connect", 0, 0,
            null),
        new SchemaRegistryException("fetch schema id 7: authentication failed (HTTP 401)", 401, 0),
        new org.apache.kafka.common.errors.SerializationException("something else")}) {
      var response = handler.handleError(new Context(Topics.SESSIONS.name()), record(Topics.SESSIONS.name()),
          registryTrouble);

      assertThat(response.result()).as(registryTrouble.toString())
          .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
      assertThat(response.deadLetterQueueRecords()).as(registryTrouble.toString()).isEmpty();
    }
  }

  @Test
  void anUndecodableRecordIsADeadLetterWithItsBytes() {
    var response = handler.handleError(new Context(Topics.SESSIONS.name()), record(Topics.SESSIONS.name()),
        new AvroFrameException(AvroFrameException.Reason.BAD_MAGIC_BYTE, "first byte is 123", null));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    DeadLetter letter = letter(response.deadLetterQueueRecords());
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.SESSIONS.name());
    assertThat(letter.getPartition()).isEqualTo(2);
    assertThat(letter.getOffset()).isEqualTo(41);
    assertThat(letter.getValue().array()).isEqualTo(VALUE);
    assertThat(letter.getReason()).contains("BAD_MAGIC_BYTE");
  }

  @Test
  void anEpisodesValueIsWithheldWhateverWentWrong() {
    assertThat(DeadLetterHandler.PATIENT_DATA_TOPICS).containsExactly(Topics.EPISODES.name());
    String episodes = Topics.EPISODES.name();

    var unreadable = handler.handleError(new Context(episodes), record(episodes),
        new AvroFrameException(AvroFrameException.Reason.UNREADABLE_BODY, "cannot read", null));
    var invalid = handler.handleError(new Context(episodes), new Record<>("C1|E1", "decoded", 0L),
        new InvalidFactException(episodes, "startDate 0001-01-01 is outside 1900-01-01..9999-12-31"));

    assertThat(invalid.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    for (DeadLetter letter : new DeadLetter[] {letter(unreadable.deadLetterQueueRecords()),
        letter(invalid.deadLetterQueueRecords())}) {
      assertThat(letter.getValue()).isNull();
      assertThat(letter.toString()).doesNotContain("MRN00427731");
      assertThat(letter.getReason()).startsWith(DeadLetterHandler.VALUE_WITHHELD)
          .contains("the original is at " + episodes + "-2@41");
      assertThat(letter.getKey().array()).isEqualTo(KEY);
    }
  }

  @Test
  void aProcessingErrorThatIsNoInvalidFactStopsTheApplication() {
    var response = handler.handleError(new Context(Topics.SESSIONS.name()), new Record<>("k", "v", 0L),
        new IllegalStateException("a bug"));
    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }
}
