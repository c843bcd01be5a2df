package org.dnregistry.streams.episodes;

import java.util.Objects;
import java.util.TreeMap;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Severity;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.state.BinaryReader;
import org.dnregistry.streams.state.BinaryWriter;

/**
 * Everything the registry holds of one episode of one clinic: the episode record (null until it arrives or after
 * its retraction), its sessions, outcomes and adverse events, and what it last published (its contribution to the
 * figures and its compliance records). {@code dirty}: the facts changed since the last publication. Mutable; the
 * episode task reads it, changes it and writes it back.
 */
public final class EpisodeState {
  /** The first byte of the binary form; the second holds {@link #DIRTY_BIT}, so a scan can read it alone. */
  private static final int FORMAT = 1;
  private static final int DIRTY_BIT = 1;
  private static final Instrument[] INSTRUMENTS = Instrument.values();
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  EpisodeInfo episode;
  /** sessionId -> session. */
  final TreeMap<String, SessionInfo> sessions = new TreeMap<>();
  /** {@link #outcomeKey} -> outcome. */
  final TreeMap<Integer, OutcomeInfo> outcomes = new TreeMap<>();
  /** adverseEventId -> event (or the marker of a retracted one whose alert was raised). */
  final TreeMap<String, AdverseEventInfo> adverseEvents = new TreeMap<>();
  EpisodeContribution published = EpisodeContribution.EMPTY;
  /** Subject ("" for the episode, else the sessionId) -> the compliance record last published. */
  final TreeMap<String, ComplianceEntry> publishedCompliance = new TreeMap<>();
  boolean dirty;

  static int outcomeKey(Instrument instrument, Timepoint timepoint) {
    return instrument.ordinal() * 32 + timepoint.ordinal();
  }

  static Instrument instrumentOf(int outcomeKey) {
    return INSTRUMENTS[outcomeKey / 32];
  }

  static Timepoint timepointOf(int outcomeKey) {
    return TIMEPOINTS[outcomeKey % 32];
  }

  /** Whether the session is held: an adverse event counts only when its session is in its own episode. */
  boolean holdsSession(String sessionId) {
    return sessions.containsKey(sessionId);
  }

  /** Nothing held and nothing published: the state can be deleted. */
  boolean isEmpty() {
    return episode == null && sessions.isEmpty() && outcomes.isEmpty() && adverseEvents.isEmpty()
        && published.isEmpty() && publishedCompliance.isEmpty();
  }

  // ------------------------------------------------------------------------------------------------ binary form

  public byte[] toBytes() {
    var out = new BinaryWriter(256);
    out.writeByte(FORMAT).writeByte(dirty ? DIRTY_BIT : 0);
    out.writeBoolean(episode != null);
    if (episode != null) {
      out.writeUnsigned(episode.indication().ordinal()).writeSigned(episode.startDay())
          .writeUnsigned(episode.plannedSessions()).writeUnsigned(episode.flags());
    }
    out.writeUnsigned(sessions.size());
    sessions.forEach((id, s) -> out.writeString(id).writeString(s.practitionerId()).writeSigned(s.day())
        .writeByte((s.dryNeedling() ? 1 : 0) | (s.needleOutOfRange() ? 2 : 0) | (s.exerciseOrManualTherapy() ? 4 : 0)));
    out.writeUnsigned(outcomes.size());
    outcomes.forEach((k, o) -> out.writeUnsigned(k).writeSigned(o.hundredths()).writeSigned(o.day()));
    out.writeUnsigned(adverseEvents.size());
    adverseEvents.forEach((id, a) -> out.writeString(id).writeString(a.sessionId()).writeUnsigned(a.category().ordinal())
        .writeUnsigned(a.severity().ordinal())
        .writeByte((a.serious() ? 1 : 0) | (a.present() ? 2 : 0) | (a.sentinelRaised() ? 4 : 0)));
    published.write(out);
    out.writeUnsigned(publishedCompliance.size());
    publishedCompliance.forEach((subject, c) -> out.writeString(subject).writeUnsigned(c.flags())
        .writeUnsigned(c.indication().ordinal()).writeSigned(c.day()).writeNullableString(c.practitionerId()));
    return out.toByteArray();
  }

  public static EpisodeState fromBytes(byte[] bytes) {
    var in = new BinaryReader(bytes);
    int format = in.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("episode state of format " + format + ", this version reads " + FORMAT);
    }
    var s = new EpisodeState();
    s.dirty = (in.readByte() & DIRTY_BIT) != 0;
    if (in.readBoolean()) {
      s.episode = new EpisodeInfo(Indication.values()[in.readUnsignedInt()], in.readSignedInt(),
          in.readUnsignedInt(), in.readUnsignedInt());
    }
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      String id = in.readString();
      String practitioner = in.readString();
      int day = in.readSignedInt();
      int bits = in.readByte();
      s.sessions.put(id, new SessionInfo(practitioner, day, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0));
    }
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      s.outcomes.put(in.readUnsignedInt(), new OutcomeInfo(in.readSignedInt(), in.readSignedInt()));
    }
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      String id = in.readString();
      String session = in.readString();
      AdverseEventCategory category = AdverseEventCategory.values()[in.readUnsignedInt()];
      Severity severity = Severity.values()[in.readUnsignedInt()];
      int bits = in.readByte();
      s.adverseEvents.put(id, new AdverseEventInfo(session, category, severity, (bits & 1) != 0, (bits & 2) != 0,
          (bits & 4) != 0));
    }
    s.published = EpisodeContribution.read(in);
    for (int i = in.readUnsignedInt(); i > 0; i--) {
      String subject = in.readString();
      s.publishedCompliance.put(subject, new ComplianceEntry(in.readUnsignedInt(),
          Indication.values()[in.readUnsignedInt()], in.readSignedInt(), in.readNullableString()));
    }
    return s;
  }

  /** Whether the stored form has unpublished changes, read from its first two bytes only. */
  public static boolean isDirty(byte[] bytes) {
    return bytes.length > 1 && (bytes[1] & DIRTY_BIT) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpisodeState s && Objects.equals(episode, s.episode) && sessions.equals(s.sessions)
        && outcomes.equals(s.outcomes) && adverseEvents.equals(s.adverseEvents) && published.equals(s.published)
        && publishedCompliance.equals(s.publishedCompliance) && dirty == s.dirty;
  }

  @Override
  public int hashCode() {
    return Objects.hash(episode, sessions, outcomes, adverseEvents, dirty);
  }

  @Override
  public String toString() {
    return "EpisodeState{episode=" + episode + ", sessions=" + sessions + ", outcomes=" + outcomes
        + ", adverseEvents=" + adverseEvents + ", published=" + published + ", compliance=" + publishedCompliance
        + ", dirty=" + dirty + '}';
  }
}
