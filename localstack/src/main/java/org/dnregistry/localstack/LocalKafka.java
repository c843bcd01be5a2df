package org.dnregistry.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one node) in a child JVM started from the Kafka jars
 * on this JVM's classpath. All state lives in one folder; starting again on the same folder keeps topics, records
 * and, when they are still free, the ports.
 *
 * <p>Layout: {@code server.properties}, {@code localstack.properties} (cluster id and ports), {@code data/} (the log
 * dir), {@code broker.log} (everything the broker writes), {@code logback.xml}, {@code parent-watch.jar}.
 */
public final class LocalKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  // Generous: on a loaded 2-core machine (load average 40) a clean restart took 44 s; a laptop needs 4-7 s.
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final String HEAP = "-Xmx384m";
  static final String JVM_OPTIONS_PROPERTY = "dnregistry.broker.jvm.options";
  static final String JVM_OPTIONS_ENV = "DNREGISTRY_BROKER_JVM_OPTIONS";

  private final Path dir;
  private final int port;
  private final ChildProcess broker;
  private final Duration startup;

  private LocalKafka(Path dir, int port, ChildProcess broker, Duration startup) {
    this.dir = dir;
    this.port = port;
    this.broker = broker;
    this.startup = startup;
  }

  /** Formats the folder if it was never formatted, starts the broker and waits until it serves metadata. */
  public static LocalKafka start(Path dir) {
    long t0 = System.nanoTime();
    Path home = dir.toAbsolutePath();
    var state = State.load(home);
    writeFiles(home, state);
    Path agent = ParentWatch.writeAgentJar(home);
    boolean formatted = format(home, state, agent);
    var broker = ChildProcess.start("Kafka broker", JavaCommand.onCurrentClasspath(
        jvmOptions(home, agent), "kafka.Kafka", List.of(home.resolve("server.properties").toString())),
        home, home.resolve("broker.log"));
    try {
      awaitReady(broker, state.brokerPort());
    } catch (RuntimeException e) {
      broker.stop();
      throw e;
    }
    var startup = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info("{} ready on {}:{} in {} ms ({}), data in {}", broker, Ports.HOST, state.brokerPort(),
        startup.toMillis(), formatted ? "new cluster " + state.clusterId() : "existing cluster", home);
    return new LocalKafka(home, state.brokerPort(), broker, startup);
  }

  public String bootstrapServers() {
    return Ports.HOST + ":" + port;
  }

  public Path dir() {
    return dir;
  }

  /** The broker's log: everything it wrote, including errors before its logging started. */
  public Path log() {
    return broker.log();
  }

  public long pid() {
    return broker.pid();
  }

  public boolean isAlive() {
    return broker.isAlive();
  }

  /** From the call to {@link #start} until the broker served metadata (formatting included). */
  public Duration startupTime() {
    return startup;
  }

  /** Stops the broker cleanly (SIGTERM, up to 30 s, then SIGKILL). Idempotent. */
  public void stop() {
    broker.stop();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * C1 only and the serial collector take a third less CPU to start (7.5 to 4.4 CPU s measured), which matters on
   * a 2-core machine running tests. A benchmark wanting full JIT sets {@code -Ddnregistry.broker.jvm.options} (or
   * {@code DNREGISTRY_BROKER_JVM_OPTIONS}), e.g. to {@code -XX:TieredStopAtLevel=4 -Xmx1g}: later options win.
   */
  private static List<String> jvmOptions(Path home, Path agent) {
    var options = new ArrayList<>(List.of(HEAP, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djava.awt.headless=true", "-XX:+ExitOnOutOfMemoryError",
        "-Dlogback.configurationFile=" + home.resolve("logback.xml"),
        ParentWatch.agentOption(agent)));
    String extra = System.getProperty(JVM_OPTIONS_PROPERTY, System.getenv(JVM_OPTIONS_ENV));
    if (extra != null && !extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return options;
  }

  /** Formats only a folder that was never formatted: re-formatting would give the data a new cluster id. */
  private static boolean format(Path home, State state, Path agent) {
    if (Files.exists(home.resolve("data").resolve("meta.properties"))) {
      return false;
    }
    var formatter = ChildProcess.start("Kafka storage format", JavaCommand.onCurrentClasspath(
        List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + home.resolve("logback.xml"), ParentWatch.agentOption(agent)),
        "kafka.tools.StorageTool",
        List.of("format", "--ignore-formatted", "-t", state.clusterId(), "-c",
            home.resolve("server.properties").toString())),
        home, home.resolve("broker.log"));
    int exit = formatter.await(FORMAT_TIMEOUT);
    if (exit != 0) {
      throw new LocalStackException("formatting the Kafka log dir " + home.resolve("data") + " failed (exit code "
          + exit + "). Last lines of " + formatter.log() + ":\n" + formatter.logTail());
    }
    return true;
  }

  /** Ready means the broker answers a metadata request listing itself; an open port comes earlier than that. */
  private static void awaitReady(ChildProcess broker, int port) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    Admin admin = null;
    try {
      while (System.nanoTime() < deadline) {
        if (!broker.isAlive()) {
          throw new LocalStackException("the Kafka broker exited during start-up. Last lines of " + broker.log()
              + ":\n" + broker.logTail());
        }
        if (admin == null && Ports.accepts(port)) {
          admin = Admin.create(Map.<String, Object>of(
              AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Ports.HOST + ":" + port,
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
              AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        }
        if (admin != null) {
          try {
            List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
            if (!nodes.isEmpty()) {
              return;
            }
          } catch (ExecutionException | TimeoutException e) {
            last = e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for the Kafka broker", e);
          }
        }
        sleep(200);
      }
      throw new LocalStackException("the Kafka broker on " + Ports.HOST + ":" + port + " was not ready within "
          + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : " (last error: " + last + ")")
          + ". Last lines of " + broker.log() + ":\n" + broker.logTail());
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(2));
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private static void writeFiles(Path home, State state) {
    // Static voters rather than a formatted (--standalone) voter set: the voter set would store the controller
    // endpoint in the log, and the controller port may change between starts when the old one is taken.
    String server = String.join("\n",
        "# Written by org.dnregistry.localstack.LocalKafka at every start; edits are overwritten.",
        "node.id=1",
        "process.roles=broker,controller",
        "listeners=PLAINTEXT://" + Ports.HOST + ":" + state.brokerPort() + ",CONTROLLER://" + Ports.HOST + ":"
            + state.controllerPort(),
        "advertised.listeners=PLAINTEXT://" + Ports.HOST + ":" + state.brokerPort(),
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "controller.quorum.voters=1@" + Ports.HOST + ":" + state.controllerPort(),
        "log.dirs=" + home.resolve("data"),
        // One broker: internal topics cannot have more replicas than that, or exactly-once fails.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        // Internal topics are created on first use; 50 partitions each would make a group's or a transaction's
        // first use slow on a laptop, and one broker gains nothing from them.
        "offsets.topic.num.partitions=5",
        "transaction.state.log.num.partitions=5",
        "share.coordinator.state.topic.num.partitions=5",
        "group.initial.rebalance.delay.ms=0",
        // The cleaner's default 128 MB dedupe buffer is most of an idle broker's memory.
        "log.cleaner.dedupe.buffer.size=2097152",
        // Topics come from Topics via TopicSetup only; a typo must fail, not create a topic.
        "auto.create.topics.enable=false",
        "");
    String logback = String.join("\n",
        "<configuration>",
        "  <!-- Written by LocalKafka. The console is the broker's stdout, which goes to broker.log. -->",
        "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
        "    <encoder><pattern>[%d{ISO8601}] %-5level %msg - %logger{36}%n</pattern></encoder>",
        "  </appender>",
        "  <logger name=\"kafka.request.logger\" level=\"WARN\"/>",
        "  <root level=\"INFO\"><appender-ref ref=\"out\"/></root>",
        "</configuration>",
        "");
    write(home.resolve("server.properties"), server);
    write(home.resolve("logback.xml"), logback);
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** What must survive a restart: the cluster id (until formatted) and the ports, reused when still free. */
  private record State(String clusterId, int brokerPort, int controllerPort) {
    private static final String FILE = "localstack.properties";

    static State load(Path home) {
      try {
        Files.createDirectories(home);
        var props = new Properties();
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
          try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
          }
        }
        String clusterId = props.getProperty("cluster.id", Uuid.randomUuid().toString());
        int broker = Integer.parseInt(props.getProperty("broker.port", "0"));
        int controller = Integer.parseInt(props.getProperty("controller.port", "0"));
        if (!Ports.allFree(broker, controller)) {
          int[] fresh = Ports.free(2);
          if (broker > 0) {
            LOG.info("ports {} and {} of {} are taken; the broker moves to {} and {}", broker, controller, home,
                fresh[0], fresh[1]);
          }
          broker = fresh[0];
          controller = fresh[1];
        }
        var state = new State(clusterId, broker, controller);
        props.setProperty("cluster.id", clusterId);
        props.setProperty("broker.port", Integer.toString(broker));
        props.setProperty("controller.port", Integer.toString(controller));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          props.store(out, "LocalKafka state: the cluster id this folder was formatted with, and its ports");
        }
        return state;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read or write " + home.resolve(FILE), e);
      }
    }
  }
}
