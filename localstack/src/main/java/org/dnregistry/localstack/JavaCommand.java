package org.dnregistry.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
