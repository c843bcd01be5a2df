package org.dnregistry.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry, a real Confluent-compatible schema registry, in a child JVM (it needs Java 21+, found by
 * {@link JavaLocator}). Schemas are stored in an H2 database file in the folder, so they survive a restart, and
 * the port is reused when still free so the registry URL survives too. Global compatibility is BACKWARD, like
 * Confluent's default (Apicurio's own default is NONE).
 *
 * <p>Layout: {@code db/} (H2), {@code registry.log} (everything the registry writes), {@code localstack.properties}
 * (the port), {@code parent-watch.jar}.
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  // Generous: 36 s measured on a loaded 2-core machine (load average 40); about 10 s on a laptop.
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  static final int MIN_JAVA = 21;
  static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final Path dir;
  private final int port;
  private final ChildProcess registry;
  private final Duration startup;

  private LocalRegistry(Path dir, int port, ChildProcess registry, Duration startup) {
    this.dir = dir;
    this.port = port;
    this.registry = registry;
    this.startup = startup;
  }

  /** Unpacks the distribution if needed, starts the registry and waits until its Confluent API answers. */
  public static LocalRegistry start(Path dir) {
    long t0 = System.nanoTime();
    JavaLocator.Installation java = JavaLocator.forThisMachine(MIN_JAVA).find();
    Path app = ApicurioDistribution.unpacked();
    Path home = dir.toAbsolutePath();
    int port = port(home);
    Path agent = ParentWatch.writeAgentJar(home);
    var aot = AotCache.forJava(java, ApicurioDistribution.cacheRoot(),
        "apicurio-registry-" + ApicurioDistribution.VERSION);
    var command = new ArrayList<String>(List.of(java.java().toString(),
        // C1 only and the serial collector: a third less CPU to start, and less memory; a local registry serves
        // few requests (clients cache schema ids).
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
        ParentWatch.agentOption(agent)));
    command.addAll(aot.jvmOptions());
    command.addAll(List.of(
        "-Dquarkus.http.host=" + Ports.HOST,
        "-Dquarkus.http.port=" + port,
        // Apicurio's management interface (health, metrics) would listen on 0.0.0.0:9000: one registry per
        // machine, reachable from the network. Loopback and any free port instead.
        "-Dquarkus.management.host=" + Ports.HOST,
        "-Dquarkus.management.port=0",
        "-Dapicurio.rules.global.compatibility=BACKWARD",
        "-Dapicurio.storage.kind=sql",
        "-Dapicurio.storage.sql.kind=h2",
        // H2 must not close itself in its own shutdown hook while the registry is still stopping.
        "-Dapicurio.datasource.url=jdbc:h2:file:" + home.resolve("db").resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE",
        "-Dapicurio.datasource.jdbc.initial-size=2",
        "-Dapicurio.datasource.jdbc.min-size=2",
        "-Dapicurio.datasource.jdbc.max-size=20",
        "-Dapicurio.storage.snapshot.location=" + home.resolve("snapshots"),
        "-jar", app.resolve(ApicurioDistribution.RUN_JAR).toString()));
    var registry = ChildProcess.start("Apicurio Registry " + ApicurioDistribution.VERSION, command, home, home.resolve("registry.log"),
        aot.training() ? AotCache.TRAINING_STOP_GRACE : ChildProcess.STOP_GRACE);
    registry.onExit(aot::childExited);
    try {
      awaitReady(registry, port);
    } catch (RuntimeException e) {
      registry.stop();
      throw e;
    }
    var startup = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info("{} ready on {} in {} ms{}, data in {}", registry, ccompatUrl(port), startup.toMillis(), aot.training() ? " (training its start-up cache: the first stop takes longer)" : "", home);
    return new LocalRegistry(home, port, registry, startup);
  }

  /**
   * Fails now, without starting anything, if the registry cannot start on this machine: no Java 21+, or no
   * distribution. Cheap (a few file checks), so a stack checks it before it starts a broker for nothing.
   */
  static void checkPrerequisites() {
    JavaLocator.forThisMachine(MIN_JAVA).find();
    ApicurioDistribution.checkAvailable();
  }

  /** The registry's root, e.g. for its own API under {@code /apis/registry/v3}. */
  public String url() {
    return "http://" + Ports.HOST + ":" + port;
  }

  /** The Confluent Schema Registry compatible API: the {@code schema.registry.url} for clients and serdes. */
  public String ccompatUrl() {
    return ccompatUrl(port);
  }

  private static String ccompatUrl(int port) {
    return "http://" + Ports.HOST + ":" + port + CCOMPAT_PATH;
  }

  public Path dir() {
    return dir;
  }

  public Path log() {
    return registry.log();
  }

  public long pid() {
    return registry.pid();
  }

  public boolean isAlive() {
    return registry.isAlive();
  }

  /** From the call to {@link #start} until the API answered, unpacking included. */
  public Duration startupTime() {
    return startup;
  }

  /** Stops the registry (SIGTERM, up to 30 s, then SIGKILL). Idempotent. */
  public void stop() {
    registry.stop();
  }

  @Override
  public void close() {
    stop();
  }

  private static void awaitReady(ChildProcess registry, int port) {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var probe = HttpRequest.newBuilder(URI.create(ccompatUrl(port) + "/subjects"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!registry.isAlive()) {
        throw new LocalStackException("Apicurio Registry exited during start-up. Last lines of " + registry.log()
            + ":\n" + registry.logTail());
      }
      if (Ports.accepts(port)) {
        try {
          HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            return;
          }
          last = "HTTP " + response.statusCode();
        } catch (IOException e) {
          last = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LocalStackException("interrupted while waiting for Apicurio Registry", e);
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalStackException("interrupted while waiting for Apicurio Registry", e);
      }
    }
    throw new LocalStackException("Apicurio Registry on " + ccompatUrl(port) + " was not ready within "
        + READY_TIMEOUT.toSeconds() + " s (last probe: " + last + "). Last lines of " + registry.log() + ":\n"
        + registry.logTail());
  }

  /** The port of the last start if it is still free, else a new one; remembered in the folder. */
  private static int port(Path home) {
    Path file = home.resolve("localstack.properties");
    try {
      Files.createDirectories(home);
      var props = new Properties();
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(in);
        }
      }
      int port = Integer.parseInt(props.getProperty("port", "0"));
      if (!Ports.allFree(port)) {
        port = Ports.free(1)[0];
      }
      props.setProperty("port", Integer.toString(port));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(out, "LocalRegistry state: the port of the last start");
      }
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }
}
