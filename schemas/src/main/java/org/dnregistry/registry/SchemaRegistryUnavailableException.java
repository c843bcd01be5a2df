package org.dnregistry.registry;

/**
 * The registry could not answer: no connection, no reply in time, or a 5xx/429/408 status, after the client's own
 * retries. Transient by nature: the same call may succeed later, so a record whose schema could not be fetched is
 * not a bad record (never dead-letter it) and a request that needed the registry deserves a 503, not a 4xx.
 * {@code httpStatus} is 0 when no answer came at all.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryUnavailableException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, httpStatus, errorCode, cause);
  }
}
