package org.dnregistry.streams.quality;

import java.util.Arrays;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/** A count per {@link DataQualityKind} (or a signed change to them). Immutable. */
public final class DataQualityCounts {
  private static final DataQualityKind[] KINDS = DataQualityKind.values();
  public static final DataQualityCounts ZERO = new DataQualityCounts(new long[KINDS.length]);

  private final long[] counts;

  private DataQualityCounts(long[] counts) {
    this.counts = counts;
  }

  public static DataQualityCounts of(DataQualityKind kind, long n) {
    long[] c = new long[KINDS.length];
    c[kind.ordinal()] = n;
    return new DataQualityCounts(c);
  }

  public long get(DataQualityKind kind) {
    return counts[kind.ordinal()];
  }

  public DataQualityCounts with(DataQualityKind kind, long n) {
    long[] c = counts.clone();
    c[kind.ordinal()] = n;
    return new DataQualityCounts(c);
  }

  public DataQualityCounts plus(DataQualityCounts other) {
    long[] c = counts.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += other.counts[i];
    }
    return new DataQualityCounts(c);
  }

  public DataQualityCounts minus(DataQualityCounts other) {
    long[] c = counts.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] -= other.counts[i];
    }
    return new DataQualityCounts(c);
  }

  public boolean isZero() {
    for (long c : counts) {
      if (c != 0) {
        return false;
      }
    }
    return true;
  }

  public void write(BinaryWriter out) {
    out.writeUnsigned(counts.length);
    for (long c : counts) {
      out.writeSigned(c);
    }
  }

  public static DataQualityCounts read(BinaryReader in) {
    int n = in.readUnsignedInt();
    if (n != KINDS.length) {
      throw new IllegalStateException("data-quality counts of " + n + " kinds, this version has " + KINDS.length);
    }
    long[] c = new long[n];
    for (int i = 0; i < n; i++) {
      c[i] = in.readSigned();
    }
    return new DataQualityCounts(c);
  }

  public byte[] toBytes() {
    var out = new BinaryWriter(8);
    write(out);
    return out.toByteArray();
  }

  public static DataQualityCounts fromBytes(byte[] bytes) {
    return read(new BinaryReader(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataQualityCounts other && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "DataQualityCounts" + Arrays.toString(counts);
  }
}
