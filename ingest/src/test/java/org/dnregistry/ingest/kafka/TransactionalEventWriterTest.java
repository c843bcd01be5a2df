package org.dnregistry.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.Clinic;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionalEventWriterTest {
  static final TransactionalEventWriter.Options FAST = new TransactionalEventWriter.Options(
      64, 10_000, 1_000, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));

  /** A MockProducer whose commit can be held, to let requests pile up behind a running transaction. */
  static class HeldProducer extends MockProducer<String, SpecificRecord> {
    final CountDownLatch release;
    final CountDownLatch committing = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger aborts = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void abortTransaction() {
      aborts.incrementAndGet();
      super.abortTransaction();
    }

    HeldProducer(CountDownLatch release) {
      this(release, null);
    }

    HeldProducer(CountDownLatch release, org.apache.kafka.common.serialization.Serializer<SpecificRecord> values) {
      super(true, null, new StringSerializer(), values != null ? values
          : new AvroSerializer<SpecificRecord>(new InMemorySchemaRegistryClient(), false, true));
      this.release = release;
    }

    @Override
    public void commitTransaction() {
      committing.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.commitTransaction();
    }
  }

  final List<MockProducer<String, SpecificRecord>> created = new CopyOnWriteArrayList<>();
  final List<Supplier<MockProducer<String, SpecificRecord>>> plan = new ArrayList<>();
  TransactionalEventWriter writer;

  static MockProducer<String, SpecificRecord> mock() {
    return new MockProducer<>(true, null, new StringSerializer(),
        new AvroSerializer<SpecificRecord>(new InMemorySchemaRegistryClient(), false, true));
  }

  /** The producers the writer gets, in order; the last one is repeated. */
  Supplier<Producer<String, SpecificRecord>> producers() {
    return () -> {
      var next = plan.size() > 1 ? plan.remove(0) : plan.get(0);
      var p = next.get();
      created.add(p);
      return p;
    };
  }

  TransactionalEventWriter start(TransactionalEventWriter.Options options) {
    writer = new TransactionalEventWriter(producers(), options, new SimpleMeterRegistry());
    return writer;
  }

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  static Fact clinic(String id) {
    return new Fact(EventType.CLINIC, id,
        Clinic.newBuilder().setClinicId(id).setName("n").setState("CO").build(), null);
  }

  static List<Fact> clinics(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> clinic(prefix + i)).toList();
  }

  static WriteUnavailableException failure(CompletableFuture<Void> f) {
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return (WriteUnavailableException) f.handle((v, e) -> e).join();
  }

  static void await(CompletableFuture<Void> f) throws Exception {
    f.get(10, TimeUnit.SECONDS);
  }

  void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aRequestIsCommittedInOneTransactionInOrder() throws Exception {
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    await(writer.write(clinics("C", 5)));
    var p = created.get(0);
    assertThat(p.transactionCommitted()).isTrue();
    assertThat(p.commitCount()).isEqualTo(1);
    assertThat(p.history()).extracting(ProducerRecord::key).containsExactly("C0", "C1", "C2", "C3", "C4");
    assertThat(p.history()).extracting(ProducerRecord::topic).containsOnly(Topics.CLINICS.name());
  }

  @Test
  void aTombstoneIsWrittenAsANullValue() throws Exception {
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    await(writer.write(List.of(new Fact(EventType.CLINIC, "C1", null, null))));
    assertThat(created.get(0).history()).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("C1");
      assertThat(r.value()).isNull();
    });
  }

  @Test
  void requestsQueuedDuringATransactionShareTheNextOne() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release);
    plan.add(() -> held);
    start(FAST);
    var first = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    var queued = IntStream.range(0, 20).mapToObj(i -> writer.write(clinics("B" + i + "-", 3))).toList();
    release.countDown();
    await(first);
    for (var f : queued) {
      await(f);
    }
    assertThat(held.history()).hasSize(61);
    // 21 requests in 2 transactions: the 20 that waited were group-committed together.
    assertThat(held.commitCount()).isEqualTo(2);
  }

  @Test
  void aBatchNeverSplitsARequestAndABigRequestStillGoesAlone() throws Exception {
    plan.add(TransactionalEventWriterTest::mock);
    start(new TransactionalEventWriter.Options(64, 10_000, 10, Duration.ZERO, Duration.ofMillis(100),
        Duration.ofMillis(400), Duration.ofSeconds(2)));
    await(writer.write(clinics("BIG", 25)));
    assertThat(created.get(0).history()).hasSize(25);
    assertThat(created.get(0).commitCount()).isEqualTo(1);
  }

  @Test
  void aFailedCommitAbortsAndAnswersEveryRequestOfTheBatchWith503() throws Exception {
    var p = mock();
    p.commitTransactionException = new KafkaException("broker said no");
    plan.add(() -> p);
    start(FAST);
    WriteUnavailableException e = failure(writer.write(clinics("C", 3)));
    assertThat(e.reason()).isEqualTo(WriteUnavailableException.Reason.KAFKA_UNAVAILABLE);
    assertThat(e.retryAfterSeconds()).isGreaterThanOrEqualTo(1);
    assertThat(e.getMessage()).contains("nothing was written");
    assertThat(p.transactionAborted()).isTrue();
    assertThat(p.history()).isEmpty();
  }

  @Test
  void duringTheBackoffRequestsAreRefusedAtOnceThenTheWriterRecovers() throws Exception {
    var p = mock();
    p.commitTransactionException = new KafkaException("broker said no");
    plan.add(() -> p);
    start(FAST);
    failure(writer.write(clinics("C", 1)));
    assertThat(writer.ready()).isFalse();
    long start = System.nanoTime();
    failure(writer.write(clinics("D", 1)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    p.commitTransactionException = null;
    eventually(writer::ready);
    await(writer.write(clinics("E", 2)));
    assertThat(p.history()).extracting(ProducerRecord::key).containsExactly("E0", "E1");
  }

  @Test
  void aCommitTimeoutReplacesTheProducerWhichFencesTheOldTransaction() throws Exception {
    var first = mock();
    first.commitTransactionException = new TimeoutException("commit timed out");
    plan.add(() -> first);
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    failure(writer.write(clinics("C", 1)));
    assertThat(first.closed()).isTrue();
    eventually(() -> created.size() == 2 && writer.ready());
    await(writer.write(clinics("D", 1)));
    assertThat(created.get(1).transactionInitialized()).isTrue();
    assertThat(created.get(1).history()).extracting(ProducerRecord::key).containsExactly("D0");
  }

  @Test
  void aFencedProducerIsReplaced() throws Exception {
    var first = mock();
    plan.add(() -> first);
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    await(writer.write(clinics("A", 1)));
    first.fenceProducer();
    failure(writer.write(clinics("B", 1)));
    eventually(() -> created.size() == 2);
    eventually(writer::ready);
    await(writer.write(clinics("C", 1)));
    assertThat(created.get(1).history()).extracting(ProducerRecord::key).containsExactly("C0");
  }

  @Test
  void aFailedSendAbortsTheWholeRequest() throws Exception {
    var p = mock();
    plan.add(() -> p);
    start(FAST);
    p.sendException = new KafkaException("record too large");
    failure(writer.write(clinics("C", 3)));
    assertThat(p.history()).isEmpty();
    assertThat(p.transactionAborted()).isTrue();
  }

  /** A value serializer that cannot write one particular clinic: a stand-in for any record-specific failure. */
  static final class RefusingSerializer implements org.apache.kafka.common.serialization.Serializer<SpecificRecord> {
    final AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(new InMemorySchemaRegistryClient(), false, true);

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
      if (data instanceof Clinic c && c.getClinicId().equals("BAD")) {
        throw new org.apache.kafka.common.errors.SerializationException("cannot write this clinic");
      }
      return avro.serialize(topic, data);
    }
  }

  @Test
  void aRequestWhoseRecordCannotBeSerializedFailsAloneAndItsBatchIsWrittenWithoutIt() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release, new RefusingSerializer());
    plan.add(() -> held);
    start(FAST);
    var first = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    // Three requests queue behind the running transaction and share the next one; the middle one cannot be written.
    var before = writer.write(clinics("B", 2));
    var bad = writer.write(List.of(clinic("X1"), clinic("BAD"), clinic("X2")));
    var after = writer.write(clinics("C", 2));
    release.countDown();
    await(first);
    await(before);
    await(after);
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(FactsRejectedException.class)
        .hasMessageContaining("cannot write this clinic").hasMessageContaining("nothing of this request");
    // The shared transaction was aborted (X1 had entered it) and the others written again in a new one.
    assertThat(held.aborts.get()).isEqualTo(1);
    assertThat(committedKeys(held)).containsExactly("A0", "B0", "B1", "C0", "C1");
    assertThat(writer.ready()).isTrue();
  }

  @Test
  void aRecordKafkaRefusesFailsOnlyItsOwnRequest() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release, null) {
      @Override
      public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
          ProducerRecord<String, SpecificRecord> record) {
        if (record.key().equals("HUGE")) {
          refused = true;
          return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));
        }
        return super.send(record);
      }

      boolean refused;

      @Override
      public void commitTransaction() {
        if (refused) {
          refused = false;
          throw new KafkaException("Cannot execute transactional method because we are in an error state");
        }
        super.commitTransaction();
      }
    };
    plan.add(() -> held);
    start(FAST);
    var first = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    var good = writer.write(clinics("B", 2));
    var huge = writer.write(List.of(clinic("HUGE")));
    release.countDown();
    await(first);
    await(good);
    assertThatThrownBy(() -> huge.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(FactsRejectedException.class)
        .hasMessageContaining("RecordTooLargeException");
    assertThat(committedKeys(held)).containsExactly("A0", "B0", "B1");
    assertThat(writer.ready()).isTrue();
  }

  /** The keys of committed transactions (MockProducer's history keeps only those). */
  static List<String> committedKeys(MockProducer<String, SpecificRecord> p) {
    return p.history().stream().map(ProducerRecord::key).toList();
  }

  @Test
  void ownFaultIsTheRecordsNotTheRegistrysNorKafkas() {
    assertThat(TransactionalEventWriter.ownFault(new org.apache.kafka.common.errors.SerializationException("x")))
        .isTrue();
    assertThat(TransactionalEventWriter.ownFault(new org.apache.kafka.common.errors.SerializationException("x",
        new org.dnregistry.registry.SchemaRegistryUnavailableException("down", 0, 0, null)))).isFalse();
    assertThat(TransactionalEventWriter.ownFault(new org.apache.kafka.common.errors.RecordTooLargeException("x")))
        .isTrue();
    assertThat(TransactionalEventWriter.ownFault(new TimeoutException("t"))).isFalse();
    assertThat(TransactionalEventWriter.ownFault(new KafkaException("k"))).isFalse();
  }

  @Test
  void whenAbortFailsTooTheProducerIsReplaced() throws Exception {
    var first = mock();
    first.commitTransactionException = new KafkaException("commit failed");
    first.abortTransactionException = new KafkaException("abort failed");
    plan.add(() -> first);
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    failure(writer.write(clinics("C", 1)));
    assertThat(first.closed()).isTrue();
    eventually(() -> created.size() == 2 && writer.ready());
  }

  @Test
  void kafkaDownAtStartIsNotReadyAndRecoversByItself() throws Exception {
    var down = mock();
    down.initTransactionException = new TimeoutException("no broker");
    plan.add(() -> down);
    plan.add(() -> down);
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    eventually(() -> created.size() >= 1);
    assertThat(writer.ready()).isFalse();
    failure(writer.write(clinics("C", 1)));
    eventually(writer::ready);
    await(writer.write(clinics("D", 1)));
    assertThat(created.get(created.size() - 1).history()).extracting(ProducerRecord::key).containsExactly("D0");
  }

  @Test
  void aFullQueueIsRefusedAtOnce() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release);
    plan.add(() -> held);
    start(new TransactionalEventWriter.Options(2, 10_000, 1_000, Duration.ZERO, Duration.ofMillis(100),
        Duration.ofMillis(400), Duration.ofSeconds(2)));
    var running = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    var q1 = writer.write(clinics("B", 1));
    var q2 = writer.write(clinics("C", 1));
    WriteUnavailableException e = failure(writer.write(clinics("D", 1)));
    assertThat(e.reason()).isEqualTo(WriteUnavailableException.Reason.QUEUE_FULL);
    assertThat(e.retryAfterSeconds()).isEqualTo(1);
    release.countDown();
    await(running);
    await(q1);
    await(q2);
    assertThat(held.history()).extracting(ProducerRecord::key).containsExactly("A0", "B0", "C0");
  }

  @Test
  void theQueueIsAlsoBoundedInEvents() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release);
    plan.add(() -> held);
    start(new TransactionalEventWriter.Options(64, 10, 1_000, Duration.ZERO, Duration.ofMillis(100),
        Duration.ofMillis(400), Duration.ofSeconds(2)));
    var running = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    var fits = writer.write(clinics("B", 8));
    assertThat(failure(writer.write(clinics("C", 3))).reason())
        .isEqualTo(WriteUnavailableException.Reason.QUEUE_FULL);
    release.countDown();
    await(running);
    await(fits);
  }

  @Test
  void closeWritesWhatIsQueuedThenRefusesNewRequests() throws Exception {
    var release = new CountDownLatch(1);
    var held = new HeldProducer(release);
    plan.add(() -> held);
    start(FAST);
    var running = writer.write(clinics("A", 1));
    assertThat(held.committing.await(5, TimeUnit.SECONDS)).isTrue();
    var queued = writer.write(clinics("B", 1));
    var closing = CompletableFuture.runAsync(writer::close);
    Thread.sleep(50);
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    await(running);
    await(queued);
    assertThat(held.closed()).isTrue();
    assertThat(failure(writer.write(clinics("C", 1))).reason())
        .isEqualTo(WriteUnavailableException.Reason.SHUTTING_DOWN);
  }

  @Test
  void anEmptyRequestNeedsNoTransaction() throws Exception {
    plan.add(TransactionalEventWriterTest::mock);
    start(FAST);
    await(writer.write(List.of()));
    eventually(() -> !created.isEmpty());
    assertThat(created.get(0).commitCount()).isZero();
  }

  @Test
  void unknownStatesNeedANewProducerAndOrdinaryErrorsOnlyAnAbort() {
    assertThat(TransactionalEventWriter.needsNewProducer(new TimeoutException("t"))).isTrue();
    assertThat(TransactionalEventWriter.needsNewProducer(new ProducerFencedException("f"))).isTrue();
    assertThat(TransactionalEventWriter.needsNewProducer(new KafkaException("k"))).isFalse();
  }
}
