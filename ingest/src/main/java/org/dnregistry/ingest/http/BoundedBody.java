package org.dnregistry.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a size and a time limit, so neither a chunked upload without Content-Length nor a
 * client trickling its bytes can hold memory (and a thread) for long.
 */
final class BoundedBody {
  /** What reading gave: the body, or why there is none. */
  sealed interface Read {
    record Body(byte[] bytes) implements Read {}

    /** Longer than the limit; reading stopped there. */
    record TooLarge() implements Read {}

    /** The body did not arrive in time. */
    record TimedOut() implements Read {}
  }

  private BoundedBody() {}

  /**
   * Reads until the end of the body, {@code limit} bytes, or {@code deadlineNanos} (of {@link System#nanoTime}).
   * A blocked read is ended by the server's idle timeout (an IOException); when that happens after the deadline it
   * counts as a timeout too.
   */
  static Read read(InputStream in, long limit, long expectedLength, long deadlineNanos) throws IOException {
    int initial = (int) Math.min(Math.max(expectedLength, 8192), Math.min(limit + 1, Integer.MAX_VALUE - 8));
    var out = new ByteArrayOutputStream(initial);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    try {
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > limit) {
          return new Read.TooLarge();
        }
        out.write(buffer, 0, n);
        if (System.nanoTime() - deadlineNanos > 0) {
          return new Read.TimedOut();
        }
      }
    } catch (IOException e) {
      if (System.nanoTime() - deadlineNanos > 0 || isTimeout(e)) {
        return new Read.TimedOut();
      }
      throw e;
    }
    return new Read.Body(out.toByteArray());
  }

  /** Jetty ends a read blocked past the idle timeout with an IOException caused by a TimeoutException. */
  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
