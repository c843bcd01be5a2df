package org.dnregistry.streams.quality;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/**
 * What a clinic knows of one session id across its episodes: the episodes that hold a session with that id, and
 * the adverse events ({@code episodeId|adverseEventId}) that name it but whose own episode does not hold it. Those
 * adverse events do not count; they name another episode than their session's when the session exists elsewhere,
 * and an unknown session otherwise.
 */
public record SessionIndexEntry(SortedSet<String> episodes, SortedSet<String> orphans) {
  public static final SessionIndexEntry EMPTY = new SessionIndexEntry(Collections.emptySortedSet(),
      Collections.emptySortedSet());

  public boolean isEmpty() {
    return episodes.isEmpty() && orphans.isEmpty();
  }

  /** What the orphans of this session id count for. */
  public DataQualityCounts quality() {
    if (orphans.isEmpty()) {
      return DataQualityCounts.ZERO;
    }
    return DataQualityCounts.of(episodes.isEmpty() ? DataQualityKind.ADVERSE_EVENT_SESSION_UNKNOWN
        : DataQualityKind.ADVERSE_EVENT_WRONG_EPISODE, orphans.size());
  }

  public SessionIndexEntry withEpisode(String episodeId, int change) {
    return new SessionIndexEntry(changed(episodes, episodeId, change), orphans);
  }

  public SessionIndexEntry withOrphan(String episodeId, String adverseEventId, int change) {
    return new SessionIndexEntry(episodes, changed(orphans, episodeId + '|' + adverseEventId, change));
  }

  private static SortedSet<String> changed(SortedSet<String> set, String item, int change) {
    var copy = new TreeSet<>(set);
    if (change > 0) {
      copy.add(item);
    } else {
      copy.remove(item);
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  public byte[] toBytes() {
    var out = new BinaryWriter(32);
    out.writeUnsigned(episodes.size());
    episodes.forEach(out::writeString);
    out.writeUnsigned(orphans.size());
    orphans.forEach(out::writeString);
    return out.toByteArray();
  }

  public static SessionIndexEntry fromBytes(byte[] bytes) {
    var in = new BinaryReader(bytes);
    var episodes = new TreeSet<String>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      episodes.add(in.readString());
    }
    var orphans = new TreeSet<String>();
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      orphans.add(in.readString());
    }
    return new SessionIndexEntry(Collections.unmodifiableSortedSet(episodes), Collections.unmodifiableSortedSet(orphans));
  }
}
