package org.dnregistry.streams.topology;

/**
 * Names of every state store and internal topic of the topology, declared once. They name changelog and
 * repartition topics ({@code <application.id>-<name>-changelog}), so changing one loses or orphans state on
 * upgrade: add new names, never rename.
 */
public final class StoreNames {
  private StoreNames() {}

  // Intake: facts that move between tasks (to their episode's partition; reference data to every partition).
  public static final String MOVED_FACTS = "moved-facts";

  // The episode tasks.
  /** clinicId|episodeId -> everything held of the episode, and what it last published. */
  public static final String EPISODES = "episodes";
  /** clinicId -> what the session flags need of the clinic (every task holds every clinic). */
  public static final String REFERENCE_CLINICS = "reference-clinics";
  /** practitionerId -> what the session flags need of the practitioner (every task holds every one). */
  public static final String REFERENCE_PRACTITIONERS = "reference-practitioners";
  /** practitionerId|clinicId|episodeId: the episodes a practitioner's change must re-evaluate. */
  public static final String PRACTITIONER_EPISODES = "practitioner-episodes";

  // The scope tasks, fed by the episode tasks' changes per scope.
  public static final String SCOPE_CHANGES = "scope-changes";
  /** scope|indication|yyyy-MM-dd -> the day's counters. */
  public static final String DAY_BUCKETS = "day-buckets";
  /** Series (scope|indication) -> number of non-empty day buckets: lists the clinics without scanning buckets. */
  public static final String SERIES_INDEX = "series-index";
  /** clinic:<id> -> data-quality counts. */
  public static final String DATA_QUALITY = "data-quality";
  /** clinicId|sessionId -> the episodes holding the session id and the adverse events that name it elsewhere. */
  public static final String SESSION_INDEX = "session-index";
  /** scope|category|yyyy-MM-dd of every surveillance signal that raised its SIGNAL alert. */
  public static final String SIGNALS_RAISED = "signals-raised";
  /** topic|key of every research record published, with a fingerprint of what it said. */
  public static final String RESEARCH_PUBLISHED = "research-published";

  // Global stores (every instance holds all of them, in memory, rebuilt from their topics at start).
  public static final String BASELINES = "baselines";
  /** The alerts topic keyed raisedAt|alertId, for the query API. */
  public static final String ALERTS = "alerts-by-time";
}
