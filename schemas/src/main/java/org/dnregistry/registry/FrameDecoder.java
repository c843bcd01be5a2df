package org.dnregistry.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over one Kafka record that refuses any length the record cannot hold, before allocating for it.
 *
 * <p>Avro's {@link BinaryDecoder} allocates what a length prefix declares: a crafted frame declaring a 2 GB string
 * makes it allocate 2 GB, an OutOfMemoryError that kills the consumer instead of a dead letter. Avro 1.12 has
 * limits ({@code org.apache.avro.limits.string.maxLength} and siblings), but they are JVM-wide system properties
 * read once when Avro first decodes anything, so a library cannot set them reliably, and their defaults are the
 * VM's array limit. Here the bound is exact instead: a string or bytes value can be no longer than the bytes left
 * in the frame, and the items of every array and map of one frame together no more than the frame's length (every
 * item takes at least one byte, except items of type null or empty records, which no schema of ours has). A
 * violation is an {@link AvroFrameException}: the record is bad, and goes to the dead-letter topic.
 *
 * <p>Not thread-safe; one per thread, re-targeted with {@link #reset} for every record.
 */
final class FrameDecoder extends Decoder {
  private BinaryDecoder in;
  private InputStream remaining;
  private long itemBudget;
  private String topic;
  private int schemaId;

  /** Decodes the {@code length} bytes {@code decoder} is set to, a record of {@code topic} written with the id. */
  FrameDecoder reset(BinaryDecoder decoder, int length, String topic, int schemaId) {
    this.in = decoder;
    // For a decoder over a byte array, available() is exactly the bytes not yet decoded (limit - position).
    this.remaining = decoder.inputStream();
    this.itemBudget = length;
    this.topic = topic;
    this.schemaId = schemaId;
    return this;
  }

  BinaryDecoder binary() {
    return in;
  }

  private String where() {
    return "on topic " + topic + " (schema id " + schemaId + ")";
  }

  private int checkedLength(String what) throws IOException {
    long length = in.readLong();
    int left = remaining.available();
    if (length < 0) {
      throw new AvroFrameException(AvroFrameException.Reason.UNREADABLE_BODY,
          what + " declares a negative length " + where(), null);
    }
    if (length > left) {
      throw new AvroFrameException(AvroFrameException.Reason.TRUNCATED,
          what + " declares " + length + " bytes but only " + left + " are left in the record " + where(), null);
    }
    return (int) length;
  }

  private long checkedItems(long count) {
    // A negative count is not possible here: BinaryDecoder turns a block's negative count into its absolute value.
    if (count > itemBudget) {
      throw new AvroFrameException(AvroFrameException.Reason.TRUNCATED,
          "an array or map declares " + count + " more items than the record's bytes can hold " + where(), null);
    }
    itemBudget -= count;
    return count;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength("a string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    if (length > 0) {
      in.readFixed(result.getBytes(), 0, length);
    }
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checkedLength("a bytes value");
    ByteBuffer result = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
    in.readFixed(result.array(), result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedItems(in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedItems(in.arrayNext());
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedItems(in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return checkedItems(in.mapNext());
  }

  // Everything else allocates nothing from the input: delegated as is. Skips of a huge length end in an
  // EOFException on a byte array, without allocating.

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void skipString() throws IOException {
    in.skipString();
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipBytes();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
