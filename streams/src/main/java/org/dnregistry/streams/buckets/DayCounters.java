package org.dnregistry.streams.buckets;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.avro.internal.Counters;
import org.dnregistry.avro.internal.EfficacySums;

/**
 * The additive integer counters of one day of one series (or a signed change to them): sessions, adverse events
 * per {@link ComplicationCategory}, efficacy sums per instrument and follow-up timepoint, guideline flags.
 * Integers only, so that subtracting what was once added always returns exactly to where it was, whatever the
 * order in which corrections and retractions arrive. Immutable; {@link Builder} accumulates.
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
  private static final int SIZE = FLAG + FLAGS.length;

  public static final DayCounters ZERO = new DayCounters(new long[SIZE]);

  private final long[] v;

  private DayCounters(long[] v) {
    this.v = v;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long sessions() {
    return v[SESSIONS];
  }

  public long events(ComplicationCategory category) {
    return v[EVENTS + category.ordinal()];
  }

  public long flag(GuidelineFlag flag) {
    return v[FLAG + flag.ordinal()];
  }

  public EfficacyCell efficacy(Instrument instrument, Timepoint followUp) {
    int i = cell(instrument, followUp);
    return new EfficacyCell(v[i], v[i + 1], v[i + 2], v[i + 3]);
  }

  public boolean hasFlags() {
    for (int i = FLAG; i < SIZE; i++) {
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

  private static boolean isSumOfChanges(int i) {
    return i >= EFFICACY && i < FLAG && (i - EFFICACY) % CELL == 1;
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

  private static int cell(Instrument instrument, Timepoint followUp) {
    if (followUp == Timepoint.BASELINE) {
      throw new IllegalArgumentException("BASELINE is not a follow-up timepoint");
    }
    return EFFICACY + (instrument.ordinal() * FOLLOW_UPS + followUp.ordinal() - 1) * CELL;
  }

  public Counters toAvro() {
    var events = new HashMap<String, Long>();
    for (ComplicationCategory c : CATEGORIES) {
      long x = events(c);
      if (x != 0) {
        events.put(c.name(), x);
      }
    }
    var efficacy = new HashMap<String, EfficacySums>();
    for (Instrument instrument : INSTRUMENTS) {
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        EfficacyCell e = efficacy(instrument, TIMEPOINTS[t]);
        if (!e.isZero()) {
          efficacy.put(efficacyKey(instrument, TIMEPOINTS[t]),
              new EfficacySums(e.n(), e.sumHundredths(), e.sumSquaresHundredths(), e.responders()));
        }
      }
    }
    var flags = new HashMap<String, Long>();
    for (GuidelineFlag f : FLAGS) {
      long x = flag(f);
      if (x != 0) {
        flags.put(f.name(), x);
      }
    }
    return new Counters(sessions(), events, efficacy, flags);
  }

  public static DayCounters fromAvro(Counters avro) {
    var b = builder().addSessions(avro.getSessions());
    for (Map.Entry<String, Long> e : avro.getEvents().entrySet()) {
      b.addEvents(ComplicationCategory.valueOf(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, EfficacySums> e : avro.getEfficacy().entrySet()) {
      String[] parts = e.getKey().split("\\|");
      EfficacySums s = e.getValue();
      b.addEfficacy(Instrument.valueOf(parts[0]), Timepoint.valueOf(parts[1]),
          new EfficacyCell(s.getN(), s.getSumHundredths(), s.getSumSquaresHundredths(), s.getResponders()));
    }
    for (Map.Entry<String, Long> e : avro.getFlags().entrySet()) {
      b.addFlag(GuidelineFlag.valueOf(e.getKey()), e.getValue());
    }
    return b.build();
  }

  static String efficacyKey(Instrument instrument, Timepoint timepoint) {
    return instrument.name() + '|' + timepoint.name();
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
    return "DayCounters" + toAvro();
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

    public Builder addSessions(long n) {
      v[SESSIONS] += n;
      return this;
    }

    public Builder addEvents(ComplicationCategory category, long n) {
      v[EVENTS + category.ordinal()] += n;
      return this;
    }

    public Builder addFlag(GuidelineFlag flag, long n) {
      v[FLAG + flag.ordinal()] += n;
      return this;
    }

    public Builder addEfficacy(Instrument instrument, Timepoint followUp, EfficacyCell cell) {
      int i = cell(instrument, followUp);
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

    public DayCounters build() {
      return new DayCounters(v.clone());
    }
  }
}
