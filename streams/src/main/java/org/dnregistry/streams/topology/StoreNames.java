package org.dnregistry.streams.topology;

/**
 * Names of every state store, processor of state and internal topic of the topology, declared once. They name
 * changelog and repartition topics ({@code <application.id>-<name>-changelog}), so changing one loses or orphans
 * state on upgrade: add new names, never rename.
 */
public final class StoreNames {
  private StoreNames() {}

  // Fact tables (one per input topic) and the baselines' global table.
  public static final String EPISODES = "episodes";
  public static final String SESSIONS = "sessions";
  public static final String OUTCOMES = "outcomes";
  public static final String ADVERSE_EVENTS = "adverse-events";
  public static final String CLINICS = "clinics";
  public static final String PRACTITIONERS = "practitioners";
  public static final String BASELINES = "baselines";

  // Enrichment: foreign-key joins (the join name prefixes their internal topics and stores) and their results.
  public static final String SESSION_EPISODE_JOIN = "session-episode-join";
  public static final String SESSIONS_WITH_EPISODE = "sessions-with-episode";
  public static final String SESSION_PRACTITIONER_JOIN = "session-practitioner-join";
  public static final String SESSIONS_WITH_PRACTITIONER = "sessions-with-practitioner";
  public static final String SESSION_CLINIC_JOIN = "session-clinic-join";
  public static final String SESSION_FACTS = "session-facts";
  public static final String ADVERSE_EVENT_SESSION_JOIN = "adverse-event-session-join";
  public static final String ADVERSE_EVENT_FACTS = "adverse-event-facts";
  public static final String OUTCOMES_BY_EPISODE = "outcomes-by-episode";
  public static final String SESSION_COUNTS_BY_EPISODE = "session-counts-by-episode";

  // Counting: the last contribution of every fact, the changes per series, the day buckets.
  public static final String CONTRIBUTIONS = "fact-contributions";
  public static final String SERIES_DELTAS = "series-deltas";
  public static final String DAY_BUCKETS = "day-buckets";
  /** Series -> number of non-empty day buckets: lists the clinics without scanning every bucket. */
  public static final String SERIES_INDEX = "series-index";

  // Outputs: alerts and research topics.
  /** Adverse event keys that have raised their SENTINEL alert. */
  public static final String SENTINELS_RAISED = "sentinel-alerts-raised";
  /** Series changed since their last status evaluation. */
  public static final String STATUS_DIRTY_SERIES = "status-dirty-series";
  /** Last status per series|window|category|source. */
  public static final String SERIES_STATUSES = "series-statuses";
  /** Global store of the alerts topic, keyed raisedAt|alertId, for the query API. */
  public static final String ALERTS = "alerts-by-time";
  /** network|indication|yyyy-MM months changed since their last research publication. */
  public static final String RESEARCH_DIRTY_MONTHS = "research-dirty-months";
}
