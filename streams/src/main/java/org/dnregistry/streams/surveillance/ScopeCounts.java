package org.dnregistry.streams.surveillance;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;

/**
 * The counted sessions {@code n[d,i]} and adverse events {@code x[d,i,c]} of one scope by day, indication and
 * complication category (REFERENCE section 4, counted exactly as in Complications: events on their session's day),
 * from the scope's first counted session day through its latest. Feed it from the indication day buckets of the
 * scope (not the {@code ALL} series). Immutable; {@link Builder} accumulates.
 *
 * <p>Dense arrays indexed by day and indication: a CUSUM walks every calendar day, and three years of fourteen
 * indications are 15,330 cells, read in order.
 */
public final class ScopeCounts {
  static final int INDICATIONS = Indication.values().length;
  private static final ScopeCounts EMPTY = new ScopeCounts(null, 0, new long[0], new EnumMap<>(
      ComplicationCategory.class));

  private final LocalDate first;
  private final int days;
  /** [day * INDICATIONS + indication]. */
  private final long[] sessions;
  /** Per category with any event: [day * INDICATIONS + indication]. */
  private final Map<ComplicationCategory, long[]> events;

  private ScopeCounts(LocalDate first, int days, long[] sessions, Map<ComplicationCategory, long[]> events) {
    this.first = first;
    this.days = days;
    this.sessions = sessions;
    this.events = events;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static ScopeCounts empty() {
    return EMPTY;
  }

  /** True when the scope has no counted session: it has no path. */
  public boolean isEmpty() {
    return days == 0;
  }

  /** The scope's first counted session day. */
  public Optional<LocalDate> firstDay() {
    return Optional.ofNullable(first);
  }

  /** The scope's latest counted session day. */
  public Optional<LocalDate> lastDay() {
    return isEmpty() ? Optional.empty() : Optional.of(day(days - 1));
  }

  /** Calendar days from the first through the latest counted session day, both included. */
  public int days() {
    return days;
  }

  public LocalDate day(int index) {
    if (index < 0 || index >= days) {
      throw new IndexOutOfBoundsException("day " + index + " of " + days);
    }
    return first.plusDays(index);
  }

  public long sessions(LocalDate day, Indication indication) {
    int d = index(day);
    return d < 0 ? 0 : sessions[d * INDICATIONS + indication.ordinal()];
  }

  public long events(LocalDate day, Indication indication, ComplicationCategory category) {
    int d = index(day);
    long[] x = events.get(category);
    return d < 0 || x == null ? 0 : x[d * INDICATIONS + indication.ordinal()];
  }

  private int index(LocalDate day) {
    if (first == null) {
      return -1;
    }
    long d = day.toEpochDay() - first.toEpochDay();
    return d < 0 || d >= days ? -1 : (int) d;
  }

  long[] sessionsArray() {
    return sessions;
  }

  /** Null when the category has no event in the scope. */
  long[] eventsArray(ComplicationCategory category) {
    return events.get(category);
  }

  /**
   * Adds counts in any order of days. Arrays grow to cover the days seen; {@link #build()} trims them to the
   * counted session days and checks them.
   */
  public static final class Builder {
    private long origin; // epoch day of index 0
    private int capacity; // days the arrays hold
    private long[] sessions = new long[0];
    private final Map<ComplicationCategory, long[]> events = new EnumMap<>(ComplicationCategory.class);

    private Builder() {}

    /** Adds {@code n} counted sessions of {@code indication} on {@code day}. */
    public Builder sessions(LocalDate day, Indication indication, long n) {
      if (n != 0) {
        int slot = slot(day, indication); // first: it may grow (replace) the arrays
        sessions[slot] += n;
      }
      return this;
    }

    /** Adds {@code x} counted events of {@code category} attached to sessions of {@code indication} on {@code day}. */
    public Builder events(LocalDate day, Indication indication, ComplicationCategory category, long x) {
      if (x != 0) {
        int slot = slot(day, indication);
        events.computeIfAbsent(category, c -> new long[capacity * INDICATIONS])[slot] += x;
      }
      return this;
    }

    /** Adds the counts of one day of one indication, as the buckets hold them: sessions and events by category. */
    public Builder add(LocalDate day, Indication indication, long n, Map<ComplicationCategory, Long> x) {
      sessions(day, indication, n);
      x.forEach((category, count) -> events(day, indication, category, count));
      return this;
    }

    private int slot(LocalDate day, Indication indication) {
      long epochDay = day.toEpochDay();
      ensure(epochDay);
      return (int) (epochDay - origin) * INDICATIONS + indication.ordinal();
    }

    private void ensure(long epochDay) {
      if (capacity == 0) {
        origin = epochDay;
        capacity = 64;
        sessions = new long[capacity * INDICATIONS];
        return;
      }
      if (epochDay >= origin && epochDay < origin + capacity) {
        return;
      }
      long lo = Math.min(origin, epochDay);
      long hi = Math.max(origin + capacity, epochDay + 1);
      long wanted = Math.max(2L * capacity, hi - lo);
      if (wanted * INDICATIONS > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a scope spans at most " + (Integer.MAX_VALUE / INDICATIONS)
            + " days; " + LocalDate.ofEpochDay(epochDay) + " is too far from " + LocalDate.ofEpochDay(origin));
      }
      // Grow towards the side the new day lies on, keeping room on that side for more days.
      long newOrigin = epochDay < origin ? hi - wanted : lo;
      int shift = (int) (origin - newOrigin) * INDICATIONS;
      int newCapacity = (int) wanted;
      sessions = moved(sessions, shift, newCapacity);
      events.replaceAll((c, x) -> moved(x, shift, newCapacity));
      origin = newOrigin;
      capacity = newCapacity;
    }

    private static long[] moved(long[] old, int shift, int newCapacity) {
      long[] grown = new long[newCapacity * INDICATIONS];
      System.arraycopy(old, 0, grown, shift, old.length);
      return grown;
    }

    /**
     * The counts from the first through the latest day with a counted session. Throws when a count is negative or
     * when events lie on a day and indication without sessions: both are impossible for counted facts (an event
     * counts on its session's day), so they mean the caller read its buckets wrongly.
     */
    public ScopeCounts build() {
      int firstIndex = -1;
      int lastIndex = -1;
      for (int d = 0; d < capacity; d++) {
        for (int i = 0; i < INDICATIONS; i++) {
          long n = sessions[d * INDICATIONS + i];
          if (n < 0) {
            throw new IllegalArgumentException("negative sessions (" + n + ") on " + LocalDate.ofEpochDay(origin + d)
                + " for " + Indication.values()[i]);
          }
          if (n > 0) {
            lastIndex = d;
            if (firstIndex < 0) {
              firstIndex = d;
            }
          }
        }
      }
      for (Map.Entry<ComplicationCategory, long[]> e : events.entrySet()) {
        long[] x = e.getValue();
        for (int slot = 0; slot < x.length; slot++) {
          if (x[slot] < 0 || (x[slot] > 0 && sessions[slot] == 0)) {
            throw new IllegalArgumentException((x[slot] < 0 ? "negative events (" + x[slot] + ")"
                : x[slot] + " events without sessions") + " of " + e.getKey() + " on "
                + LocalDate.ofEpochDay(origin + slot / INDICATIONS) + " for "
                + Indication.values()[slot % INDICATIONS]);
          }
        }
      }
      if (firstIndex < 0) {
        return EMPTY;
      }
      int days = lastIndex - firstIndex + 1;
      int from = firstIndex * INDICATIONS;
      int to = (lastIndex + 1) * INDICATIONS;
      var trimmed = new EnumMap<ComplicationCategory, long[]>(ComplicationCategory.class);
      events.forEach((c, x) -> {
        long[] part = Arrays.copyOfRange(x, from, to);
        if (Arrays.stream(part).anyMatch(v -> v != 0)) {
          trimmed.put(c, part);
        }
      });
      return new ScopeCounts(LocalDate.ofEpochDay(origin + firstIndex), days, Arrays.copyOfRange(sessions, from, to),
          trimmed);
    }
  }
}
