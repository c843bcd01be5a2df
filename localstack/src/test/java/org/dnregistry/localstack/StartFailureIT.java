package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that cannot succeed fails with a message saying why, and leaves no process behind. */
class StartFailureIT {
  @TempDir Path dir;

  @AfterEach
  void leaveNothingRunning() {
    System.clearProperty(JavaLocator.HOME_PROPERTY);
    ChildProcesses.killAll(dir);
  }

  @Test
  void withoutJava21TheStackFailsNamingWhatToInstallAndStopsTheBroker() {
    System.setProperty(JavaLocator.HOME_PROPERTY, "/nonexistent/jdk-21");

    assertThatThrownBy(() -> LocalStack.start(dir))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("/nonexistent/jdk-21")
        .hasMessageContaining(JavaLocator.HOME_ENV)
        .hasMessageContaining("apt-get install");

    // The broker started in parallel and was stopped again.
    assertThat(dir.resolve("kafka/data/meta.properties")).exists();
    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
  }

  @Test
  void aBrokerThatExitsDuringStartUpFailsWithTheTailOfItsLog() throws Exception {
    // A log dir formatted for another node: the broker refuses it at start-up.
    Path data = Files.createDirectories(dir.resolve("kafka/data"));
    Files.writeString(data.resolve("meta.properties"),
        "version=1\nnode.id=7\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\ndirectory.id=BBBBBBBBBBBBBBBBBBBBBB\n");

    assertThatThrownBy(() -> LocalKafka.start(dir.resolve("kafka")))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("exited during start-up")
        .hasMessageContaining(dir.resolve("kafka/broker.log").toString())
        .hasMessageContaining("node");

    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
  }
}
