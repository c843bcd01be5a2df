package org.dnregistry.localstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Orders shutdown at JVM exit. The JVM runs shutdown hooks concurrently, so without this the broker's hook could
 * stop it while Kafka Streams or a producer of the same JVM still commits its last transaction. A user of the stack
 * registers here and releases its handle once it has closed its clients; the children's hooks wait for that first.
 */
public final class StackUsers {
  /** Part of the 30 s a stop may take ({@link ChildProcess#EXIT_BUDGET}): the children need a few seconds after. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(20);
  private static final List<CountDownLatch> USERS = new CopyOnWriteArrayList<>();

  private StackUsers() {}

  /** A handle to release (close) once this user no longer needs the broker and registry. */
  public static AutoCloseable register() {
    var latch = new CountDownLatch(1);
    USERS.add(latch);
    return () -> {
      latch.countDown();
      USERS.remove(latch);
    };
  }

  /** Waits, up to 20 s in all, until every registered user has released its handle. */
  static void awaitRelease() {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    for (CountDownLatch latch : USERS) {
      try {
        if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
