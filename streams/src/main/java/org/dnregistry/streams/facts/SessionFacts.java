package org.dnregistry.streams.facts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.topics.Keys;

/**
 * The joiners and foreign keys that turn a session into a counted session fact (FIGURES.md "Facts", session
 * flags). The session counts once its episode is known; its practitioner and clinic only add flags.
 */
public final class SessionFacts {
  /** Dry needling training at or below this many hours is flagged (CONTRACT.md section 4). */
  static final double TRAINING_HOURS_LIMIT = 60.0;
  /** States where a physical therapist may not dry-needle (CONTRACT.md section 4). */
  static final Set<String> NO_PT_NEEDLING_STATES = Set.of("HI", "ID", "KS", "NY", "SD");
  static final double DIAMETER_MIN_MM = 0.25;
  static final double DIAMETER_MAX_MM = 0.36;
  static final double LENGTH_MIN_MM = 25;
  static final double LENGTH_MAX_MM = 40;

  private SessionFacts() {}

  /** The episode a session hangs on: key {@code session.clinicId|session.episodeId}. */
  public static String episodeKey(Session session) {
    return Keys.episode(session.getClinicId(), session.getEpisodeId());
  }

  public static LocalDate day(Session session) {
    return LocalDate.ofInstant(session.getOccurredAt(), ZoneOffset.UTC);
  }

  /** A session joined with its episode: counted, with the flags that need only the two of them. */
  public static SessionFact withEpisode(Session session, Episode episode) {
    boolean dryNeedling = session.getModality() == Modality.DRY_NEEDLING;
    var flags = EnumSet.noneOf(GuidelineFlag.class);
    if (dryNeedling) {
      if (needleOutOfRange(session)) {
        flags.add(GuidelineFlag.NEEDLE_SPEC_OUT_OF_RANGE);
      }
      if (episode.getIndication() == Indication.NECK_PAIN
          && !session.getCointerventions().contains(Cointervention.EXERCISE)
          && !session.getCointerventions().contains(Cointervention.MANUAL_THERAPY)) {
        flags.add(GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE);
      }
    }
    return SessionFact.newBuilder()
        .setSessionId(session.getSessionId())
        .setEpisodeId(session.getEpisodeId())
        .setClinicId(session.getClinicId())
        .setPractitionerId(session.getPractitionerId())
        .setDay(day(session))
        .setIndication(episode.getIndication())
        .setDryNeedling(dryNeedling)
        .setPhysicalTherapist(false)
        .setFlags(new ArrayList<>(flags))
        .build();
  }

  static boolean needleOutOfRange(Session s) {
    Double d = s.getNeedleDiameterMm();
    Double l = s.getNeedleLengthMm();
    return (d != null && (d < DIAMETER_MIN_MM || d > DIAMETER_MAX_MM))
        || (l != null && (l < LENGTH_MIN_MM || l > LENGTH_MAX_MM));
  }

  /**
   * The practitioner to look up, or null when no practitioner rule applies (only dry needling sessions carry
   * session flags): a null foreign key still yields the left-join result, and spares every non-needling session
   * a re-evaluation when a practitioner record changes.
   */
  public static String practitionerKey(SessionFact fact) {
    return fact.getDryNeedling() ? Keys.practitioner(fact.getPractitionerId()) : null;
  }

  public static SessionFact withPractitioner(SessionFact fact, Practitioner practitioner) {
    var out = SessionFact.newBuilder(fact);
    var flags = flagsOf(fact);
    boolean pt = false;
    if (fact.getDryNeedling() && practitioner != null) {
      if (practitioner.getTrainingHours() <= TRAINING_HOURS_LIMIT) {
        flags.add(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H);
      }
      pt = practitioner.getProfession() == Profession.PHYSICAL_THERAPIST;
    }
    return out.setPhysicalTherapist(pt).setFlags(new ArrayList<>(flags)).build();
  }

  /** The clinic to look up: only a physical therapist's needling depends on the clinic's state. */
  public static String clinicKey(SessionFact fact) {
    return fact.getDryNeedling() && fact.getPhysicalTherapist() ? Keys.clinic(fact.getClinicId()) : null;
  }

  public static SessionFact withClinic(SessionFact fact, Clinic clinic) {
    if (clinic == null || !fact.getPhysicalTherapist() || !NO_PT_NEEDLING_STATES.contains(clinic.getState())) {
      return fact;
    }
    var flags = flagsOf(fact);
    flags.add(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE);
    return SessionFact.newBuilder(fact).setFlags(new ArrayList<>(flags)).build();
  }

  private static EnumSet<GuidelineFlag> flagsOf(SessionFact fact) {
    List<GuidelineFlag> flags = fact.getFlags();
    return flags.isEmpty() ? EnumSet.noneOf(GuidelineFlag.class) : EnumSet.copyOf(flags);
  }
}
