package org.dnregistry.streams.facts;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.avro.internal.EpisodeOutcomes;
import org.dnregistry.avro.internal.ScoreOnDay;
import org.dnregistry.topics.Keys;

/** Outcomes grouped per episode into instrument|timepoint -> (score in hundredths, UTC day recorded). */
public final class EpisodeOutcomesAggregation {
  private EpisodeOutcomesAggregation() {}

  public static String episodeKey(Outcome outcome) {
    return Keys.episode(outcome.getClinicId(), outcome.getEpisodeId());
  }

  public static String scoreKey(Instrument instrument, Timepoint timepoint) {
    return instrument.name() + '|' + timepoint.name();
  }

  /** Scores carry at most two decimals, so hundredths are exact integers once rounded off the binary double. */
  public static int hundredths(double score) {
    return Math.toIntExact(Math.round(score * 100));
  }

  public static ScoreOnDay scoreOf(Outcome outcome) {
    return new ScoreOnDay(hundredths(outcome.getScore()), LocalDate.ofInstant(outcome.getRecordedAt(), ZoneOffset.UTC));
  }

  public static EpisodeOutcomes empty() {
    return new EpisodeOutcomes(new HashMap<>());
  }

  public static EpisodeOutcomes add(String episodeKey, Outcome outcome, EpisodeOutcomes current) {
    var scores = new HashMap<>(current.getScores());
    scores.put(scoreKey(outcome.getInstrument(), outcome.getTimepoint()), scoreOf(outcome));
    return new EpisodeOutcomes(scores);
  }

  /** Removes the outcome's score only if it is still the one held: a later value for the same key stays. */
  public static EpisodeOutcomes remove(String episodeKey, Outcome outcome, EpisodeOutcomes current) {
    var scores = new HashMap<>(current.getScores());
    scores.remove(scoreKey(outcome.getInstrument(), outcome.getTimepoint()), scoreOf(outcome));
    return new EpisodeOutcomes(scores);
  }
}
