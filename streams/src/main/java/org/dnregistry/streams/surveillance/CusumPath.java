package org.dnregistry.streams.surveillance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;

/**
 * The CUSUM path of one category in one scope: a row per calendar day from the scope's first through its latest
 * counted session day. {@code sessions}, {@code events} and {@code expected} count the indications that have a
 * reference, which are the ones that move S; with the published baselines (all for every indication) that is every
 * session. Immutable.
 */
public final class CusumPath {
  private final CategoryReferences references;
  private final LocalDate first;
  private final long[] sessions;
  private final long[] events;
  private final double[] expected;
  private final double[] s;
  private final boolean[] signal;
  private final int[] signals;

  CusumPath(CategoryReferences references, LocalDate first, long[] sessions, long[] events, double[] expected,
      double[] s, boolean[] signal, int[] signals) {
    this.references = references;
    this.first = first;
    this.sessions = sessions;
    this.events = events;
    this.expected = expected;
    this.s = s;
    this.signal = signal;
    this.signals = signals;
  }

  /**
   * One day of the path.
   *
   * @param day      the calendar day
   * @param sessions counted sessions of the day, of the indications with a reference
   * @param events   their counted events of the category
   * @param expected events expected at the reference rates: {@code sum of n[d,i] p0[i]}
   * @param s        {@code S_d}, before the restart that follows a signal
   * @param signal   {@code S_d >= h}
   */
  public record DayRow(LocalDate day, long sessions, long events, double expected, double s, boolean signal) {}

  /** Totals of a run of days, e.g. the 30 days ending on a signal day that a SIGNAL alert reports. */
  public record Totals(LocalDate from, LocalDate to, long sessions, long events, double expected) {}

  public ComplicationCategory category() {
    return references.category();
  }

  public CategoryReferences references() {
    return references;
  }

  public int size() {
    return s.length;
  }

  public Optional<LocalDate> firstDay() {
    return Optional.ofNullable(first);
  }

  public Optional<LocalDate> lastDay() {
    return s.length == 0 ? Optional.empty() : Optional.of(first.plusDays(s.length - 1));
  }

  /** Every day of the path, oldest first. */
  public List<DayRow> days() {
    var rows = new ArrayList<DayRow>(s.length);
    for (int d = 0; d < s.length; d++) {
      rows.add(row(d));
    }
    return rows;
  }

  /**
   * The days of the path within {@code from} through {@code to}, both included; days outside the path have no row
   * (before the first counted session day S is 0; after the latest it is not yet known).
   */
  public List<DayRow> days(LocalDate from, LocalDate to) {
    if (s.length == 0 || to.isBefore(from)) {
      return List.of();
    }
    int a = clamp(from.toEpochDay() - first.toEpochDay());
    int b = clamp(to.toEpochDay() - first.toEpochDay());
    if (from.toEpochDay() - first.toEpochDay() >= s.length || to.isBefore(first)) {
      return List.of();
    }
    var rows = new ArrayList<DayRow>(b - a + 1);
    for (int d = a; d <= b; d++) {
      rows.add(row(d));
    }
    return rows;
  }

  public Optional<DayRow> day(LocalDate day) {
    int d = index(day);
    return d < 0 ? Optional.empty() : Optional.of(row(d));
  }

  /** The signal days, oldest first. */
  public List<LocalDate> signalDays() {
    var days = new ArrayList<LocalDate>(signals.length);
    for (int d : signals) {
      days.add(first.plusDays(d));
    }
    return days;
  }

  /** The signal rows, oldest first. */
  public List<DayRow> signals() {
    var rows = new ArrayList<DayRow>(signals.length);
    for (int d : signals) {
      rows.add(row(d));
    }
    return rows;
  }

  public int signalCount() {
    return signals.length;
  }

  /** S on the latest day (0 when the path is empty), before any restart. */
  public double lastS() {
    return s.length == 0 ? 0 : s[s.length - 1];
  }

  /**
   * Sessions, events and expected events of the {@code length} days ending on {@code end}, both included; days
   * outside the path count nothing.
   */
  public Totals totals(LocalDate end, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1 day, was " + length);
    }
    LocalDate from = end.minusDays(length - 1L);
    long n = 0;
    long x = 0;
    double mu = 0;
    if (s.length > 0 && !end.isBefore(first) && from.toEpochDay() - first.toEpochDay() < s.length) {
      int a = clamp(from.toEpochDay() - first.toEpochDay());
      int b = clamp(end.toEpochDay() - first.toEpochDay());
      for (int d = a; d <= b; d++) {
        n += sessions[d];
        x += events[d];
        mu += expected[d];
      }
    }
    return new Totals(from, end, n, x, mu);
  }

  /** A day offset from the first day, clamped into the path. */
  private int clamp(long offset) {
    return (int) Math.max(0, Math.min(s.length - 1L, offset));
  }

  private int index(LocalDate day) {
    if (first == null) {
      return -1;
    }
    long d = day.toEpochDay() - first.toEpochDay();
    return d < 0 || d >= s.length ? -1 : (int) d;
  }

  private DayRow row(int d) {
    return new DayRow(first.plusDays(d), sessions[d], events[d], expected[d], s[d], signal[d]);
  }

  @Override
  public String toString() {
    return "CusumPath[" + category() + ", " + s.length + " days from " + first + ", signals " + signalDays() + "]";
  }
}
