package org.dnregistry.streams.episodes;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.quality.DataQualityKind;
import org.dnregistry.streams.stats.Mcid;

/**
 * What one episode's facts count for, by the rules of REFERENCE section 4 and docs/FIGURES.md: its contribution to
 * the day buckets of its clinic and the network, and its compliance records. A pure function of the episode's
 * state and the reference data.
 *
 * @param compliance subject ("" for the episode, else the sessionId) -> its compliance record, for every subject
 *                   with at least one flag
 */
public record EpisodeEvaluation(EpisodeContribution contribution, SortedMap<String, ComplianceEntry> compliance) {
  /** The episode's own subject in {@link #compliance}. */
  public static final String EPISODE_SUBJECT = "";
  /** A DISCHARGE outcome or any later one completes an episode's follow-up (REFERENCE section 4, data quality). */
  private static final Timepoint[] COMPLETING = {Timepoint.DISCHARGE, Timepoint.MONTH_3, Timepoint.MONTH_6,
      Timepoint.MONTH_12};
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  public static EpisodeEvaluation of(String clinicId, EpisodeState s, References refs) {
    EpisodeInfo e = s.episode;
    var c = EpisodeContribution.builder(e == null ? null : e.indication());
    var compliance = new TreeMap<String, ComplianceEntry>();
    s.sessions.keySet().forEach(c::session);
    s.adverseEvents.forEach((id, a) -> {
      if (a.present() && !s.holdsSession(a.sessionId())) {
        c.orphanAdverseEvent(id, a.sessionId());
      }
    });
    if (e == null) {
      // Nothing counts without the episode: each fact is a data-quality problem of its clinic.
      c.quality(DataQualityKind.SESSION_EPISODE_UNKNOWN, s.sessions.size());
      c.quality(DataQualityKind.OUTCOME_EPISODE_UNKNOWN, s.outcomes.size());
      c.quality(DataQualityKind.ADVERSE_EVENT_EPISODE_UNKNOWN, s.adverseEvents.values().stream()
          .filter(a -> a.present() && s.holdsSession(a.sessionId())).count());
      return new EpisodeEvaluation(c.build(), Collections.emptySortedMap());
    }
    countEpisode(e, c);
    countSessions(clinicId, s, e.indication(), refs, c, compliance);
    countAdverseEvents(s, c);
    countOutcomes(s, c);
    int episodeFlags = e.flags();
    var discharge = lowAdherenceDay(s);
    if (discharge != null) {
      c.add(discharge, DayCounters.flagIndex(GuidelineFlag.LOW_ADHERENCE), 1);
      episodeFlags |= Flags.bit(GuidelineFlag.LOW_ADHERENCE);
    }
    if (episodeFlags != 0) {
      compliance.put(EPISODE_SUBJECT, new ComplianceEntry(episodeFlags, e.indication(), e.startDay(), null));
    }
    return new EpisodeEvaluation(c.build(), Collections.unmodifiableSortedMap(compliance));
  }

  /** The episode flags on the start day. */
  private static void countEpisode(EpisodeInfo e, EpisodeContribution.Builder c) {
    for (GuidelineFlag flag : e.flagSet()) {
      c.add(e.startDay(), DayCounters.flagIndex(flag), 1);
    }
  }

  /** Every session on its day, with its flags (dry needling sessions only). */
  private static void countSessions(String clinicId, EpisodeState s, Indication indication, References refs,
      EpisodeContribution.Builder c, TreeMap<String, ComplianceEntry> compliance) {
    References.Clinic clinic = refs.clinic(clinicId);
    s.sessions.forEach((id, session) -> {
      c.add(session.day(), DayCounters.sessionsIndex(), 1);
      int flags = SessionRules.flags(session, indication, clinicId, refs.practitioner(session.practitionerId()),
          clinic);
      for (GuidelineFlag flag : Flags.set(flags)) {
        c.add(session.day(), DayCounters.flagIndex(flag), 1);
      }
      if (flags != 0) {
        compliance.put(id, new ComplianceEntry(flags, indication, session.day(), session.practitionerId()));
      }
    });
  }

  /** Every adverse event whose session is in this episode, on the session's day: its category, and minor or serious. */
  private static void countAdverseEvents(EpisodeState s, EpisodeContribution.Builder c) {
    s.adverseEvents.values().forEach(a -> {
      SessionInfo session = a.present() ? s.sessions.get(a.sessionId()) : null;
      if (session != null) {
        c.add(session.day(), DayCounters.eventsIndex(ComplicationCategory.valueOf(a.category().name())), 1);
        c.add(session.day(), DayCounters.eventsIndex(a.serious() ? ComplicationCategory.SERIOUS
            : ComplicationCategory.ANY_MINOR), 1);
      }
    });
  }

  /**
   * One efficacy observation per instrument and follow-up with a baseline, on the follow-up's day; follow-up
   * completeness on the earliest baseline day.
   */
  private static void countOutcomes(EpisodeState s, EpisodeContribution.Builder c) {
    Integer firstBaseline = null;
    boolean completed = false;
    for (Instrument instrument : Instrument.values()) {
      OutcomeInfo baseline = s.outcomes.get(EpisodeState.outcomeKey(instrument, Timepoint.BASELINE));
      if (baseline != null && (firstBaseline == null || baseline.day() < firstBaseline)) {
        firstBaseline = baseline.day();
      }
      for (Timepoint t : COMPLETING) {
        completed |= s.outcomes.containsKey(EpisodeState.outcomeKey(instrument, t));
      }
      if (baseline == null) {
        continue;
      }
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        OutcomeInfo followUp = s.outcomes.get(EpisodeState.outcomeKey(instrument, TIMEPOINTS[t]));
        if (followUp != null) {
          long change = Mcid.higherIsBetter(instrument) ? followUp.hundredths() - baseline.hundredths()
              : baseline.hundredths() - followUp.hundredths();
          int cell = DayCounters.efficacyIndex(instrument, TIMEPOINTS[t]);
          c.add(followUp.day(), cell, 1);
          c.add(followUp.day(), cell + 1, change);
          c.add(followUp.day(), cell + 2, change * change);
          c.add(followUp.day(), cell + 3, change >= Mcid.hundredths(instrument) ? 1 : 0);
        }
      }
    }
    if (firstBaseline != null) {
      c.add(firstBaseline, DayCounters.followUpEligibleIndex(), 1);
      c.add(firstBaseline, DayCounters.followUpCompleteIndex(), completed ? 1 : 0);
    }
  }

  /**
   * The day LOW_ADHERENCE counts on, or null: the earliest day of the episode's DISCHARGE outcomes (any
   * instrument), when it has one and attended fewer than 80% of its planned sessions.
   */
  private static Integer lowAdherenceDay(EpisodeState s) {
    Integer first = null;
    for (Instrument instrument : Instrument.values()) {
      OutcomeInfo discharge = s.outcomes.get(EpisodeState.outcomeKey(instrument, Timepoint.DISCHARGE));
      if (discharge != null && (first == null || discharge.day() < first)) {
        first = discharge.day();
      }
    }
    if (first == null || !GuidelineRules.lowAdherence(s.sessions.size(), s.episode.plannedSessions())) {
      return null;
    }
    return first;
  }
}
