package org.dnregistry.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.lifecycle.Startables;

/**
 * Three KRaft nodes and the schema registry on one network, with the faults the tests inject: a clean stop and
 * start, a pause (a frozen process: no answer, no connection reset), a cut from the network. Every container is
 * stopped and removed by id in {@link #close()}, including the one-shot tool containers.
 */
final class Cluster implements AutoCloseable {
  static final int NODES = 3;
  private final Network network = Network.newNetwork();
  private final List<KafkaNode> nodes = new ArrayList<>();
  private final SchemaRegistryContainer registry;
  private final List<GenericContainer<?>> others = new ArrayList<>();
  private final DockerClient docker = DockerClientFactory.instance().client();

  Cluster() {
    for (int n = 1; n <= NODES; n++) {
      nodes.add(new KafkaNode(network, n, NODES));
    }
    registry = new SchemaRegistryContainer(network);
  }

  /** Starts the nodes and the registry in parallel and waits for all of them. */
  Cluster start() {
    var all = new ArrayList<GenericContainer<?>>(nodes);
    all.add(registry);
    Startables.deepStart(all).join();
    return this;
  }

  Network network() {
    return network;
  }

  KafkaNode node(int nodeId) {
    return nodes.get(nodeId - 1);
  }

  String bootstrapServers() {
    return KafkaNode.bootstrapServers(NODES);
  }

  /** Starts {@code c} and stops it with the cluster. */
  <T extends GenericContainer<?>> T add(T c) {
    others.add(c);
    c.start();
    return c;
  }

  /** Runs a container of {@code image} to its end (exit 0 required) and returns its output. */
  String runToEnd(GenericContainer<?> oneShot, Duration timeout) {
    oneShot.withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(timeout));
    try {
      oneShot.start();
      return oneShot.getLogs();
    } finally {
      oneShot.stop();
    }
  }

  /** Partitions whose in-sync replicas are fewer than their replicas, as Kafka's own TopicCommand lists them. */
  String underReplicatedPartitions() {
    var tool = new GenericContainer<>(Images.KAFKA).withImagePullPolicy(name -> false).withNetwork(network)
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("java", "-Xmx128m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Dlogback.configurationFile=/nonexistent", "-cp", "/opt/kafka/libs/*",
            "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", bootstrapServers(), "--describe",
            "--under-replicated-partitions"));
    return runToEnd(tool, Duration.ofMinutes(2)).lines()
        .filter(l -> l.contains("Partition:")).reduce("", (a, b) -> a + b + "\n");
  }

  /** Waits until every partition has all its replicas in sync again; returns how long that took. */
  Duration awaitFullyReplicated(Duration timeout) throws InterruptedException {
    Instant start = Instant.now();
    String last = "";
    while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
      last = underReplicatedPartitions();
      if (last.isBlank()) {
        return Duration.between(start, Instant.now());
      }
      TimeUnit.SECONDS.sleep(2);
    }
    throw new AssertionError("partitions still under-replicated after " + timeout + ":\n" + last);
  }

  void stopNode(KafkaNode node) {
    docker.stopContainerCmd(node.getContainerId()).withTimeout(30).exec();
  }

  /** Starts a stopped node again (same container, same log dir) and waits for its "started" line. */
  void startNode(KafkaNode node, Duration timeout) throws InterruptedException {
    long before = startedLines(node);
    docker.startContainerCmd(node.getContainerId()).exec();
    Instant deadline = Instant.now().plus(timeout);
    while (startedLines(node) <= before) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(node.alias() + " did not start again within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  private static long startedLines(KafkaNode node) {
    return node.getLogs().lines().filter(l -> l.contains("Kafka Server started")).count();
  }

  void pause(GenericContainer<?> c) {
    docker.pauseContainerCmd(c.getContainerId()).exec();
  }

  void unpause(GenericContainer<?> c) {
    docker.unpauseContainerCmd(c.getContainerId()).exec();
  }

  void disconnect(GenericContainer<?> c) {
    docker.disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(c.getContainerId()).exec();
  }

  void reconnect(GenericContainer<?> c, String alias) {
    docker.connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(c.getContainerId())
        .withContainerNetwork(new ContainerNetwork().withAliases(alias)).exec();
  }

  /**
   * Runs the image's own HEALTHCHECK once in {@code c} ({@code podman healthcheck run}: Podman runs health checks on a
   * timer only under systemd, which this machine lacks); true when it reports healthy.
   */
  boolean healthcheckPasses(GenericContainer<?> c) throws java.io.IOException, InterruptedException {
    return podman("healthcheck", "run", c.getContainerId()).exit() == 0;
  }

  /** What a podman command printed and its exit code. */
  record Cli(int exit, String output) {}

  /** Runs the podman CLI on the tests' storage (CONTAINERS_CONF and CONTAINERS_STORAGE_CONF come from failsafe). */
  static Cli podman(String... args) throws java.io.IOException, InterruptedException {
    var command = new ArrayList<String>(List.of("podman"));
    command.addAll(List.of(args));
    var out = java.nio.file.Files.createTempFile("podman", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Cli(-1, "timed out: " + command);
      }
      return new Cli(p.exitValue(), java.nio.file.Files.readString(out));
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
  }

  /** Bytes under the container's volume at {@code path} (on the host: Podman keeps volumes there). */
  long volumeBytes(GenericContainer<?> c, String path) {
    var mount = docker.inspectContainerCmd(c.getContainerId()).exec().getMounts().stream()
        .filter(m -> m.getDestination() != null && path.equals(m.getDestination().getPath())).findFirst()
        .orElseThrow(() -> new AssertionError("no volume at " + path));
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(mount.getSource()))) {
      return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no clean close, as when a node dies. */
  void kill(GenericContainer<?> c) {
    docker.killContainerCmd(c.getContainerId()).exec();
  }

  /** Starts a stopped or killed container again, on the same volumes and network aliases (as a pod restarts). */
  void restart(GenericContainer<?> c) {
    docker.startContainerCmd(c.getContainerId()).exec();
  }

  /** A stop as the orchestrator does it (SIGTERM, SIGKILL after 30 s): how long it took and the exit code. */
  record Stop(Duration took, long exitCode) {}

  Stop stopGracefully(GenericContainer<?> c) {
    Instant t0 = Instant.now();
    docker.stopContainerCmd(c.getContainerId()).withTimeout(30).exec();
    Duration took = Duration.between(t0, Instant.now());
    Long exit = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
    return new Stop(took, exit == null ? -1 : exit);
  }

  /**
   * Resident memory of the container's main process (the JVM: the entrypoints exec it), read on the host, where a
   * rootful container's processes are visible, from /proc/PID/status; -1 when not running.
   */
  long rssMiB(GenericContainer<?> c) {
    Long pid = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getPidLong();
    if (pid == null || pid <= 0) {
      return -1;
    }
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", pid.toString(), "status")).stream()
          .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
          .findFirst().orElse(-1L);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    for (var c : others) {
      c.stop();
    }
    registry.stop();
    for (var n : nodes) {
      if (n.getContainerId() != null) {
        try {
          // A paused container cannot be stopped; a test that failed mid-fault may leave one.
          if (Boolean.TRUE.equals(docker.inspectContainerCmd(n.getContainerId()).exec().getState().getPaused())) {
            docker.unpauseContainerCmd(n.getContainerId()).exec();
          }
        } catch (RuntimeException e) {
          // Already gone: stop() below is a no-op then.
        }
      }
      n.stop();
    }
    network.close();
  }
}
