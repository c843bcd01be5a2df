package org.dnregistry.registry;

/** The subject, version or schema id does not exist in the registry (HTTP 404). */
public final class SchemaNotFoundException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
