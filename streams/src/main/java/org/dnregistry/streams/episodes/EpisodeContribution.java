package org.dnregistry.streams.episodes;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.quality.DataQualityKind;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/**
 * Everything one episode's facts add to the figures of its clinic and the network: day-bucket counters under the
 * episode's indication (sparse: a value per day and counter index), data-quality counts, and what the clinic's
 * session index must know (which session ids this episode holds, which of its adverse events name a session it
 * does not hold). An episode keeps the contribution it last published, so that publishing again sends exactly
 * "new minus old".
 */
public final class EpisodeContribution {
  public static final EpisodeContribution EMPTY = new EpisodeContribution(null, new long[0], new long[0],
      DataQualityCounts.ZERO, Collections.emptySortedSet(), Collections.emptySortedMap());

  private final Indication indication;
  private final long[] cells;
  private final long[] values;
  private final DataQualityCounts quality;
  private final SortedSet<String> sessionIds;
  private final SortedMap<String, String> orphanAdverseEvents;

  private EpisodeContribution(Indication indication, long[] cells, long[] values, DataQualityCounts quality,
      SortedSet<String> sessionIds, SortedMap<String, String> orphanAdverseEvents) {
    this.indication = indication;
    this.cells = cells;
    this.values = values;
    this.quality = quality;
    this.sessionIds = sessionIds;
    this.orphanAdverseEvents = orphanAdverseEvents;
  }

  public static Builder builder(Indication indication) {
    return new Builder(indication);
  }

  /** A cell's key: day and counter index packed so that keys sort by day, then counter. */
  static long cell(int epochDay, int counter) {
    return ((long) epochDay << 16) | counter;
  }

  public static int dayOf(long cell) {
    return (int) (cell >> 16);
  }

  public static int counterOf(long cell) {
    return (int) (cell & 0xFFFF);
  }

  /** The indication the counters count under; null when there are none (the episode is unknown). */
  public Indication indication() {
    return indication;
  }

  public int size() {
    return cells.length;
  }

  public long cellAt(int i) {
    return cells[i];
  }

  public long valueAt(int i) {
    return values[i];
  }

  public DataQualityCounts quality() {
    return quality;
  }

  public SortedSet<String> sessionIds() {
    return sessionIds;
  }

  /** Adverse event id -> the session id it names, for those whose session this episode does not hold. */
  public SortedMap<String, String> orphanAdverseEvents() {
    return orphanAdverseEvents;
  }

  public boolean isEmpty() {
    return cells.length == 0 && quality.isZero() && sessionIds.isEmpty() && orphanAdverseEvents.isEmpty();
  }

  // ------------------------------------------------------------------------------------------------ binary form

  public void write(BinaryWriter out) {
    out.writeByte(indication == null ? 0 : indication.ordinal() + 1);
    out.writeUnsigned(cells.length);
    long previous = 0;
    for (int i = 0; i < cells.length; i++) {
      out.writeSigned(cells[i] - previous); // sorted, so differences are small
      out.writeSigned(values[i]);
      previous = cells[i];
    }
    quality.write(out);
    out.writeUnsigned(sessionIds.size());
    sessionIds.forEach(out::writeString);
    out.writeUnsigned(orphanAdverseEvents.size());
    orphanAdverseEvents.forEach((ae, session) -> out.writeString(ae).writeString(session));
  }

  public static EpisodeContribution read(BinaryReader in) {
    int ind = in.readByte();
    Indication indication = ind == 0 ? null : Indication.values()[ind - 1];
    int n = in.readUnsignedInt();
    long[] cells = new long[n];
    long[] values = new long[n];
    long previous = 0;
    for (int i = 0; i < n; i++) {
      cells[i] = previous + in.readSigned();
      values[i] = in.readSigned();
      previous = cells[i];
    }
    DataQualityCounts quality = DataQualityCounts.read(in);
    var sessions = new TreeSet<String>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      sessions.add(in.readString());
    }
    var orphans = new TreeMap<String, String>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      orphans.put(in.readString(), in.readString());
    }
    if (n == 0 && quality.isZero() && sessions.isEmpty() && orphans.isEmpty()) {
      return EMPTY;
    }
    return new EpisodeContribution(indication, cells, values, quality, Collections.unmodifiableSortedSet(sessions),
        Collections.unmodifiableSortedMap(orphans));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpisodeContribution c && indication == c.indication && Arrays.equals(cells, c.cells)
        && Arrays.equals(values, c.values) && quality.equals(c.quality) && sessionIds.equals(c.sessionIds)
        && orphanAdverseEvents.equals(c.orphanAdverseEvents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(indication, Arrays.hashCode(cells), quality, sessionIds);
  }

  @Override
  public String toString() {
    var s = new StringBuilder("EpisodeContribution{").append(indication).append(", cells=[");
    for (int i = 0; i < cells.length; i++) {
      s.append(i == 0 ? "" : ", ").append(java.time.LocalDate.ofEpochDay(dayOf(cells[i]))).append('#')
          .append(counterOf(cells[i])).append('=').append(values[i]);
    }
    return s.append("], ").append(quality).append(", sessions=").append(sessionIds).append(", orphans=")
        .append(orphanAdverseEvents).append('}').toString();
  }

  /** Accumulates cells (zeros left out), quality counts and the session index facts. */
  public static final class Builder {
    private final Indication indication;
    private final Map<Long, Long> cells = new HashMap<>();
    private DataQualityCounts quality = DataQualityCounts.ZERO;
    private final TreeSet<String> sessionIds = new TreeSet<>();
    private final TreeMap<String, String> orphans = new TreeMap<>();

    private Builder(Indication indication) {
      this.indication = indication;
    }

    public Builder add(int epochDay, int counter, long n) {
      if (indication == null) {
        throw new IllegalStateException("counters need the episode's indication");
      }
      cells.merge(cell(epochDay, counter), n, Long::sum);
      return this;
    }

    public Builder quality(DataQualityKind kind, long n) {
      quality = quality.plus(DataQualityCounts.of(kind, n));
      return this;
    }

    public Builder session(String sessionId) {
      sessionIds.add(sessionId);
      return this;
    }

    public Builder orphanAdverseEvent(String adverseEventId, String sessionId) {
      orphans.put(adverseEventId, sessionId);
      return this;
    }

    public EpisodeContribution build() {
      long[] keys = cells.entrySet().stream().filter(e -> e.getValue() != 0).mapToLong(Map.Entry::getKey)
          .sorted().toArray();
      long[] values = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        values[i] = cells.get(keys[i]);
      }
      if (keys.length == 0 && quality.isZero() && sessionIds.isEmpty() && orphans.isEmpty()) {
        return EMPTY;
      }
      return new EpisodeContribution(keys.length == 0 ? null : indication, keys, values, quality,
          Collections.unmodifiableSortedSet(sessionIds), Collections.unmodifiableSortedMap(orphans));
    }
  }
}
