package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker and the registry never outlive the JVM that started them: not on SIGTERM, not even on SIGKILL. */
class OrphanIT {
  @TempDir Path dir;
  private Process holder;

  @AfterEach
  void leaveNothingRunning() {
    if (holder != null) {
      holder.destroyForcibly();
    }
    ChildProcesses.killAll(dir);
  }

  @Test
  void childrenExitCleanlyWhenTheirParentIsKilled() throws Exception {
    long[] pids = startHolder("stack");
    assertThat(ChildProcesses.alive(pids[0]) && ChildProcesses.alive(pids[1])).isTrue();

    holder.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs in the holder

    // A registry training its start-up cache takes a while to exit (AotCache).
    assertThat(ChildProcesses.allGone(Duration.ofSeconds(150), pids))
        .as("broker %d and registry %d exit", pids[0], pids[1]).isTrue();
    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
    // They exited through their own shutdown hooks: the broker shut down cleanly.
    assertThat(dir.resolve("kafka/data/.kafka_cleanshutdown")).exists();
    assertThat(dir.resolve("kafka/broker.log")).content().contains("parent-watch: parent process");
  }

  @Test
  void theShutdownHookStopsTheBrokerWhenTheParentIsTerminated() throws Exception {
    long[] pids = startHolder("kafka");
    assertThat(ChildProcesses.alive(pids[0])).isTrue();

    holder.destroy(); // SIGTERM: the holder's shutdown hook stops the broker before the holder exits
    holder.waitFor();

    assertThat(ChildProcesses.alive(pids[0])).as("broker %d after its parent ended", pids[0]).isFalse();
    assertThat(dir.resolve("kafka/data/.kafka_cleanshutdown")).exists();
    assertThat(dir.resolve("kafka/broker.log")).content().doesNotContain("parent-watch: parent process");
  }

  private long[] startHolder(String what) throws IOException, InterruptedException {
    holder = new ProcessBuilder(JavaCommand.onCurrentClasspath(List.of("-Xmx128m"), StackHolder.class.getName(),
        List.of(dir.toString(), what)))
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(dir.resolve("holder.log").toFile()))
        .start();
    Path pidsFile = dir.resolve("pids");
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (!Files.exists(pidsFile) && holder.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(pidsFile).as(ChildProcess.tail(dir.resolve("holder.log"), 30)).exists();
    return Arrays.stream(Files.readString(pidsFile).trim().split(" ")).mapToLong(Long::parseLong).toArray();
  }
}
