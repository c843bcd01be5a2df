package org.dnregistry.ingest.kafka;

/** Nothing of the request was written; the client may retry after {@code retryAfterSeconds}. */
public final class WriteUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why, in a form fit for metrics labels. */
  public enum Reason { QUEUE_FULL, KAFKA_UNAVAILABLE, REGISTRY_UNAVAILABLE, SHUTTING_DOWN }

  private final Reason reason;
  private final int retryAfterSeconds;

  public WriteUnavailableException(Reason reason, String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public Reason reason() {
    return reason;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
