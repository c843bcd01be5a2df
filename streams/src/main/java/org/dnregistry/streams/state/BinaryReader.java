package org.dnregistry.streams.state;

import java.nio.charset.StandardCharsets;

/** Reads what {@link BinaryWriter} wrote; a truncated or malformed value is an {@link IllegalStateException}. */
public final class BinaryReader {
  private final byte[] buf;
  private int pos;

  public BinaryReader(byte[] buf) {
    this.buf = buf;
  }

  public boolean hasMore() {
    return pos < buf.length;
  }

  public int readByte() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long readUnsigned() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalStateException("malformed variable-length integer at " + pos);
  }

  public int readUnsignedInt() {
    return Math.toIntExact(readUnsigned());
  }

  public long readSigned() {
    long z = readUnsigned();
    return (z >>> 1) ^ -(z & 1);
  }

  public int readSignedInt() {
    return Math.toIntExact(readSigned());
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public String readString() {
    int length = readUnsignedInt();
    need(length);
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  public String readNullableString() {
    return readBoolean() ? readString() : null;
  }

  public double readDouble() {
    need(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
    }
    return Double.longBitsToDouble(bits);
  }

  private void need(int n) {
    if (n < 0 || pos + n > buf.length) {
      throw new IllegalStateException("value truncated: needs " + n + " more bytes at " + pos + " of " + buf.length);
    }
  }
}
