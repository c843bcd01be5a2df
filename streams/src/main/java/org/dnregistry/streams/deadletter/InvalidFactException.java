package org.dnregistry.streams.deadletter;

/**
 * A record that decoded but holds an impossible value (a score outside its instrument's range, an id containing
 * {@code |}, a key that does not match its value, low > high). Thrown by the validation step so that the
 * processing exception handler can route the original bytes to the dead-letter topic and go on.
 */
public final class InvalidFactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidFactException(String topic, String reason) {
    super("invalid record on " + topic + ": " + reason);
  }
}
