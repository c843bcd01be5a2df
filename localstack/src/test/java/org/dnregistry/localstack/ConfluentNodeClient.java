package org.dnregistry.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Confluent's official Node schema-registry client ({@code @confluentinc/schemaregistry}, pinned with its whole
 * dependency tree by the package-lock.json in test resources {@code confluent-compat/}), installed with
 * {@code npm ci} into {@code target/confluent-compat} and driven through {@code frames.js}.
 *
 * <p>Nothing here skips: without Node, npm or the npm registry the install fails the test with what to fix.
 */
final class ConfluentNodeClient {
  static final String PACKAGE = "@confluentinc/schemaregistry";
  private static final String RESOURCES = "confluent-compat";
  private static final List<String> FILES = List.of("package.json", "package-lock.json", "frames.js");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);
  private static final int RUN_ATTEMPTS = 3;
  /** Hash of the package files an install was made from: a rerun with the same lock reuses it. */
  private static final String STAMP = ".dnregistry-installed-from";

  private final Path dir;
  private final String version;

  private ConfluentNodeClient(Path dir, String version) {
    this.dir = dir;
    this.version = version;
  }

  /** Installs the pinned package unless this lock file was installed before; fails with what to fix. */
  static ConfluentNodeClient install() {
    Path resources = resources();
    Path dir = resources.getParent().getParent().resolve(RESOURCES); // target/test-classes/.. = target
    try {
      Files.createDirectories(dir);
      for (String file : FILES) {
        Files.copy(resources.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      String hash = sha256(dir.resolve("package.json"), dir.resolve("package-lock.json"));
      Path stamp = dir.resolve("node_modules").resolve(STAMP);
      Path installed = dir.resolve("node_modules").resolve(PACKAGE).resolve("package.json");
      boolean current = Files.isRegularFile(installed) && Files.isRegularFile(stamp)
          && Files.readString(stamp).equals(hash);
      if (!current) {
        // --ignore-scripts: nothing of this tree needs an install script, and none should run on a build machine.
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), dir, null, INSTALL_TIMEOUT);
        if (npm.exit() != 0) {
          throw new AssertionError("npm ci of " + PACKAGE + " in " + dir + " failed (exit " + npm.exit() + "). It needs"
              + " Node.js 20+ and npm on PATH and the npm registry reachable (npm config get registry). npm said:\n"
              + tail(npm.err() + npm.out()));
        }
        Files.writeString(stamp, hash);
      }
      String version = RegistryRest.JSON.readTree(installed.toFile()).get("version").asText();
      return new ConfluentNodeClient(dir, version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir + " for " + PACKAGE, e);
    }
  }

  /** The installed version of the package. */
  String version() {
    return version;
  }

  /** The version package.json pins. */
  String pinned() {
    try {
      return RegistryRest.JSON.readTree(dir.resolve("package.json").toFile()).get("dependencies").get(PACKAGE)
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code frames.js <command> <registryUrl>} on the jobs and returns what it printed. A run takes seconds; now
   * and then one hangs silently in the package's HTTP client (seen twice in CI-like runs, no output at all), so a
   * run that does not end in {@link #RUN_TIMEOUT} is killed and started again, up to {@link #RUN_ATTEMPTS} times.
   * The assertions on what it decoded or encoded are untouched by this.
   */
  JsonNode run(String command, String registryUrl, JsonNode jobs) {
    AssertionError lastTimeout = null;
    for (int attempt = 1; attempt <= RUN_ATTEMPTS; attempt++) {
      try {
        Run node = run(List.of("node", "frames.js", command, registryUrl), dir,
            RegistryRest.JSON.writeValueAsBytes(jobs), RUN_TIMEOUT);
        if (node.exit() != 0) {
          throw new AssertionError("frames.js " + command + " failed (exit " + node.exit() + "):\n" + tail(node.err()));
        }
        return RegistryRest.JSON.readTree(node.out());
      } catch (TimedOut e) {
        lastTimeout = e;
        System.err.println("attempt " + attempt + " of " + RUN_ATTEMPTS + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw lastTimeout;
  }

  /** A child process that did not end in time (and was killed). */
  private static final class TimedOut extends AssertionError {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private record Run(int exit, String out, String err) {}

  /**
   * Runs a command to its end; a command that does not end in time is killed and fails the test. Output goes to
   * files, not pipes: a pipe nobody drains fills at 64 KiB and blocks the child (the common fork-join pool that
   * would drain it has one thread on a 2-core machine, and other work of the test JVM may hold it).
   */
  private static Run run(List<String> command, Path dir, byte[] stdin, Duration timeout) {
    Process process;
    Path outFile;
    Path errFile;
    try {
      outFile = Files.createTempFile(dir, "run-", ".out");
      errFile = Files.createTempFile(dir, "run-", ".err");
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (" + e.getMessage() + "): Node.js 20+ and npm must"
          + " be on PATH for " + PACKAGE, e);
    }
    try {
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimedOut(String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s; it"
            + " said:\n" + tail(Files.readString(errFile) + Files.readString(outFile)));
      }
      return new Run(process.exitValue(), Files.readString(outFile), Files.readString(errFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    } finally {
      // npm and node start no daemons; whatever is left of this process tree goes.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        Files.deleteIfExists(outFile);
        Files.deleteIfExists(errFile);
      } catch (IOException e) {
        // Left in target/: harmless.
      }
    }
  }

  private static Path resources() {
    URL url = ConfluentNodeClient.class.getClassLoader().getResource(RESOURCES + "/package.json");
    if (url == null) {
      throw new IllegalStateException(RESOURCES + "/package.json is not on the test classpath");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path... files) throws IOException {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }
}
