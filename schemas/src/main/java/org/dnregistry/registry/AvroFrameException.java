package org.dnregistry.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes are not a readable Confluent-framed Avro message. Typed so that a Streams deserialization
 * handler can route the record to the dead-letter topic with {@link #reason()}.
 */
public final class AvroFrameException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Why a frame could not be read. */
  public enum Reason {
    EMPTY, BAD_MAGIC_BYTE,
    /** The record ends before what it declares: its end, or a string, bytes, array or map longer than its rest. */
    TRUNCATED,
    UNKNOWN_SCHEMA_ID, UNREADABLE_BODY
  }

  private final Reason reason;

  public AvroFrameException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
