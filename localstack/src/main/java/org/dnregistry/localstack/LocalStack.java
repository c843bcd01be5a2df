package org.dnregistry.localstack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker and a schema registry on loopback, sharing one data folder ({@code kafka/}, {@code registry/}).
 * Both start in parallel; closing stops the registry, then the broker. The child processes never outlive this
 * JVM: shutdown hooks stop them on exit, SIGTERM or Ctrl-C, and they exit by themselves after a SIGKILL of it.
 * Starting again on the same folder keeps topics, records and schemas.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final Path dataDir;
  private final LocalKafka kafka;
  private final LocalRegistry registry;

  private LocalStack(Path dataDir, LocalKafka kafka, LocalRegistry registry) {
    this.dataDir = dataDir;
    this.kafka = kafka;
    this.registry = registry;
  }

  public static LocalStack start(Path dataDir) {
    long t0 = System.nanoTime();
    Path home = dataDir.toAbsolutePath();
    LocalRegistry.checkPrerequisites();
    // The registry takes longest (a Quarkus app on another JVM); the broker starts on this thread meanwhile.
    var registryStart = CompletableFuture.supplyAsync(() -> LocalRegistry.start(home.resolve("registry")),
        runnable -> {
          var thread = new Thread(runnable, "localstack-registry-start");
          thread.setDaemon(true);
          thread.start();
        });
    LocalKafka kafka;
    try {
      kafka = LocalKafka.start(home.resolve("kafka"));
    } catch (RuntimeException kafkaFailure) {
      try {
        registryStart.join().stop();
      } catch (CompletionException registryFailure) {
        kafkaFailure.addSuppressed(registryFailure.getCause());
      }
      throw kafkaFailure;
    }
    LocalRegistry registry;
    try {
      registry = registryStart.join();
    } catch (CompletionException e) {
      kafka.stop();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LOG.info("local stack ready in {} ms: Kafka {}, schema registry {}", (System.nanoTime() - t0) / 1_000_000,
        kafka.bootstrapServers(), registry.ccompatUrl());
    return new LocalStack(home, kafka, registry);
  }

  /** The {@code bootstrap.servers} of the broker. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The {@code schema.registry.url} of the registry's Confluent-compatible API. */
  public String schemaRegistryUrl() {
    return registry.ccompatUrl();
  }

  public Path dataDir() {
    return dataDir;
  }

  public LocalKafka kafka() {
    return kafka;
  }

  public LocalRegistry registry() {
    return registry;
  }

  /**
   * Stops the registry and the broker, in parallel: neither needs the other to stop cleanly (the registry keeps its
   * schemas in its own database), and one after the other would not fit a 30 s stop when the registry writes its
   * start-up cache at exit. Idempotent.
   */
  @Override
  public void close() {
    var registryStop = new Thread(registry::stop, "localstack-registry-stop");
    registryStop.start();
    try {
      kafka.stop();
    } finally {
      boolean interrupted = false;
      while (registryStop.isAlive()) {
        try {
          registryStop.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
