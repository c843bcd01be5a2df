package org.dnregistry.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the compact binary form of the topology's own state and internal-topic values: variable-length integers
 * (zig-zag for signed values) and length-prefixed UTF-8 strings. Avro with a registry would add a schema id and
 * field-by-field objects to values written once per input record; these are read back only by this code.
 */
public final class BinaryWriter {
  private byte[] buf;
  private int size;

  public BinaryWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public BinaryWriter writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  /** A non-negative number in 7-bit groups, least significant first. */
  public BinaryWriter writeUnsigned(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative: " + v);
    }
    return writeUnsignedBits(v);
  }

  /** Any number, zig-zag encoded so that small negative numbers stay short. */
  public BinaryWriter writeSigned(long v) {
    return writeUnsignedBits((v << 1) ^ (v >> 63));
  }

  private BinaryWriter writeUnsignedBits(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  public BinaryWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  public BinaryWriter writeString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeUnsigned(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  /** A string that may be null. */
  public BinaryWriter writeNullableString(String s) {
    writeBoolean(s != null);
    return s == null ? this : writeString(s);
  }

  public BinaryWriter writeDouble(double d) {
    long bits = Double.doubleToLongBits(d);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
