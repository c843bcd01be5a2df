package org.dnregistry.ingest.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the request bytes held at once (bodies being read, parsed and written): each request may be 16 MiB and
 * Jetty serves hundreds at a time, so without a bound a burst of large uploads could exhaust the heap. A request
 * that does not fit is answered 503 with Retry-After, like a full write queue. One request always fits when nothing
 * else is in flight, so a limit below the body limit cannot lock out large requests.
 */
final class InFlightBudget {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  InFlightBudget(long max) {
    this.max = max;
  }

  boolean tryReserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now > 0 && now + bytes > max) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }
}
