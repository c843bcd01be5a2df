package org.dnregistry.streams.compliance;

import java.util.ArrayList;
import java.util.EnumSet;
import org.apache.kafka.streams.KeyValue;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.streams.facts.Contributions;
import org.dnregistry.streams.facts.EpisodeFact;
import org.dnregistry.streams.facts.GuidelineRules;
import org.dnregistry.topics.Keys;

/**
 * The guideline flags of each counted episode and session, for the compliance topic (key
 * {@code clinicId|EPISODE|episodeId} or {@code clinicId|SESSION|sessionId}). A fact that stops counting, or has no
 * flag (any more), is a tombstone, so the compacted topic holds exactly the flagged facts.
 */
public final class ComplianceRecords {
  public static final String EPISODE = "EPISODE";
  public static final String SESSION = "SESSION";

  private ComplianceRecords() {}

  /** From a session fact keyed {@code clinicId|sessionId}; null: it no longer counts. */
  public static KeyValue<String, ComplianceFlags> ofSession(String sessionKey, SessionFact fact) {
    String key = subjectKey(sessionKey, SESSION);
    if (fact == null || fact.getFlags().isEmpty()) {
      return KeyValue.pair(key, null);
    }
    return KeyValue.pair(key, ComplianceFlags.newBuilder()
        .setSubject(SESSION)
        .setClinicId(fact.getClinicId())
        .setEpisodeId(fact.getEpisodeId())
        .setSessionId(fact.getSessionId())
        .setPractitionerId(fact.getPractitionerId())
        .setIndication(fact.getIndication())
        .setDay(fact.getDay())
        .setFlags(new ArrayList<>(fact.getFlags()))
        .build());
  }

  /**
   * From an episode fact keyed {@code clinicId|episodeId}. {@code day} is the start date, on which the episode
   * flags count; LOW_ADHERENCE, when present, counts in the figures on the first discharge day instead.
   */
  public static KeyValue<String, ComplianceFlags> ofEpisode(String episodeKey, EpisodeFact fact) {
    String key = subjectKey(episodeKey, EPISODE);
    if (fact == null) {
      return KeyValue.pair(key, null);
    }
    EnumSet<GuidelineFlag> flags = GuidelineRules.episodeFlags(fact.episode());
    Contributions.lowAdherenceDay(fact).ifPresent(day -> flags.add(GuidelineFlag.LOW_ADHERENCE));
    if (flags.isEmpty()) {
      return KeyValue.pair(key, null);
    }
    return KeyValue.pair(key, ComplianceFlags.newBuilder()
        .setSubject(EPISODE)
        .setClinicId(fact.episode().getClinicId())
        .setEpisodeId(fact.episode().getEpisodeId())
        .setSessionId(null)
        .setPractitionerId(null)
        .setIndication(fact.episode().getIndication())
        .setDay(fact.episode().getStartDate())
        .setFlags(new ArrayList<>(flags))
        .build());
  }

  /** {@code clinicId|id} -> {@code clinicId|SUBJECT|id}. */
  static String subjectKey(String factKey, String subject) {
    String clinicId = Keys.clinicOf(factKey);
    return clinicId + Keys.SEP + subject + Keys.SEP + factKey.substring(clinicId.length() + 1);
  }
}
