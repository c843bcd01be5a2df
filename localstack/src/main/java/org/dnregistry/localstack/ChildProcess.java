package org.dnregistry.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM whose output (stdout and stderr, so also crashes before logging starts) goes to one log file.
 * A shutdown hook stops it when this JVM ends (normal exit, SIGTERM, Ctrl-C); {@link ParentWatch} covers SIGKILL.
 */
final class ChildProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  static final Duration STOP_GRACE = Duration.ofSeconds(30);
  /**
   * From the stop signal of this JVM until its children must be gone: within the 30 s a container platform (or a
   * person at Ctrl-C) waits, with room for the forced kill and the JVM's own exit.
   */
  static final Duration EXIT_BUDGET = Duration.ofSeconds(26);

  private final String name;
  private final Process process;
  private final Path log;
  private final Duration stopGrace;
  private final Thread hook;

  private ChildProcess(String name, Process process, Path log, Duration stopGrace) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopGrace = stopGrace;
    this.hook = new Thread(() -> {
      long deadline = System.nanoTime() + EXIT_BUDGET.toNanos();
      StackUsers.awaitRelease();
      stopQuietly(Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime())));
    }, "localstack-stop-" + name);
  }

  static ChildProcess start(String name, List<String> command, Path workDir, Path log) {
    return start(name, command, workDir, log, STOP_GRACE);
  }

  /** Starts the command; {@code stopGrace} is how long {@link #stop} waits after SIGTERM before it kills. */
  static ChildProcess start(String name, List<String> command, Path workDir, Path log, Duration stopGrace) {
    var builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()))
        .redirectInput(Redirect.PIPE);
    try {
      Files.writeString(log, "---- starting " + name + ": " + printable(command) + System.lineSeparator(),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      var child = new ChildProcess(name, builder.start(), log, stopGrace);
      try {
        Runtime.getRuntime().addShutdownHook(child.hook);
      } catch (IllegalStateException shuttingDown) {
        child.process.destroyForcibly();
        throw new LocalStackException("this JVM is shutting down; " + name + " was not started", shuttingDown);
      }
      child.process.getOutputStream().close();
      return child;
    } catch (IOException e) {
      throw new LocalStackException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /** The command for the log, without the classpath, which can be thousands of characters. */
  private static String printable(List<String> command) {
    var shown = new ArrayList<String>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size()) {
      shown.set(cp + 1, "<classpath of the starting JVM>");
    }
    return String.join(" ", shown);
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

  /** Waits for the process to end by itself (a tool such as the storage formatter); its exit code. */
  int await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop();
        throw new LocalStackException(name + " did not finish within " + timeout.toSeconds() + " s. Last lines of "
            + log + ":\n" + logTail());
      }
      removeHook();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new LocalStackException("interrupted while waiting for " + name, e);
    }
  }

  /** Runs the action with the exit code once the process has ended, however it ended. */
  void onExit(IntConsumer action) {
    process.onExit().thenAccept(p -> action.accept(p.exitValue()));
  }

  /**
   * SIGTERM, then up to the stop grace (30 s unless given) for a clean shutdown, then SIGKILL. A killed broker leaves
   * no clean-shutdown marker and its next start recovers the log, which is slow: the grace period is worth it.
   */
  void stop() {
    // The hook stays registered while stopping: if the JVM begins to exit meanwhile, it waits for the stop too.
    stopQuietly(stopGrace);
    removeHook();
  }

  private void stopQuietly(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) did not stop within {} s of SIGTERM; killing it", name, pid(), grace.toSeconds());
        process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already running the hooks, this one included.
    }
  }

  /** The last lines of the log, for error messages. */
  String logTail() {
    return tail(log, 60);
  }

  static String tail(Path file, int lines) {
    try (var in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = Math.max(0, length - 16_384);
      in.seek(from);
      byte[] bytes = new byte[(int) (length - from)];
      in.readFully(bytes);
      List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
