package org.dnregistry.localstack;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines for child JVMs. */
final class JavaCommand {
  private JavaCommand() {}

  /** The java binary running this JVM, so the broker runs on exactly the Java the tests or the jar run on. */
  static String currentJava() {
    return ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * A JVM on this JVM's own classpath. When this JVM runs as {@code java -jar x.jar}, the classpath is {@code x.jar}
   * and its manifest Class-Path is honoured for the child too; the same holds for surefire's manifest-only jar.
   */
  static List<String> onCurrentClasspath(List<String> jvmOptions, String mainClass, List<String> args) {
    var command = new ArrayList<String>();
    command.add(currentJava());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absoluteClasspath(System.getProperty("java.class.path")));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Children run in their data folder, so a relative entry such as {@code x.jar} must be made absolute. */
  static String absoluteClasspath(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
