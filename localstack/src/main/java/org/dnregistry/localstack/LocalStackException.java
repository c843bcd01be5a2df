package org.dnregistry.localstack;

/** The local broker or registry could not be started or stopped; the message says why and what to do. */
public final class LocalStackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalStackException(String message) {
    super(message);
  }

  public LocalStackException(String message, Throwable cause) {
    super(message, cause);
  }
}
