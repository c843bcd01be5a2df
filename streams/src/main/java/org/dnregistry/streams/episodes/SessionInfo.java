package org.dnregistry.streams.episodes;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Session;

/**
 * What the figures need of a session record: its practitioner, UTC day, and what its guideline flags depend on
 * besides the episode and the reference data.
 */
public record SessionInfo(String practitionerId, int day, boolean dryNeedling, boolean needleOutOfRange,
    boolean exerciseOrManualTherapy) {

  public static SessionInfo of(Session s) {
    return new SessionInfo(s.getPractitionerId(), (int) LocalDate.ofInstant(s.getOccurredAt(), ZoneOffset.UTC)
        .toEpochDay(), s.getModality() == Modality.DRY_NEEDLING, SessionRules.needleOutOfRange(s),
        s.getCointerventions().contains(Cointervention.EXERCISE)
            || s.getCointerventions().contains(Cointervention.MANUAL_THERAPY));
  }

  public LocalDate date() {
    return LocalDate.ofEpochDay(day);
  }
}
