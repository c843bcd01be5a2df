package org.dnregistry.streams.facts;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.avro.internal.ScoreOnDay;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.streams.buckets.Contribution;
import org.dnregistry.streams.stats.Mcid;

/** What each kind of counted fact adds to the day buckets (FIGURES.md). */
public final class Contributions {
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  private Contributions() {}

  /** A counted session: one session, and its session flags, on its day. */
  public static Contribution ofSession(SessionFact f) {
    var c = Contribution.builder(f.getClinicId(), f.getIndication());
    var day = c.on(f.getDay()).addSessions(1);
    f.getFlags().forEach(flag -> day.addFlag(flag, 1));
    return c.build();
  }

  /** A counted adverse event: its category, and ANY_MINOR or SERIOUS, on its session's day. */
  public static Contribution ofAdverseEvent(AdverseEventFact a) {
    var c = Contribution.builder(a.getClinicId(), a.getIndication());
    c.on(a.getDay())
        .addEvents(ComplicationCategory.valueOf(a.getCategory().name()), 1)
        .addEvents(a.getSerious() ? ComplicationCategory.SERIOUS : ComplicationCategory.ANY_MINOR, 1);
    return c.build();
  }

  /**
   * A counted episode: its episode flags on its start date; one efficacy observation per instrument and follow-up
   * with a baseline, on the follow-up's day; LOW_ADHERENCE on its earliest DISCHARGE day.
   */
  public static Contribution ofEpisode(EpisodeFact fact) {
    Episode e = fact.episode();
    var c = Contribution.builder(e.getClinicId(), e.getIndication());
    var start = c.on(e.getStartDate());
    GuidelineRules.episodeFlags(e).forEach(flag -> start.addFlag(flag, 1));
    Map<String, ScoreOnDay> scores = scores(fact);
    for (Instrument instrument : Instrument.values()) {
      ScoreOnDay baseline = scores.get(EpisodeOutcomesAggregation.scoreKey(instrument, Timepoint.BASELINE));
      if (baseline == null) {
        continue;
      }
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        ScoreOnDay followUp = scores.get(EpisodeOutcomesAggregation.scoreKey(instrument, TIMEPOINTS[t]));
        if (followUp != null) {
          long change = changeHundredths(instrument, baseline.getHundredths(), followUp.getHundredths());
          c.on(followUp.getDay()).addObservation(instrument, TIMEPOINTS[t], change,
              change >= Mcid.hundredths(instrument));
        }
      }
    }
    lowAdherenceDay(fact).ifPresent(day -> c.on(day).addFlag(GuidelineFlag.LOW_ADHERENCE, 1));
    return c.build();
  }

  /**
   * The day LOW_ADHERENCE counts on, if the episode has it: the earliest day of its DISCHARGE outcomes (any
   * instrument), when it has one and attended fewer than 80% of its planned sessions.
   */
  public static Optional<LocalDate> lowAdherenceDay(EpisodeFact fact) {
    LocalDate firstDischarge = null;
    for (Instrument instrument : Instrument.values()) {
      ScoreOnDay discharge = scores(fact).get(EpisodeOutcomesAggregation.scoreKey(instrument, Timepoint.DISCHARGE));
      if (discharge != null && (firstDischarge == null || discharge.getDay().isBefore(firstDischarge))) {
        firstDischarge = discharge.getDay();
      }
    }
    if (firstDischarge == null || !GuidelineRules.lowAdherence(fact.sessions(), fact.episode().getPlannedSessions())) {
      return Optional.empty();
    }
    return Optional.of(firstDischarge);
  }

  private static Map<String, ScoreOnDay> scores(EpisodeFact fact) {
    return fact.outcomes() == null ? Map.of() : fact.outcomes().getScores();
  }

  /** Positive is better: baseline - followUp for pain and disability scores, followUp - baseline for PSFS. */
  static long changeHundredths(Instrument instrument, int baseline, int followUp) {
    return Mcid.higherIsBetter(instrument) ? followUp - baseline : baseline - followUp;
  }
}
