package org.dnregistry.ingest.kafka;

/**
 * The facts of one request could not be written because of what they are (Kafka or the serializer refused one of
 * its records), not because Kafka or the registry is unavailable: retrying will not help. Nothing of that request
 * was written; the other requests of its group commit were written without it.
 */
public final class FactsRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FactsRejectedException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
