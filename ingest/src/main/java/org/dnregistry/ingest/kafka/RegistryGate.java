package org.dnregistry.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.dnregistry.registry.SchemaNotFoundException;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry as a condition of writing. At start the gateway registers (or, with auto-registration off,
 * looks up) the schema of every topic it writes, through the very client its serializer uses, which then holds the
 * ids: a warm gateway makes no registry call per request. After that a background check asks the registry every
 * {@code interval}, with a short timeout and no retries, whether it answers.
 *
 * <p>While the schemas are not resolved or the registry does not answer, {@link #problem()} says why: /health/ready
 * turns 503 and requests that would be written get a 503 with Retry-After at once, instead of waiting out the
 * serializer's registry timeouts and retries (tens of seconds) on the single writer thread.
 */
public final class RegistryGate implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegistryGate.class);

  /** A value subject the gateway writes, and the schema it writes under it. */
  public record Subject(String name, Schema schema) {}

  private final SchemaRegistryClient writerClient;
  private final SchemaRegistryClient probeClient;
  private final List<Subject> subjects;
  private final boolean autoRegister;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean resolved;
  private volatile String problem = "the schemas are not resolved yet";
  private volatile boolean running = true;

  /**
   * @param writerClient the client of the producer's serializer (its id cache is what resolving fills)
   * @param probeClient a client with a short timeout and no retries, for the periodic check
   */
  public RegistryGate(SchemaRegistryClient writerClient, SchemaRegistryClient probeClient, List<Subject> subjects,
      boolean autoRegister, Duration interval) {
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("no subjects");
    }
    this.writerClient = writerClient;
    this.probeClient = probeClient;
    this.subjects = List.copyOf(subjects);
    this.autoRegister = autoRegister;
    this.interval = interval;
    this.thread = new Thread(this::run, "ingest-registry-check");
    this.thread.setDaemon(true);
  }

  /** Checks once now (so a gateway whose registry is up starts ready), then in the background. */
  public RegistryGate start() {
    check();
    thread.start();
    return this;
  }

  /** Empty while writing may go ahead; otherwise what is wrong with the registry. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** Seconds a client should wait before trying again: the time to the next check. */
  public int retryAfterSeconds() {
    return (int) Math.max(1, (interval.toMillis() + 999) / 1000);
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      check();
    }
  }

  /** One check: answer first (quick), then resolve the schemas if they are not yet. */
  void check() {
    String now;
    try {
      probe();
      if (!resolved) {
        resolve();
        resolved = true;
        log.info("schema registry: {} subjects resolved", subjects.size());
      }
      now = null;
    } catch (SchemaRegistryException e) {
      now = "the schema registry is unreachable or refuses the gateway (" + e.getMessage() + ")";
    } catch (RuntimeException e) {
      now = "the schema registry check failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
    if (now == null && problem != null) {
      log.info("schema registry answers again; accepting events");
    } else if (now != null && problem == null) {
      log.warn("{}; answering 503 until it answers", now);
    }
    problem = now;
  }

  /** A request that is never cached; "not found" is an answer too. */
  private void probe() {
    try {
      probeClient.latest(subjects.get(0).name());
    } catch (SchemaNotFoundException answered) {
      // The registry is up; the subject is registered by resolve().
    }
  }

  private void resolve() {
    for (Subject s : subjects) {
      if (autoRegister) {
        writerClient.register(s.name(), s.schema());
      } else if (writerClient.lookup(s.name(), s.schema()).isEmpty()) {
        throw new SchemaRegistryException("schema " + s.schema().getFullName() + " is not registered under subject "
            + s.name() + " and schema.registry.auto.register.schemas is false", 404, 40403);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
