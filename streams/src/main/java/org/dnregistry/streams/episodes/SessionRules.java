package org.dnregistry.streams.episodes;

import java.util.Set;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Session;

/**
 * The session guideline flags of REFERENCE section 4 as refined by docs/FIGURES.md. They apply to dry needling
 * sessions only; the practitioner counts only when registered for the session's clinic.
 */
public final class SessionRules {
  /** Dry needling training at or below this many hours is flagged (REFERENCE section 4). */
  static final double TRAINING_HOURS_LIMIT = 60.0;
  /** States where a physical therapist may not dry-needle (REFERENCE section 4). */
  static final Set<String> NO_PT_NEEDLING_STATES = Set.of("HI", "ID", "KS", "NY", "SD");
  static final double DIAMETER_MIN_MM = 0.25;
  static final double DIAMETER_MAX_MM = 0.36;
  static final double LENGTH_MIN_MM = 25;
  static final double LENGTH_MAX_MM = 40;

  private SessionRules() {}

  static boolean needleOutOfRange(Session s) {
    Double d = s.getNeedleDiameterMm();
    Double l = s.getNeedleLengthMm();
    return (d != null && (d < DIAMETER_MIN_MM || d > DIAMETER_MAX_MM))
        || (l != null && (l < LENGTH_MIN_MM || l > LENGTH_MAX_MM));
  }

  /**
   * The flags of one session of an episode with {@code indication} in {@code clinicId}, as a bit per flag.
   *
   * @param practitioner the session's practitioner, null when unknown
   * @param clinic       the clinic's reference data, null when unknown
   */
  static int flags(SessionInfo s, Indication indication, String clinicId, References.Practitioner practitioner,
      References.Clinic clinic) {
    if (!s.dryNeedling()) {
      return 0;
    }
    int bits = 0;
    if (s.needleOutOfRange()) {
      bits |= Flags.bit(GuidelineFlag.NEEDLE_SPEC_OUT_OF_RANGE);
    }
    if (indication == Indication.NECK_PAIN && !s.exerciseOrManualTherapy()) {
      bits |= Flags.bit(GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE);
    }
    if (practitioner != null && practitioner.clinicId().equals(clinicId)) {
      if (practitioner.trainingHours() <= TRAINING_HOURS_LIMIT) {
        bits |= Flags.bit(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H);
      }
      if (practitioner.profession() == Profession.PHYSICAL_THERAPIST && clinic != null
          && NO_PT_NEEDLING_STATES.contains(clinic.state())) {
        bits |= Flags.bit(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE);
      }
    }
    return bits;
  }

  /** Whether a change of a practitioner from {@code before} to {@code after} can change any session's flags. */
  static boolean practitionerChangeMatters(References.Practitioner before, References.Practitioner after) {
    return !java.util.Objects.equals(relevant(before), relevant(after));
  }

  /** Whether a change of a clinic can change any session's flags: only its place in the limited states does. */
  static boolean clinicChangeMatters(References.Clinic before, References.Clinic after) {
    return limited(before) != limited(after);
  }

  private static Object relevant(References.Practitioner p) {
    return p == null ? null : java.util.List.of(p.clinicId(), p.trainingHours() <= TRAINING_HOURS_LIMIT,
        p.profession() == Profession.PHYSICAL_THERAPIST);
  }

  private static Boolean limited(References.Clinic c) {
    return c == null ? null : NO_PT_NEEDLING_STATES.contains(c.state());
  }
}
