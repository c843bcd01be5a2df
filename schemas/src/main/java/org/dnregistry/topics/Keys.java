package org.dnregistry.topics;

import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;

/**
 * Record keys of the input topics. Clinical ids are namespaced by clinic ({@code clinicId|id}): two clinics may
 * use the same episode number, and a clinic token can only ever upsert or retract facts in its own namespace.
 * A session, outcome or adverse event therefore refers to an episode or session of its own clinic.
 * Ingest rejects ids that contain {@link #SEP}.
 */
public final class Keys {
  public static final char SEP = '|';

  private Keys() {}

  public static String episode(String clinicId, String episodeId) {
    return clinicId + SEP + episodeId;
  }

  public static String session(String clinicId, String sessionId) {
    return clinicId + SEP + sessionId;
  }

  public static String outcome(String clinicId, String episodeId, Instrument instrument, Timepoint timepoint) {
    return clinicId + SEP + episodeId + SEP + instrument + SEP + timepoint;
  }

  public static String adverseEvent(String clinicId, String adverseEventId) {
    return clinicId + SEP + adverseEventId;
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

  /** The clinic of a clinic-namespaced key (episode, session, outcome, adverse event). */
  public static String clinicOf(String namespacedKey) {
    int i = namespacedKey.indexOf(SEP);
    if (i < 0) {
      throw new IllegalArgumentException("not a clinic-namespaced key: " + namespacedKey);
    }
    return namespacedKey.substring(0, i);
  }
}
