package org.dnregistry.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent loaded into every child JVM ({@code -javaagent:parent-watch.jar=<parent pid>}) that exits the child
 * when the JVM that started it is gone, even after a SIGKILL that ran no shutdown hook. {@code System.exit} runs
 * the child's own shutdown hooks, so the broker still shuts down cleanly. An agent rather than a wrapper main
 * because it works the same for the broker (our classpath) and for the registry ({@code java -jar}, Java 21).
 *
 * <p>This class is copied alone into the agent jar: it must use nothing but the JDK.
 */
public final class ParentWatch {
  private static final long POLL_MS = 500;

  private ParentWatch() {}

  public static void premain(String parentPid) {
    long pid = Long.parseLong(parentPid.trim());
    // ProcessHandle.of remembers the start time, so a recycled pid does not count as the parent.
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty()) {
      System.err.println("parent-watch: parent process " + pid + " is already gone; exiting");
      System.exit(1);
    }
    var thread = new Thread(() -> watch(parent.get()), "parent-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private static void watch(ProcessHandle parent) {
    while (parent.isAlive()) {
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
    System.err.println("parent-watch: parent process " + parent.pid() + " is gone; shutting down");
    System.exit(0);
  }

  /** Writes the agent jar into the folder (atomically, so concurrent starts never see half a jar). */
  static Path writeAgentJar(Path dir) {
    Path jar = dir.resolve("parent-watch.jar");
    String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
    var manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
    try (InputStream classBytes = ParentWatch.class.getResourceAsStream("/" + entry)) {
      if (classBytes == null) {
        throw new IllegalStateException("cannot read " + entry + " from the classpath");
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "parent-watch", ".tmp");
      try (var out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
        out.putNextEntry(new JarEntry(entry));
        classBytes.transferTo(out);
        out.closeEntry();
      }
      Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
  }

  /** The JVM option that loads the agent watching this JVM. */
  static String agentOption(Path jar) {
    return "-javaagent:" + jar.toAbsolutePath() + "=" + ProcessHandle.current().pid();
  }
}
