package org.dnregistry.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Test helper: the processes started for a data folder, found by the folder in their command line. */
final class ChildProcesses {
  private ChildProcesses() {}

  static List<ProcessHandle> mentioning(Path dir) {
    String needle = dir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
        .toList();
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Waits until none of the pids is alive; true if so within the timeout. */
  static boolean allGone(Duration timeout, long... pids) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean any = false;
      for (long pid : pids) {
        any |= alive(pid);
      }
      if (!any) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Last-resort cleanup so that a failed test leaves nothing running. */
  static void killAll(Path dir) {
    for (var p : mentioning(dir)) {
      p.destroyForcibly();
    }
  }
}
