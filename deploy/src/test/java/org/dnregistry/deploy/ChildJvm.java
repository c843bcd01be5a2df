package org.dnregistry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command of the distribution ({@link Main}) in a JVM of its own, on the test's classpath (the reactor's classes
 * and every dependency, as the jar's manifest lists them), so a test can send it real signals: SIGTERM, SIGKILL.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  /** Where this child's output begins in a log that several children append to in turn. */
  private final long from;

  private ChildJvm(String name, Process process, Path log, long from) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.from = from;
  }

  /** Starts {@code java ... org.dnregistry.deploy.Main <args>}; stdout and stderr go to {@code log}. */
  static ChildJvm start(String name, Path log, Map<String, String> env, String... args) {
    var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      long from = Files.exists(log) ? Files.size(log) : 0;
      Files.writeString(log, "---- " + name + ": " + String.join(" ", args) + System.lineSeparator(),
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      return new ChildJvm(name, builder.start(), log, from);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Everything the child wrote so far. */
  String output() {
    try {
      byte[] all = Files.readAllBytes(log);
      return new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the child wrote {@code marker}. */
  void awaitOutput(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(marker)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (code " + process.exitValue() + ") before writing '" + marker
            + "'; its output:\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not write '" + marker + "' within " + timeout + "; its output:\n"
            + tail());
      }
      Thread.sleep(100);
    }
  }

  /** The time from the signal until the process is gone, or null if it was still running after {@code limit}. */
  Stop sigterm(Duration limit) throws InterruptedException {
    long t0 = System.nanoTime();
    process.destroy();
    boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    var took = Duration.ofNanos(System.nanoTime() - t0);
    return new Stop(ended, took, ended ? process.exitValue() : -1);
  }

  /** SIGKILL: no hook runs, nothing is closed. */
  void sigkill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** How a stop went: whether the process ended within the limit, after how long, its exit code. */
  record Stop(boolean ended, Duration took, int exitCode) {
    String seconds() {
      return String.format("%.1f s", took.toMillis() / 1000.0);
    }
  }

  /** The child's own failure lines (an error message may quote a long log), then the end of its output. */
  String tail() {
    String all = output();
    String failures = String.join("\n", all.lines().filter(l -> l.contains(" failed") || l.contains("stopped"))
        .limit(10).toList());
    return failures + "\n...\n" + all.substring(Math.max(0, all.length() - 6000));
  }

  /** Last resort for a failed test: no child may outlive it. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
