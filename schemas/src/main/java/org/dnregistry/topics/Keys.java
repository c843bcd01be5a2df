package org.dnregistry.topics;

import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;

/**
 * Record keys of the input topics. Clinical ids are namespaced by clinic and episode: every clinical fact belongs
 * to one episode of one clinic, and its episode is part of its identity (REFERENCE section 3), so every clinical key
 * starts with {@code clinicId|episodeId} ({@link #episodeOf}), which is also what the clinical topics are
 * partitioned by ({@link EpisodePartitioner}). Two clinics may use the same ids, and a clinic token can only ever
 * upsert or retract facts in its own namespace. Ingest rejects ids that contain {@link #SEP}.
 */
public final class Keys {
  public static final char SEP = '|';

  private Keys() {}

  public static String episode(String clinicId, String episodeId) {
    return clinicId + SEP + episodeId;
  }

  /** A session of an episode: the same sessionId under another episode is another fact. */
  public static String session(String clinicId, String episodeId, String sessionId) {
    return clinicId + SEP + episodeId + SEP + sessionId;
  }

  public static String outcome(String clinicId, String episodeId, Instrument instrument, Timepoint timepoint) {
    return clinicId + SEP + episodeId + SEP + instrument + SEP + timepoint;
  }

  /** An adverse event, filed under the episode it names. */
  public static String adverseEvent(String clinicId, String episodeId, String adverseEventId) {
    return clinicId + SEP + episodeId + SEP + adverseEventId;
  }

  public static String clinic(String clinicId) {
    return clinicId;
  }

  public static String practitioner(String practitionerId) {
    return practitionerId;
  }

  public static String baseline(ComplicationCategory category, String source) {
    return category.name() + SEP + source;
  }

  /**
   * The episode key ({@code clinicId|episodeId}) of any clinical key (episode, session, outcome, adverse event):
   * its first two parts.
   */
  public static String episodeOf(String clinicalKey) {
    int first = clinicalKey.indexOf(SEP);
    int second = first < 0 ? -1 : clinicalKey.indexOf(SEP, first + 1);
    if (first <= 0) {
      throw new IllegalArgumentException("not a clinical key: " + clinicalKey);
    }
    return second < 0 ? clinicalKey : clinicalKey.substring(0, second);
  }

  /** The last part of a clinical key: the fact's own id within its episode (the episodeId for an episode). */
  public static String idOf(String clinicalKey) {
    return clinicalKey.substring(clinicalKey.lastIndexOf(SEP) + 1);
  }

  /** The clinic of a clinic-namespaced key (episode, session, outcome, adverse event). */
  public static String clinicOf(String namespacedKey) {
    int i = namespacedKey.indexOf(SEP);
    if (i < 0) {
      throw new IllegalArgumentException("not a clinic-namespaced key: " + namespacedKey);
    }
    return namespacedKey.substring(0, i);
  }
}
