package org.dnregistry.deploy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's one answer to SIGTERM and Ctrl-C, installed before a role starts. It tells the main thread to stop
 * (whether it is still starting or already serving) and gives it {@link #BUDGET} to close what it opened, committing
 * what it acknowledged; then the JVM ends whatever the main thread is doing. Kubernetes sends SIGKILL 30 s after
 * SIGTERM by default, so everything must be done before that.
 *
 * <p>Earlier each role registered its own hook only once it was serving: a SIGTERM during start-up found no hook,
 * the main thread kept starting, and the local stack's hooks waited for it for minutes.
 */
final class Shutdown {
  /** How long the main thread may take to close after SIGTERM; the rest of the 30 s is the JVM's own exit. */
  static final Duration BUDGET = Duration.ofSeconds(26);

  private enum State { RUNNING, REQUESTED, EXITING }

  private static final AtomicReference<State> STATE = new AtomicReference<>(State.RUNNING);
  private static final CompletableFuture<Void> REQUESTED = new CompletableFuture<>();
  private static volatile long requestedAt;
  private static volatile boolean installed;

  private Shutdown() {}

  /** Installs the hook for the calling (main) thread; idempotent. */
  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // A System.exit of the main thread itself runs the hooks too: then there is nobody to wait for.
      if (!STATE.compareAndSet(State.RUNNING, State.REQUESTED)) {
        return;
      }
      requestedAt = System.nanoTime();
      REQUESTED.complete(null);
      try {
        main.join(BUDGET.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (main.isAlive()) {
        System.err.printf("still stopping %.1f s after the stop signal; exiting now%n", sinceRequested());
      }
    }, "shutdown"));
  }

  /** True once the JVM was asked to stop (SIGTERM, Ctrl-C). */
  static boolean requested() {
    return STATE.get() == State.REQUESTED;
  }

  /** Seconds since the stop signal, for the console. */
  static double sinceRequested() {
    return requested() ? (System.nanoTime() - requestedAt) / 1e9 : 0;
  }

  /** Blocks until the JVM is asked to stop or {@code other} completes (a role that failed), whichever is first. */
  static void awaitOr(CompletableFuture<?> other) throws InterruptedException {
    try {
      CompletableFuture.anyOf(REQUESTED, other).get();
    } catch (ExecutionException failed) {
      // other completed exceptionally: it is over all the same, and the caller reads how.
    }
  }

  /**
   * Called by the main thread before {@link System#exit}: true if it may exit now, false if a stop signal came first
   * (the hook is then waiting for this thread to end, and System.exit would block until the hook gave up).
   */
  static boolean beginExit() {
    return STATE.compareAndSet(State.RUNNING, State.EXITING) || STATE.get() == State.EXITING;
  }
}
