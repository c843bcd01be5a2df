package org.dnregistry.streams.buckets;

import java.util.Arrays;
import java.util.StringJoiner;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/**
 * The additive integer counters of one day of one series (or a signed change to them): sessions, adverse events
 * per {@link ComplicationCategory}, efficacy sums per instrument and follow-up timepoint, guideline flags, and the
 * follow-up completeness of the episodes whose baseline falls on that day. Integers only, so that subtracting what
 * was once added always returns exactly to where it was, whatever the order in which corrections and retractions
 * arrive. Immutable; {@link Builder} accumulates.
 *
 * <p>Every counter has an index ({@link #SIZE} of them), which is what contributions and the compact binary form
 * name. The indices follow the code lists' declaration order, so the binary form carries {@link #LAYOUT}: a code
 * list that grows changes the layout, and stored counters of another layout are refused rather than misread.
 */
public final class DayCounters {
  private static final ComplicationCategory[] CATEGORIES = ComplicationCategory.values();
  private static final Instrument[] INSTRUMENTS = Instrument.values();
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();
  private static final GuidelineFlag[] FLAGS = GuidelineFlag.values();
  /** Follow-up timepoints: every timepoint but BASELINE, which is what a change is measured from. */
  private static final int FOLLOW_UPS = TIMEPOINTS.length - 1;
  private static final int CELL = 4; // n, sum, sum of squares, responders

  private static final int SESSIONS = 0;
  private static final int EVENTS = 1;
  private static final int EFFICACY = EVENTS + CATEGORIES.length;
  private static final int FLAG = EFFICACY + INSTRUMENTS.length * FOLLOW_UPS * CELL;
  private static final int FOLLOW_UP_ELIGIBLE = FLAG + FLAGS.length;
  private static final int FOLLOW_UP_COMPLETE = FOLLOW_UP_ELIGIBLE + 1;
  public static final int SIZE = FOLLOW_UP_COMPLETE + 1;
  /** Identifies the index layout in the binary form (see the class comment). */
  static final int LAYOUT = Arrays.hashCode(new int[] {1, CATEGORIES.length, INSTRUMENTS.length, TIMEPOINTS.length,
      FLAGS.length}) & 0x7F;

  public static final DayCounters ZERO = new DayCounters(new long[SIZE]);

  private final long[] v;

  private DayCounters(long[] v) {
    this.v = v;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------------------- counter indices

  public static int sessionsIndex() {
    return SESSIONS;
  }

  public static int eventsIndex(ComplicationCategory category) {
    return EVENTS + category.ordinal();
  }

  public static int flagIndex(GuidelineFlag flag) {
    return FLAG + flag.ordinal();
  }

  public static int followUpEligibleIndex() {
    return FOLLOW_UP_ELIGIBLE;
  }

  public static int followUpCompleteIndex() {
    return FOLLOW_UP_COMPLETE;
  }

  /** The first of the four counters (n, sum, sum of squares, responders) of an instrument and follow-up. */
  public static int efficacyIndex(Instrument instrument, Timepoint followUp) {
    if (followUp == Timepoint.BASELINE) {
      throw new IllegalArgumentException("BASELINE is not a follow-up timepoint");
    }
    return EFFICACY + (instrument.ordinal() * FOLLOW_UPS + followUp.ordinal() - 1) * CELL;
  }

  /** Whether the counter at {@code index} is a sum of changes, the one kind that may be negative. */
  public static boolean isSumOfChanges(int index) {
    return index >= EFFICACY && index < FLAG && (index - EFFICACY) % CELL == 1;
  }

  // --------------------------------------------------------------------------------------------------- reading

  public long get(int index) {
    return v[index];
  }

  public long sessions() {
    return v[SESSIONS];
  }

  public long events(ComplicationCategory category) {
    return v[eventsIndex(category)];
  }

  public long flag(GuidelineFlag flag) {
    return v[flagIndex(flag)];
  }

  public long followUpEligible() {
    return v[FOLLOW_UP_ELIGIBLE];
  }

  public long followUpComplete() {
    return v[FOLLOW_UP_COMPLETE];
  }

  public EfficacyCell efficacy(Instrument instrument, Timepoint followUp) {
    int i = efficacyIndex(instrument, followUp);
    return new EfficacyCell(v[i], v[i + 1], v[i + 2], v[i + 3]);
  }

  public boolean hasFlags() {
    for (int i = FLAG; i < FLAG + FLAGS.length; i++) {
      if (v[i] != 0) {
        return true;
      }
    }
    return false;
  }

  public boolean isZero() {
    for (long x : v) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when some count is below zero: never the case for a day bucket, only for a change. Sums of changes are
   * not counts (a patient may get worse), so they may be negative.
   */
  public boolean hasNegativeCount() {
    for (int i = 0; i < SIZE; i++) {
      if (v[i] < 0 && !isSumOfChanges(i)) {
        return true;
      }
    }
    return false;
  }

  public DayCounters plus(DayCounters other) {
    long[] r = v.clone();
    for (int i = 0; i < SIZE; i++) {
      r[i] += other.v[i];
    }
    return new DayCounters(r);
  }

  public DayCounters minus(DayCounters other) {
    long[] r = v.clone();
    for (int i = 0; i < SIZE; i++) {
      r[i] -= other.v[i];
    }
    return new DayCounters(r);
  }

  public DayCounters negate() {
    return ZERO.minus(this);
  }

  // ------------------------------------------------------------------------------------------------ binary form

  /** The non-zero counters as (index, value) pairs after the layout byte. */
  public byte[] toBytes() {
    var out = new BinaryWriter(16);
    write(out);
    return out.toByteArray();
  }

  public void write(BinaryWriter out) {
    out.writeByte(LAYOUT);
    int nonZero = 0;
    for (long x : v) {
      if (x != 0) {
        nonZero++;
      }
    }
    out.writeUnsigned(nonZero);
    for (int i = 0; i < SIZE; i++) {
      if (v[i] != 0) {
        out.writeUnsigned(i).writeSigned(v[i]);
      }
    }
  }

  public static DayCounters fromBytes(byte[] bytes) {
    return read(new BinaryReader(bytes));
  }

  public static DayCounters read(BinaryReader in) {
    var b = builder();
    b.addFrom(in);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayCounters other && Arrays.equals(v, other.v);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(v);
  }

  @Override
  public String toString() {
    var s = new StringJoiner(", ", "DayCounters{", "}");
    for (int i = 0; i < SIZE; i++) {
      if (v[i] != 0) {
        s.add(i + "=" + v[i]);
      }
    }
    return s.toString();
  }

  /** Sufficient statistics of change scores (positive = better) in integer hundredths of a point. */
  public record EfficacyCell(long n, long sumHundredths, long sumSquaresHundredths, long responders) {
    public boolean isZero() {
      return n == 0 && sumHundredths == 0 && sumSquaresHundredths == 0 && responders == 0;
    }
  }

  /** A mutable accumulator: for summing a window's days without allocating per day. */
  public static final class Builder {
    private final long[] v = new long[SIZE];

    private Builder() {}

    public Builder add(int index, long n) {
      v[index] += n;
      return this;
    }

    public Builder addSessions(long n) {
      return add(SESSIONS, n);
    }

    public Builder addEvents(ComplicationCategory category, long n) {
      return add(eventsIndex(category), n);
    }

    public Builder addFlag(GuidelineFlag flag, long n) {
      return add(flagIndex(flag), n);
    }

    public Builder addEfficacy(Instrument instrument, Timepoint followUp, EfficacyCell cell) {
      int i = efficacyIndex(instrument, followUp);
      v[i] += cell.n();
      v[i + 1] += cell.sumHundredths();
      v[i + 2] += cell.sumSquaresHundredths();
      v[i + 3] += cell.responders();
      return this;
    }

    /** One observation: a change from baseline, in hundredths, positive = better. */
    public Builder addObservation(Instrument instrument, Timepoint followUp, long changeHundredths,
        boolean responder) {
      return addEfficacy(instrument, followUp,
          new EfficacyCell(1, changeHundredths, changeHundredths * changeHundredths, responder ? 1 : 0));
    }

    public Builder add(DayCounters counters) {
      for (int i = 0; i < SIZE; i++) {
        v[i] += counters.v[i];
      }
      return this;
    }

    /** Adds counters in their binary form, without building them first (window sums read many days). */
    public Builder addFrom(BinaryReader in) {
      int layout = in.readByte();
      if (layout != LAYOUT) {
        throw new IllegalStateException("day counters of layout " + layout + ", this version reads " + LAYOUT
            + ": the code lists changed; reprocess with a new application id (docs/OPERATIONS.md)");
      }
      long pairs = in.readUnsigned();
      for (long p = 0; p < pairs; p++) {
        int index = in.readUnsignedInt();
        if (index >= SIZE) {
          throw new IllegalStateException("counter index " + index + " out of range " + SIZE);
        }
        v[index] += in.readSigned();
      }
      return this;
    }

    public boolean isZero() {
      for (long x : v) {
        if (x != 0) {
          return false;
        }
      }
      return true;
    }

    public DayCounters build() {
      return new DayCounters(v.clone());
    }
  }
}
