package org.dnregistry.registry;

/**
 * A schema-registry call failed. {@code httpStatus} and {@code errorCode} are the registry's own (0 when the
 * call never got an answer, e.g. a timeout or refused connection).
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }
}
