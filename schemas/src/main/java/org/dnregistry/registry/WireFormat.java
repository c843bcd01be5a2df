package org.dnregistry.registry;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id of a frame, or an {@link AvroFrameException} saying why the frame is not one. */
  public static int schemaId(byte[] frame) {
    return schemaId(frame, 0, frame.length);
  }

  /** The schema id of the frame in {@code bytes[offset, offset + length)}. */
  public static int schemaId(byte[] bytes, int offset, int length) {
    if (length == 0) {
      throw new AvroFrameException(AvroFrameException.Reason.EMPTY, "empty record value", null);
    }
    if (bytes[offset] != MAGIC_BYTE) {
      throw new AvroFrameException(AvroFrameException.Reason.BAD_MAGIC_BYTE,
          "first byte is " + bytes[offset] + ", expected the Confluent magic byte 0", null);
    }
    if (length < HEADER_SIZE) {
      throw new AvroFrameException(AvroFrameException.Reason.TRUNCATED,
          "frame of " + length + " bytes is shorter than the 5-byte header", null);
    }
    return (bytes[offset + 1] & 0xFF) << 24 | (bytes[offset + 2] & 0xFF) << 16
        | (bytes[offset + 3] & 0xFF) << 8 | (bytes[offset + 4] & 0xFF);
  }
}
