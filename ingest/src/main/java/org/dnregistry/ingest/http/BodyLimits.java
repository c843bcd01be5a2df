package org.dnregistry.ingest.http;

import java.time.Duration;

/**
 * Bounds on reading request bodies.
 *
 * @param maxBodyBytes one body; more is a 413
 * @param maxInFlightBytes every body being read, parsed or written at once; a request that does not fit is a 503
 * @param bodyTimeout how long a body may take to arrive in full; a client that trickles it slower gets a 408 and the
 *     connection is closed, so it cannot hold its share of the in-flight budget (and a server thread) for long
 */
public record BodyLimits(long maxBodyBytes, long maxInFlightBytes, Duration bodyTimeout) {
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);

  public BodyLimits {
    if (maxBodyBytes < 1 || maxInFlightBytes < 1 || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("body limits must be positive");
    }
  }
}
