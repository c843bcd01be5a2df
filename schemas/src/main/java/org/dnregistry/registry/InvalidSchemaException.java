package org.dnregistry.registry;

/** The registry refused a schema as invalid, or a subject or version as malformed (HTTP 422). */
public final class InvalidSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public InvalidSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
