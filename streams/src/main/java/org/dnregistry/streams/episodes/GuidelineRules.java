package org.dnregistry.streams.episodes;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.PriorCare;

/** The episode guideline flags of REFERENCE section 4 as refined by docs/FIGURES.md. Session flags: SessionRules. */
public final class GuidelineRules {
  /** Indications for which dry needling is not recommended (besides degenerative chronic low back pain). */
  static final Set<Indication> NOT_RECOMMENDED = EnumSet.of(
      Indication.OSTEOARTHRITIS, Indication.PATELLOFEMORAL_PAIN, Indication.HEADACHE);
  /** Sessions attended below this share of the planned ones is low adherence (numerator/denominator: 4/5). */
  static final int ADHERENCE_NUMERATOR = 4;
  static final int ADHERENCE_DENOMINATOR = 5;

  private GuidelineRules() {}

  public static EnumSet<GuidelineFlag> episodeFlags(Episode e) {
    var flags = EnumSet.noneOf(GuidelineFlag.class);
    Indication indication = e.getIndication();
    if ((indication == Indication.CHRONIC_LOW_BACK_PAIN && e.getEtiology() == Etiology.DEGENERATIVE)
        || NOT_RECOMMENDED.contains(indication)) {
      flags.add(GuidelineFlag.NOT_RECOMMENDED_INDICATION);
    }
    if (e.getChronicity() == Chronicity.CHRONIC) {
      flags.add(GuidelineFlag.CHRONIC_CONDITION);
    }
    List<PriorCare> prior = e.getPriorCare();
    boolean lowBack = indication == Indication.CHRONIC_LOW_BACK_PAIN || indication == Indication.ACUTE_LOW_BACK_PAIN;
    if (!prior.contains(PriorCare.NSAID_OR_ACETAMINOPHEN) || !prior.contains(PriorCare.SELF_CARE_EDUCATION)
        || (lowBack && !prior.contains(PriorCare.HEAT))) {
      flags.add(GuidelineFlag.CONSERVATIVE_CARE_NOT_TRIED);
    }
    if (!e.getContraindications().isEmpty()) {
      flags.add(GuidelineFlag.CONTRAINDICATION_PRESENT);
    }
    return flags;
  }

  /** sessions < 0.8 * planned, in exact integer arithmetic. */
  public static boolean lowAdherence(long sessions, int plannedSessions) {
    return sessions * ADHERENCE_DENOMINATOR < (long) plannedSessions * ADHERENCE_NUMERATOR;
  }
}
