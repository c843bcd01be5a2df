package org.dnregistry.deploy.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The streams role as production runs it, {@code Main streams --config FILE}, in a child JVM on this JVM's
 * classpath: killed with SIGKILL, stopped with SIGTERM, or left to exit by itself. Every start of one instance uses
 * the same config, state folder and query port, and appends to one log.
 */
final class StreamsProcess implements AutoCloseable {
  static final String VIEWER = "viewer-token-faults-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final Path config;
  private final Path log;
  private final int port;
  private final String applicationId;
  private Process process;

  private StreamsProcess(Path dir, Path config, Path log, int port, String applicationId) {
    this.applicationId = applicationId;
    this.dir = dir;
    this.config = config;
    this.log = log;
    this.port = port;
  }

  /** Writes the config (and a viewer token) under {@code dir}; {@code extra} overrides or adds settings. */
  static StreamsProcess configure(Path dir, String bootstrapServers, String registryUrl, String applicationId,
      Map<String, String> extra) {
    try {
      Files.createDirectories(dir);
      Path tokens = dir.resolve("tokens.json");
      Files.writeString(tokens, "{\"tokens\":[{\"token\":\"" + VIEWER + "\",\"role\":\"viewer\"}]}");
      int port = freePort();
      var settings = new TreeMap<String, String>();
      settings.put("kafka.bootstrap.servers", bootstrapServers);
      settings.put("schema.registry.url", registryUrl);
      settings.put("streams.application.id", applicationId);
      settings.put("streams.state.dir", dir.resolve("state").toString());
      settings.put("streams.rocksdb.total.bytes", Long.toString(32L * 1024 * 1024));
      settings.put("streams.rocksdb.memtable.bytes", Long.toString(8L * 1024 * 1024));
      settings.put("query.port", Integer.toString(port));
      settings.put("query.tokens.file", tokens.toString());
      settings.put("query.internal.token", "faults-it-internal-0123456789");
      settings.putAll(extra);
      var props = new Properties();
      props.putAll(settings);
      Path config = dir.resolve("streams.properties");
      try (var out = Files.newBufferedWriter(config)) {
        props.store(out, "streams role of a fault test");
      }
      // The log outlives the test's temporary folder, for the report of a failed run.
      Path logs = Path.of("target", "faults-logs").toAbsolutePath();
      Files.createDirectories(logs);
      return new StreamsProcess(dir, config, logs.resolve(applicationId + ".log"), port, applicationId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code Main streams} (which must not be running). */
  StreamsProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running: pid " + process.pid());
    }
    var command = new ArrayList<String>(List.of(
        ProcessHandle.current().info().command().orElseGet(
            () -> Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
        "-cp", absoluteClasspath(System.getProperty("java.class.path")),
        "org.dnregistry.deploy.Main", "streams", "--config", config.toString()));
    try {
      Files.writeString(log, "---- starting Main streams" + System.lineSeparator(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile())).start();
      process.getOutputStream().close();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the streams role", e);
    }
  }

  /** Surefire and failsafe may run from a manifest-only jar with a relative path: the child runs elsewhere. */
  private static String absoluteClasspath(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator)).filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  String applicationId() {
    return applicationId;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Path stateDir() {
    return dir.resolve("state");
  }

  /** SIGKILL, as a crash, an OOM kill or a lost node: no shutdown hook, no checkpoint, no leave-group. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " still alive 30 s after SIGKILL");
    }
  }

  /** The exit code, once the process has ended within the timeout; empty if it still runs. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
        : Optional.empty();
  }

  /** {@code /health}: its status code and body; empty when nothing answers. */
  Optional<HttpResponse<String>> health() {
    try {
      return Optional.of(HTTP.send(HttpRequest.newBuilder(url().resolve("/health")).timeout(Duration.ofSeconds(5))
          .GET().build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  boolean ready() {
    return health().map(r -> r.statusCode() == 200).orElse(false);
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, then SIGKILL after 30 s: whatever a test left running. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
