package org.dnregistry.ingest.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's single Kafka writer. Requests queue in a bounded queue; one thread takes what is queued (up to a
 * bound), writes it in one transaction and then answers every request of the batch: group commit, so a
 * transaction's fixed cost is shared by concurrent requests. A request is never split across transactions, so
 * with read_committed consumers it is all visible or not at all.
 *
 * <p>When the batch fails because of some requests' own records (a value the serializer cannot write, a record
 * Kafka refuses as such), the transaction is aborted, those requests fail alone, and the others are written again
 * in a new transaction at once. On any other failure the transaction is aborted; when the producer may be in an unknown state (a timeout, fencing, a
 * fatal error) it is closed and a new one is created with the same transactional.id, whose initTransactions
 * fences the old one and aborts whatever it left half-written. After a failure new requests are refused at once
 * (503) for a backoff that grows to {@code maxBackoff}; the first batch after it probes Kafka again, so the gateway
 * recovers by itself when Kafka returns.
 */
public final class TransactionalEventWriter implements EventWriter {
  private static final Logger log = LoggerFactory.getLogger(TransactionalEventWriter.class);

  /** Bounds of the queue and the batches. */
  public record Options(int queueCapacity, int maxQueuedEvents, int maxBatchEvents, Duration linger,
                        Duration initialBackoff, Duration maxBackoff, Duration closeTimeout) {
    public static Options defaults() {
      return new Options(1024, 500_000, 20_000, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(5),
          Duration.ofSeconds(10));
    }
  }

  private record Pending(List<Fact> facts, CompletableFuture<Void> done) {}

  private final Supplier<Producer<String, SpecificRecord>> producers;
  private final Options options;
  private final BlockingQueue<Pending> queue;
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long unavailableUntilNanos;
  private volatile String unavailableReason = "Kafka is not reachable yet";
  private volatile boolean initialised;
  private Duration backoff;
  private Producer<String, SpecificRecord> producer; // writer thread only

  private final Timer commitTimer;
  private final DistributionSummary batchEvents;
  private final DistributionSummary batchRequests;
  private final Counter failedBatches;
  private final Counter producerRecreations;
  private final Counter rejectedRequests;

  public TransactionalEventWriter(Supplier<Producer<String, SpecificRecord>> producers, Options options,
                                  MeterRegistry metrics) {
    this.producers = Objects.requireNonNull(producers, "producers");
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.backoff = options.initialBackoff();
    this.commitTimer = Timer.builder("ingest.kafka.transaction").description("Time to write and commit one batch")
        .publishPercentiles(0.5, 0.99).register(metrics);
    this.batchEvents = DistributionSummary.builder("ingest.kafka.batch.events")
        .description("Events per transaction").register(metrics);
    this.batchRequests = DistributionSummary.builder("ingest.kafka.batch.requests")
        .description("Requests per transaction (group commit)").register(metrics);
    this.failedBatches = Counter.builder("ingest.kafka.batch.failed").register(metrics);
    this.producerRecreations = Counter.builder("ingest.kafka.producer.created").register(metrics);
    this.rejectedRequests = Counter.builder("ingest.kafka.requests.rejected")
        .description("Requests whose own records Kafka or the serializer refused (the rest of their batch was written)")
        .register(metrics);
    metrics.gauge("ingest.queue.events", queuedEvents);
    this.thread = new Thread(this::run, "ingest-kafka-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  @Override
  public CompletableFuture<Void> write(List<Fact> facts) {
    var done = new CompletableFuture<Void>();
    if (facts.isEmpty()) {
      done.complete(null);
      return done;
    }
    if (!running) {
      done.completeExceptionally(new WriteUnavailableException(WriteUnavailableException.Reason.SHUTTING_DOWN,
          "the gateway is shutting down", 1, null));
      return done;
    }
    long wait = unavailableUntilNanos - System.nanoTime();
    if (wait > 0) {
      done.completeExceptionally(unavailable(seconds(wait), null));
      return done;
    }
    int n = facts.size();
    int queued = queuedEvents.addAndGet(n);
    // A request larger than the event bound is still taken when it is alone, or it could never be written.
    if ((queued > options.maxQueuedEvents() && queued != n) || !queue.offer(new Pending(List.copyOf(facts), done))) {
      queuedEvents.addAndGet(-n);
      done.completeExceptionally(new WriteUnavailableException(WriteUnavailableException.Reason.QUEUE_FULL,
          "the gateway is busy: its write queue is full", 1, null));
    }
    return done;
  }

  @Override
  public boolean ready() {
    return running && initialised && System.nanoTime() - unavailableUntilNanos >= 0;
  }

  private void run() {
    tryInitialise();
    while (running || !queue.isEmpty()) {
      Pending first;
      try {
        first = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (producer == null && System.nanoTime() - unavailableUntilNanos >= 0) {
          tryInitialise();
        }
        continue;
      }
      List<Pending> batch = collect(first);
      int events = batch.stream().mapToInt(p -> p.facts().size()).sum();
      queuedEvents.addAndGet(-events);
      process(batch, events);
    }
    failRemaining();
    closeProducer(options.closeTimeout());
  }

  private List<Pending> collect(Pending first) {
    var batch = new ArrayList<Pending>();
    batch.add(first);
    int events = first.facts().size();
    long deadline = System.nanoTime() + options.linger().toNanos();
    while (events < options.maxBatchEvents()) {
      Pending next = queue.peek();
      if (next == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          next = queue.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (next == null) {
          break;
        }
        batch.add(next);
        events += next.facts().size();
        continue;
      }
      if (events + next.facts().size() > options.maxBatchEvents()) {
        break;
      }
      batch.add(queue.poll());
      events += next.facts().size();
    }
    return batch;
  }

  private void process(List<Pending> batch, int events) {
    long wait = unavailableUntilNanos - System.nanoTime();
    if (wait > 0) {
      // Queued before the last failure: answer now rather than make them wait for a doomed attempt.
      var error = unavailable(seconds(wait), null);
      batch.forEach(p -> p.done().completeExceptionally(error));
      return;
    }
    List<Pending> remaining = batch;
    while (!remaining.isEmpty()) {
      long start = System.nanoTime();
      Attempt attempt = attempt(remaining);
      if (attempt.failure() == null) {
        commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchEvents.record(remaining.stream().mapToInt(p -> p.facts().size()).sum());
        batchRequests.record(remaining.size());
        healthy();
        remaining.forEach(p -> p.done().complete(null));
        return;
      }
      if (attempt.culprits().isEmpty()) {
        failedBatches.increment();
        recover(attempt.failure());
        var error = unavailable(backoffSeconds(), attempt.failure());
        remaining.forEach(p -> p.done().completeExceptionally(error));
        return;
      }
      // Some requests' own records were refused: answer those, and write the others again without them, so one
      // request cannot fail the requests it happened to share a transaction with.
      abortAfterRejection();
      attempt.culprits().forEach((p, cause) -> p.done().completeExceptionally(new FactsRejectedException(
          "the events could not be written (" + describe(cause) + "); nothing of this request was written", cause)));
      rejectedRequests.increment(attempt.culprits().size());
      remaining = remaining.stream().filter(p -> !attempt.culprits().containsKey(p)).toList();
    }
  }

  /** One transaction over {@code batch}: committed (no failure), or the failure and the requests at fault. */
  private record Attempt(RuntimeException failure, Map<Pending, Throwable> culprits) {}

  private record Sent(Pending request, Future<RecordMetadata> future) {}

  private Attempt attempt(List<Pending> batch) {
    var culprits = new LinkedHashMap<Pending, Throwable>();
    var sends = new ArrayList<Sent>();
    try {
      ensureProducer();
      producer.beginTransaction();
      for (Pending p : batch) {
        for (Fact f : p.facts()) {
          try {
            sends.add(new Sent(p, producer.send(new ProducerRecord<>(f.topic(), f.key(), f.value()))));
          } catch (RuntimeException e) {
            if (!ownFault(e)) {
              throw e;
            }
            // Thrown before the record entered the transaction (serialization): the transaction is still sound,
            // but this request's earlier records are in it, so it is aborted by the caller.
            culprits.put(p, e);
            break;
          }
        }
      }
      if (!culprits.isEmpty()) {
        return new Attempt(new FactsRejectedException("records refused", null), culprits);
      }
      producer.commitTransaction();
      return new Attempt(null, Map.of());
    } catch (RuntimeException e) {
      // A send that failed because of its own record (too large, invalid) makes the commit fail; find it.
      for (Sent sent : sends) {
        Throwable cause = failureOf(sent.future());
        if (cause != null && ownFault(cause)) {
          culprits.putIfAbsent(sent.request(), cause);
        }
      }
      return new Attempt(e, culprits);
    }
  }

  private static Throwable failureOf(Future<RecordMetadata> future) {
    if (!future.isDone()) {
      return null;
    }
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | CancellationException e) {
      return null;
    }
  }

  /**
   * Whether a failed send is the fault of its own record, so that only its request should fail: a value the
   * serializer cannot write (but not a registry outage, which every request would meet), or a record Kafka refuses
   * as such. Everything else (timeouts, fencing, a broker down) concerns the whole batch.
   */
  static boolean ownFault(Throwable e) {
    if (e instanceof SerializationException) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SchemaRegistryException) {
          return false;
        }
      }
      return true;
    }
    return e instanceof RecordTooLargeException || e instanceof InvalidRecordException
        || e instanceof CorruptRecordException || e instanceof RecordBatchTooLargeException;
  }

  private void abortAfterRejection() {
    try {
      producer.abortTransaction();
    } catch (RuntimeException abortFailed) {
      log.warn("abort failed, replacing the producer: {}", describe(abortFailed));
      closeProducer(Duration.ZERO);
    }
  }

  private void tryInitialise() {
    try {
      ensureProducer();
      healthy();
    } catch (RuntimeException e) {
      recover(e);
    }
  }

  private void ensureProducer() {
    if (producer != null) {
      return;
    }
    Producer<String, SpecificRecord> created = producers.get();
    producerRecreations.increment();
    try {
      // Fences any earlier producer with this transactional.id and aborts what it left open.
      created.initTransactions();
    } catch (RuntimeException e) {
      closeQuietly(created, Duration.ZERO);
      throw e;
    }
    producer = created;
    initialised = true;
  }

  /** After a failed batch: abort, or replace the producer when its state is unknown; then back off. */
  private void recover(RuntimeException e) {
    unavailableReason = describe(e);
    log.warn("kafka write failed, answering 503 for {}: {}", backoff, unavailableReason);
    if (producer != null) {
      if (needsNewProducer(e)) {
        closeProducer(Duration.ZERO);
      } else {
        try {
          producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
          log.warn("abort failed, replacing the producer: {}", describe(abortFailed));
          closeProducer(Duration.ZERO);
        }
      }
    }
    unavailableUntilNanos = System.nanoTime() + backoff.toNanos();
    backoff = backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0 ? options.maxBackoff()
        : backoff.multipliedBy(2);
  }

  /** Timeouts leave a commit's outcome unknown; the others are fatal for this producer instance. */
  static boolean needsNewProducer(Throwable e) {
    return e instanceof TimeoutException
        || e instanceof ProducerFencedException
        || e instanceof OutOfOrderSequenceException
        || e instanceof AuthorizationException
        || e instanceof AuthenticationException
        || e instanceof UnsupportedVersionException
        || e instanceof IllegalStateException;
  }

  private void healthy() {
    if (unavailableUntilNanos != 0) {
      log.info("kafka writes succeed again");
    }
    unavailableUntilNanos = 0;
    backoff = options.initialBackoff();
  }

  private WriteUnavailableException unavailable(int retryAfterSeconds, Throwable cause) {
    if (causedByRegistry(cause)) {
      return new WriteUnavailableException(WriteUnavailableException.Reason.REGISTRY_UNAVAILABLE,
          "the schema registry cannot be reached (" + unavailableReason + "); nothing was written",
          retryAfterSeconds, cause);
    }
    return new WriteUnavailableException(WriteUnavailableException.Reason.KAFKA_UNAVAILABLE,
        "Kafka cannot take the events now (" + unavailableReason + "); nothing was written", retryAfterSeconds, cause);
  }

  private static boolean causedByRegistry(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException) {
        return true;
      }
    }
    return false;
  }

  private int backoffSeconds() {
    return seconds(unavailableUntilNanos - System.nanoTime());
  }

  private static int seconds(long nanos) {
    return (int) Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private void closeProducer(Duration timeout) {
    if (producer != null) {
      initialised = false;
      closeQuietly(producer, timeout);
      producer = null;
    }
  }

  private static void closeQuietly(Producer<String, SpecificRecord> p, Duration timeout) {
    try {
      p.close(timeout);
    } catch (RuntimeException e) {
      log.debug("closing the producer failed", e);
    }
  }

  private void failRemaining() {
    Pending p;
    while ((p = queue.poll()) != null) {
      queuedEvents.addAndGet(-p.facts().size());
      p.done().completeExceptionally(new WriteUnavailableException(WriteUnavailableException.Reason.SHUTTING_DOWN,
          "the gateway is shutting down", 1, null));
    }
  }

  /** Stops taking requests, writes what is already queued, then closes the producer. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(options.closeTimeout().toMillis() * 2);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(options.closeTimeout().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A request that slipped in while the thread was stopping must not wait forever.
    failRemaining();
  }
}
