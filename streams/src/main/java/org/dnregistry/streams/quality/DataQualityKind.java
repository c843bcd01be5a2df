package org.dnregistry.streams.quality;

/**
 * Why a fact does not count (REFERENCE section 4, data quality). The first three are known where the episode's
 * facts live; the adverse events whose session is not in their episode are told apart (no such session in the
 * clinic, or the session belongs to another episode) by the clinic's session index.
 */
public enum DataQualityKind {
  /** A session whose episode is unknown. */
  SESSION_EPISODE_UNKNOWN("sessionsEpisodeUnknown"),
  /** An outcome whose episode is unknown. */
  OUTCOME_EPISODE_UNKNOWN("outcomesEpisodeUnknown"),
  /** An adverse event whose session is in its episode, but the episode is unknown. */
  ADVERSE_EVENT_EPISODE_UNKNOWN("adverseEventsEpisodeUnknown"),
  /** An adverse event whose session is unknown: no session of that id in the clinic. */
  ADVERSE_EVENT_SESSION_UNKNOWN("adverseEventsSessionUnknown"),
  /** An adverse event whose episodeId is not its session's: the session exists, under another episode. */
  ADVERSE_EVENT_WRONG_EPISODE("adverseEventsWrongEpisode");

  private final String label;

  DataQualityKind(String label) {
    this.label = label;
  }

  /** The name in the query API's JSON. */
  public String label() {
    return label;
  }
}
