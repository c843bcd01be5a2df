package org.dnregistry.streams.compliance;

import java.time.LocalDate;
import java.util.ArrayList;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.streams.episodes.ComplianceEntry;
import org.dnregistry.streams.episodes.EpisodeEvaluation;
import org.dnregistry.streams.episodes.Flags;
import org.dnregistry.topics.Keys;

/**
 * The records of the compliance topic: the guideline flags of each counted episode and session, keyed
 * {@code clinicId|EPISODE|episodeId} or {@code clinicId|SESSION|episodeId|sessionId}. A subject that stops
 * counting, or has no flag any more, gets a tombstone, so the compacted topic holds exactly the flagged subjects.
 */
public final class ComplianceRecords {
  public static final String EPISODE = "EPISODE";
  public static final String SESSION = "SESSION";

  private ComplianceRecords() {}

  /** The key of a subject of an episode ({@link EpisodeEvaluation#EPISODE_SUBJECT} or a sessionId). */
  public static String key(String clinicId, String episodeId, String subject) {
    return EpisodeEvaluation.EPISODE_SUBJECT.equals(subject)
        ? clinicId + Keys.SEP + EPISODE + Keys.SEP + episodeId
        : clinicId + Keys.SEP + SESSION + Keys.SEP + episodeId + Keys.SEP + subject;
  }

  public static ComplianceFlags record(String clinicId, String episodeId, String subject, ComplianceEntry entry) {
    boolean episode = EpisodeEvaluation.EPISODE_SUBJECT.equals(subject);
    return ComplianceFlags.newBuilder()
        .setSubject(episode ? EPISODE : SESSION)
        .setClinicId(clinicId)
        .setEpisodeId(episodeId)
        .setSessionId(episode ? null : subject)
        .setPractitionerId(entry.practitionerId())
        .setIndication(entry.indication())
        .setDay(LocalDate.ofEpochDay(entry.day()))
        .setFlags(new ArrayList<>(Flags.set(entry.flags())))
        .build();
  }
}
