package org.dnregistry.topics;

import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.Session;
import org.dnregistry.topics.TopicSpec.Cleanup;

/** Every topic of the registry, declared once. Ingest, streams, tests and the local stack all use these. */
public final class Topics {
  private Topics() {}

  // Input facts, partitioned by episode (EpisodePartitioner). All input topics must have the same partition count:
  // one stream task reads partition p of every one of them. Sessions and adverse events moved to v2 when their
  // episode became part of their key (REFERENCE section 3).
  public static final TopicSpec<Episode> EPISODES = compact("dn.episodes.v1", Episode.class,
      "Episodes of care, key clinicId|episodeId");
  public static final TopicSpec<Session> SESSIONS = compact("dn.sessions.v2", Session.class,
      "Treatment sessions, key clinicId|episodeId|sessionId");
  public static final TopicSpec<Outcome> OUTCOMES = compact("dn.outcomes.v1", Outcome.class,
      "Patient-reported outcomes, key clinicId|episodeId|instrument|timepoint");
  public static final TopicSpec<AdverseEvent> ADVERSE_EVENTS = compact("dn.adverse-events.v2", AdverseEvent.class,
      "Adverse events, key clinicId|episodeId|adverseEventId");

  // Reference data written by admins.
  public static final TopicSpec<Clinic> CLINICS = compact("dn.clinics.v1", Clinic.class,
      "Clinics, key clinicId");
  public static final TopicSpec<Practitioner> PRACTITIONERS = compact("dn.practitioners.v1", Practitioner.class,
      "Practitioners, key practitionerId");
  public static final TopicSpec<Baseline> BASELINES = compact("dn.baselines.v1", Baseline.class,
      "Published complication baselines, key category|source");

  // Outputs.
  // Alerts moved to v2 when surveillance SIGNAL alerts replaced the STATUS alerts (AlertKind has no default).
  public static final TopicSpec<Alert> ALERTS = delete("dn.alerts.v2", Alert.class, Duration.ofDays(400),
      "SENTINEL and SIGNAL alerts, key alertId");
  public static final TopicSpec<ComplianceFlags> COMPLIANCE = compact("dn.compliance.v2", ComplianceFlags.class,
      "Guideline flags per episode or session, key clinicId|EPISODE|episodeId or "
          + "clinicId|SESSION|episodeId|sessionId");
  public static final TopicSpec<ResearchComplicationMonth> RESEARCH_COMPLICATIONS = compact(
      "dn.research.complications-monthly.v1", ResearchComplicationMonth.class,
      "De-identified monthly network complications, key yyyy-MM|indication");
  public static final TopicSpec<ResearchEfficacyMonth> RESEARCH_EFFICACY = compact(
      "dn.research.efficacy-monthly.v1", ResearchEfficacyMonth.class,
      "De-identified monthly network efficacy, key yyyy-MM|indication|instrument|timepoint");
  public static final TopicSpec<ResearchComplianceMonth> RESEARCH_COMPLIANCE = compact(
      "dn.research.compliance-monthly.v1", ResearchComplianceMonth.class,
      "De-identified monthly network guideline flags, key yyyy-MM|indication");
  public static final TopicSpec<DeadLetter> DEAD_LETTER = delete("dn.dead-letter.v1", DeadLetter.class,
      Duration.ofDays(30), "Records the pipeline could not process, with the reason and original bytes");

  /** The topics of clinical facts: keyed and partitioned by episode ({@link EpisodePartitioner}). */
  public static final List<TopicSpec<? extends SpecificRecord>> CLINICAL =
      List.of(EPISODES, SESSIONS, OUTCOMES, ADVERSE_EVENTS);
  public static final List<TopicSpec<? extends SpecificRecord>> INPUTS =
      List.of(EPISODES, SESSIONS, OUTCOMES, ADVERSE_EVENTS, CLINICS, PRACTITIONERS, BASELINES);
  public static final List<TopicSpec<? extends SpecificRecord>> OUTPUTS = List.of(
      ALERTS, COMPLIANCE, RESEARCH_COMPLICATIONS, RESEARCH_EFFICACY, RESEARCH_COMPLIANCE, DEAD_LETTER);
  public static final List<TopicSpec<? extends SpecificRecord>> ALL = concat(INPUTS, OUTPUTS);

  private static <V extends SpecificRecord> TopicSpec<V> compact(String name, Class<V> type, String description) {
    return new TopicSpec<>(name, type, schemaOf(type), Cleanup.COMPACT, Duration.ZERO, description);
  }

  private static <V extends SpecificRecord> TopicSpec<V> delete(
      String name, Class<V> type, Duration retention, String description) {
    return new TopicSpec<>(name, type, schemaOf(type), Cleanup.DELETE, retention, description);
  }

  private static org.apache.avro.Schema schemaOf(Class<? extends SpecificRecord> type) {
    return org.apache.avro.specific.SpecificData.get().getSchema(type);
  }

  private static List<TopicSpec<? extends SpecificRecord>> concat(
      List<TopicSpec<? extends SpecificRecord>> a, List<TopicSpec<? extends SpecificRecord>> b) {
    var all = new java.util.ArrayList<TopicSpec<? extends SpecificRecord>>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
