package org.dnregistry.streams.oracle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.Severity;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.Topics;

/**
 * Hand-made histories for worked examples, in arrival order. Defaults are chosen to raise no guideline flag: an
 * acute myofascial episode after NSAIDs, self-care education and heat, 10 planned sessions; a dry-needling
 * session with exercise, no needle sizes, by an unregistered practitioner. Each fact can be adjusted through its
 * Avro builder.
 */
public final class HistoryBuilder {
  /** An adverse event names a session that never arrived under this episode id. */
  public static final String NO_EPISODE = "E-unknown";
  private final List<TopicRecord> records = new ArrayList<>();
  /** clinicId|sessionId -> the episode of the last session sent with that id. */
  private final Map<String, String> sessionEpisodes = new HashMap<>();

  public List<TopicRecord> records() {
    return List.copyOf(records);
  }

  public HistoryBuilder clinic(String clinicId, String state) {
    var clinic = Clinic.newBuilder().setClinicId(clinicId).setName("Clinic " + clinicId).setState(state).build();
    return add(Topics.CLINICS.name(), Keys.clinic(clinicId), clinic);
  }

  public HistoryBuilder practitioner(String practitionerId, String clinicId, Profession profession, double hours) {
    var p = Practitioner.newBuilder().setPractitionerId(practitionerId).setClinicId(clinicId)
        .setProfession(profession).setTrainingHours(hours).build();
    return add(Topics.PRACTITIONERS.name(), Keys.practitioner(practitionerId), p);
  }

  public HistoryBuilder episode(String clinicId, String episodeId, Indication indication, LocalDate start) {
    return episode(clinicId, episodeId, indication, start, b -> b);
  }

  public HistoryBuilder episode(String clinicId, String episodeId, Indication indication, LocalDate start,
      UnaryOperator<Episode.Builder> adjust) {
    var b = Episode.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId).setPatientPseudonym("ab12")
        .setIndication(indication).setChronicity(Chronicity.ACUTE).setStartDate(start).setEtiology(Etiology.MYOFASCIAL)
        .setPriorCare(List.of(PriorCare.NSAID_OR_ACETAMINOPHEN, PriorCare.SELF_CARE_EDUCATION, PriorCare.HEAT))
        .setContraindications(List.of()).setPlannedSessions(10);
    return add(Topics.EPISODES.name(), Keys.episode(clinicId, episodeId), adjust.apply(b).build());
  }

  public HistoryBuilder session(String clinicId, String sessionId, String episodeId, String occurredAt) {
    return session(clinicId, sessionId, episodeId, occurredAt, b -> b);
  }

  public HistoryBuilder session(String clinicId, String sessionId, String episodeId, String occurredAt,
      UnaryOperator<Session.Builder> adjust) {
    var b = Session.newBuilder().setSessionId(sessionId).setEpisodeId(episodeId).setClinicId(clinicId)
        .setPractitionerId("P-unregistered").setOccurredAt(Instant.parse(occurredAt)).setModality(Modality.DRY_NEEDLING)
        .setCointerventions(List.of(Cointervention.EXERCISE));
    Session session = adjust.apply(b).build();
    sessionEpisodes.put(clinicId + "|" + sessionId, session.getEpisodeId());
    return add(Topics.SESSIONS.name(), Keys.session(clinicId, session.getEpisodeId(), sessionId), session);
  }

  /**
   * An adverse event of the session of that id sent last (its episodeId that session's), or of {@link #NO_EPISODE}
   * when no such session was sent.
   */
  public HistoryBuilder adverseEvent(String clinicId, String adverseEventId, String sessionId,
      AdverseEventCategory category, boolean serious) {
    return adverseEvent(clinicId, adverseEventId, sessionId, category, serious, b -> b);
  }

  public HistoryBuilder adverseEvent(String clinicId, String adverseEventId, String sessionId,
      AdverseEventCategory category, boolean serious, UnaryOperator<AdverseEvent.Builder> adjust) {
    var b = AdverseEvent.newBuilder().setAdverseEventId(adverseEventId).setSessionId(sessionId)
        .setEpisodeId(sessionEpisodes.getOrDefault(clinicId + "|" + sessionId, NO_EPISODE)).setClinicId(clinicId)
        .setCategory(category).setSeverity(Severity.MILD).setOnsetAt(Instant.parse("2000-01-01T00:00:00Z"))
        .setSerious(serious);
    AdverseEvent event = adjust.apply(b).build();
    return add(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinicId, event.getEpisodeId(), adverseEventId), event);
  }

  public HistoryBuilder outcome(String clinicId, String episodeId, Instrument instrument, Timepoint timepoint,
      double score, String recordedAt) {
    var o = Outcome.newBuilder().setEpisodeId(episodeId).setClinicId(clinicId).setInstrument(instrument)
        .setTimepoint(timepoint).setScore(score).setRecordedAt(Instant.parse(recordedAt)).build();
    return add(Topics.OUTCOMES.name(), Keys.outcome(clinicId, episodeId, instrument, timepoint), o);
  }

  public HistoryBuilder baseline(ComplicationCategory category, String source, double low, double high,
      Indication indicationOrNull) {
    var b = Baseline.newBuilder().setCategory(category).setSource(source).setLow(low).setHigh(high)
        .setIndication(indicationOrNull).build();
    return add(Topics.BASELINES.name(), Keys.baseline(category, source), b);
  }

  /** A tombstone: {@code topic} is a {@code Topics.X.name()}, key as built by {@code Keys}. */
  public HistoryBuilder retract(String topic, String key) {
    records.add(TopicRecord.retraction(topic, key));
    return this;
  }

  public HistoryBuilder add(String topic, String key, SpecificRecord value) {
    records.add(new TopicRecord(topic, key, value));
    return this;
  }

  public HistoryBuilder addAll(List<TopicRecord> more) {
    records.addAll(more);
    return this;
  }
}
