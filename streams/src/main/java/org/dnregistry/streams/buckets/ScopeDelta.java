package org.dnregistry.streams.buckets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.episodes.EpisodeContribution;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/**
 * What one publication of an episode task changes in one scope (the record key: {@code network} or
 * {@code clinic:<id>}): signed changes to day buckets per indication and day, to the data-quality counts, and to
 * the clinic's session index. One record carries every change of one publication for its scope, so the scope's
 * task applies them together: a correction that moves a session from one day to another never shows half done.
 *
 * @param cells         (indication, day) -> change of the counters
 * @param quality       change of the data-quality counts the episode tasks know (clinic scopes only)
 * @param sessions      session ids that appeared (+1) in or left (-1) an episode (clinic scopes only)
 * @param orphans       adverse events that started (+1) or stopped (-1) naming a session their episode does not hold
 */
public record ScopeDelta(Map<Cell, DayCounters> cells, DataQualityCounts quality, List<SessionChange> sessions,
    List<OrphanChange> orphans) {
  private static final Indication[] INDICATIONS = Indication.values();

  /** One day of one indication. */
  public record Cell(Indication indication, int epochDay) implements Comparable<Cell> {
    @Override
    public int compareTo(Cell o) {
      int c = indication.compareTo(o.indication);
      return c != 0 ? c : Integer.compare(epochDay, o.epochDay);
    }
  }

  /** Session {@code sessionId} of episode {@code episodeId} appeared (+1) or left (-1). */
  public record SessionChange(String sessionId, String episodeId, int change) {}

  /**
   * Adverse event {@code adverseEventId} of {@code episodeId}, naming {@code sessionId}, became (+1) or stopped
   * being (-1) an orphan: its episode does not hold that session.
   */
  public record OrphanChange(String sessionId, String episodeId, String adverseEventId, int change) {}

  public boolean isEmpty() {
    return cells.isEmpty() && quality.isZero() && sessions.isEmpty() && orphans.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------------------------ binary form

  public byte[] toBytes() {
    var out = new BinaryWriter(64 + cells.size() * 8);
    out.writeUnsigned(cells.size());
    cells.forEach((cell, counters) -> {
      out.writeUnsigned(cell.indication().ordinal()).writeSigned(cell.epochDay());
      counters.write(out);
    });
    quality.write(out);
    out.writeUnsigned(sessions.size());
    sessions.forEach(s -> out.writeString(s.sessionId()).writeString(s.episodeId()).writeSigned(s.change()));
    out.writeUnsigned(orphans.size());
    orphans.forEach(o -> out.writeString(o.sessionId()).writeString(o.episodeId()).writeString(o.adverseEventId())
        .writeSigned(o.change()));
    return out.toByteArray();
  }

  public static ScopeDelta fromBytes(byte[] bytes) {
    var in = new BinaryReader(bytes);
    var cells = new TreeMap<Cell, DayCounters>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      Cell cell = new Cell(INDICATIONS[in.readUnsignedInt()], in.readSignedInt());
      cells.put(cell, DayCounters.read(in));
    }
    DataQualityCounts quality = DataQualityCounts.read(in);
    var sessions = new ArrayList<SessionChange>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      sessions.add(new SessionChange(in.readString(), in.readString(), in.readSignedInt()));
    }
    var orphans = new ArrayList<OrphanChange>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      orphans.add(new OrphanChange(in.readString(), in.readString(), in.readString(), in.readSignedInt()));
    }
    return new ScopeDelta(Collections.unmodifiableMap(cells), quality, List.copyOf(sessions), List.copyOf(orphans));
  }

  /** Accumulates "new minus old" of many episodes' contributions for one scope. */
  public static final class Builder {
    private final Map<Cell, DayCounters.Builder> cells = new TreeMap<>();
    private DataQualityCounts quality = DataQualityCounts.ZERO;
    private final List<SessionChange> sessions = new ArrayList<>();
    private final List<OrphanChange> orphans = new ArrayList<>();

    private Builder() {}

    /** The counters of {@code after} minus those of {@code before}, under each one's indication. */
    public Builder counters(EpisodeContribution before, EpisodeContribution after) {
      add(before, -1);
      add(after, +1);
      return this;
    }

    private void add(EpisodeContribution c, int sign) {
      for (int i = 0; i < c.size(); i++) {
        long cell = c.cellAt(i);
        cells.computeIfAbsent(new Cell(c.indication(), EpisodeContribution.dayOf(cell)), k -> DayCounters.builder())
            .add(EpisodeContribution.counterOf(cell), sign * c.valueAt(i));
      }
    }

    /** The data-quality counts and session index facts of {@code after} against {@code before}. */
    public Builder clinicFacts(String episodeId, EpisodeContribution before, EpisodeContribution after) {
      quality = quality.plus(after.quality()).minus(before.quality());
      for (String s : before.sessionIds()) {
        if (!after.sessionIds().contains(s)) {
          sessions.add(new SessionChange(s, episodeId, -1));
        }
      }
      for (String s : after.sessionIds()) {
        if (!before.sessionIds().contains(s)) {
          sessions.add(new SessionChange(s, episodeId, +1));
        }
      }
      before.orphanAdverseEvents().forEach((ae, session) -> {
        if (!session.equals(after.orphanAdverseEvents().get(ae))) {
          orphans.add(new OrphanChange(session, episodeId, ae, -1));
        }
      });
      after.orphanAdverseEvents().forEach((ae, session) -> {
        if (!session.equals(before.orphanAdverseEvents().get(ae))) {
          orphans.add(new OrphanChange(session, episodeId, ae, +1));
        }
      });
      return this;
    }

    public ScopeDelta build() {
      var built = new TreeMap<Cell, DayCounters>();
      cells.forEach((cell, b) -> {
        if (!b.isZero()) {
          built.put(cell, b.build());
        }
      });
      return new ScopeDelta(Collections.unmodifiableMap(built), quality, List.copyOf(sessions), List.copyOf(orphans));
    }
  }
}
