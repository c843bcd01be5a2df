package org.dnregistry.registry;

import java.nio.ByteBuffer;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id of a frame, or an {@link AvroFrameException} saying why the frame is not one. */
  public static int schemaId(byte[] frame) {
    if (frame.length == 0) {
      throw new AvroFrameException(AvroFrameException.Reason.EMPTY, "empty record value", null);
    }
    if (frame[0] != MAGIC_BYTE) {
      throw new AvroFrameException(AvroFrameException.Reason.BAD_MAGIC_BYTE,
          "first byte is " + frame[0] + ", expected the Confluent magic byte 0", null);
    }
    if (frame.length < HEADER_SIZE) {
      throw new AvroFrameException(AvroFrameException.Reason.TRUNCATED,
          "frame of " + frame.length + " bytes is shorter than the 5-byte header", null);
    }
    return ByteBuffer.wrap(frame, 1, 4).getInt();
  }
}
