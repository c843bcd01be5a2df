package org.dnregistry.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long one registry request may take and how often a failed one (5xx, 429, timeout, no connection) is tried
 * again. The wait doubles from {@code initialWait} up to {@code maxWait}, with jitter so that many clients coming
 * back after a registry restart do not arrive together.
 */
public record RetryPolicy(Duration requestTimeout, int maxRetries, Duration initialWait, Duration maxWait) {

  public RetryPolicy {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    if (initialWait.isNegative() || maxWait.compareTo(initialWait) < 0) {
      throw new IllegalArgumentException("need 0 <= initialWait <= maxWait");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofMillis(AvroSerdeConfig.DEFAULT_REQUEST_TIMEOUT_MS),
        AvroSerdeConfig.DEFAULT_MAX_RETRIES, Duration.ofMillis(AvroSerdeConfig.DEFAULT_RETRIES_WAIT_MS),
        Duration.ofMillis(AvroSerdeConfig.DEFAULT_RETRIES_MAX_WAIT_MS));
  }

  public static RetryPolicy fromConfig(AvroSerdeConfig config) {
    return new RetryPolicy(config.requestTimeout(), config.maxRetries(), config.retriesWait(),
        config.retriesMaxWait());
  }

  /** The wait before retry number {@code retry} (1 for the first retry): between half and all of the backoff. */
  long waitMillis(int retry) {
    long backoff = initialWait.toMillis() << Math.min(retry - 1, 30);
    long capped = Math.min(Math.max(backoff, 0), maxWait.toMillis());
    long half = capped / 2;
    return half + ThreadLocalRandom.current().nextLong(capped - half + 1);
  }
}
