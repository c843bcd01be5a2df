package org.dnregistry.ingest.events;

import static org.dnregistry.ingest.events.FieldSpec.bool;
import static org.dnregistry.ingest.events.FieldSpec.code;
import static org.dnregistry.ingest.events.FieldSpec.codeList;
import static org.dnregistry.ingest.events.FieldSpec.date;
import static org.dnregistry.ingest.events.FieldSpec.decimal;
import static org.dnregistry.ingest.events.FieldSpec.id;
import static org.dnregistry.ingest.events.FieldSpec.instant;
import static org.dnregistry.ingest.events.FieldSpec.integer;
import static org.dnregistry.ingest.events.FieldSpec.positiveDecimal;
import static org.dnregistry.ingest.events.FieldSpec.region;
import static org.dnregistry.ingest.events.FieldSpec.text;
import static org.dnregistry.ingest.events.FieldSpec.textList;
import static org.dnregistry.ingest.events.Presence.KEY;
import static org.dnregistry.ingest.events.Presence.OPTIONAL;
import static org.dnregistry.ingest.events.Presence.REQUIRED;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Severity;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * The event types of REFERENCE section 2 with their fields. Clinical types are written by a clinic token for its
 * own clinic; reference types by an admin token.
 */
public enum EventType {
  EPISODE("episode", true, Topics.EPISODES, List.of(
      id("episodeId", KEY),
      id("clinicId", KEY),
      id("patientId", REQUIRED),
      code("indication", REQUIRED, Indication.class),
      code("chronicity", REQUIRED, Chronicity.class),
      date("startDate", REQUIRED),
      code("etiology", OPTIONAL, Etiology.class),
      codeList("priorCare", PriorCare.class),
      codeList("contraindications", Contraindication.class),
      integer("plannedSessions", OPTIONAL, 1, 200))),

  // A session's and an adverse event's episode is part of its identity (REFERENCE section 3), so a retraction
  // names it too.
  SESSION("session", true, Topics.SESSIONS, List.of(
      id("sessionId", KEY),
      id("clinicId", KEY),
      id("episodeId", KEY),
      id("practitionerId", REQUIRED),
      instant("occurredAt", REQUIRED),
      code("modality", OPTIONAL, Modality.class),
      // Bounds are generous physical limits, not guideline ranges: guideline checks belong to the pipeline.
      integer("needleCount", OPTIONAL, 1, 200),
      positiveDecimal("needleDiameterMm", OPTIONAL, "1"),
      positiveDecimal("needleLengthMm", OPTIONAL, "150"),
      integer("durationMinutes", OPTIONAL, 1, 240),
      bool("ultrasoundGuided", OPTIONAL),
      bool("twitchResponse", OPTIONAL),
      textList("regions", FieldSpec.ID_MAX_LENGTH, 50),
      codeList("cointerventions", Cointervention.class))),

  OUTCOME("outcome", true, Topics.OUTCOMES, List.of(
      id("episodeId", KEY),
      code("instrument", KEY, Instrument.class),
      code("timepoint", KEY, Timepoint.class),
      id("clinicId", KEY),
      // The widest instrument range; the instrument's own range is checked in EventValidator. Two decimals
      // because the pipeline sums changes exactly in hundredths.
      decimal("score", REQUIRED, "0", "100", 2),
      instant("recordedAt", REQUIRED),
      id("sessionId", OPTIONAL))),

  ADVERSE_EVENT("adverse_event", true, Topics.ADVERSE_EVENTS, List.of(
      id("adverseEventId", KEY),
      id("clinicId", KEY),
      id("sessionId", REQUIRED),
      id("episodeId", KEY),
      code("category", REQUIRED, AdverseEventCategory.class),
      code("severity", REQUIRED, Severity.class),
      instant("onsetAt", REQUIRED),
      bool("serious", OPTIONAL),
      text("description", OPTIONAL, 2000))),

  CLINIC("clinic", false, Topics.CLINICS, List.of(
      id("clinicId", KEY),
      text("name", REQUIRED, 200),
      region("state", REQUIRED),
      text("network", OPTIONAL, 200))),

  PRACTITIONER("practitioner", false, Topics.PRACTITIONERS, List.of(
      id("practitionerId", KEY),
      id("clinicId", REQUIRED),
      code("profession", REQUIRED, Profession.class),
      decimal("trainingHours", REQUIRED, "0", "100000", -1),
      region("licenseState", OPTIONAL))),

  BASELINE("baseline", false, Topics.BASELINES, List.of(
      code("category", KEY, ComplicationCategory.class),
      id("source", KEY),
      decimal("low", REQUIRED, "0", "1", -1),
      decimal("high", REQUIRED, "0", "1", -1),
      code("indication", OPTIONAL, Indication.class),
      text("citation", OPTIONAL, 1000),
      // The study's number of treatment sessions: surveillance prefers the largest study (REFERENCE 4). The bound
      // is a generous physical limit (the largest published dry-needling series are tens of thousands).
      integer("studySessions", OPTIONAL, 1, 1_000_000_000)));

  /** Fields every event may carry besides its own. */
  public static final String TYPE = "type";
  public static final String RETRACTED = "retracted";

  private final String wireName;
  private final boolean clinical;
  private final TopicSpec<?> topic;
  private final Map<String, FieldSpec> fields;

  EventType(String wireName, boolean clinical, TopicSpec<?> topic, List<FieldSpec> fields) {
    this.wireName = wireName;
    this.clinical = clinical;
    this.topic = topic;
    var byName = new LinkedHashMap<String, FieldSpec>();
    fields.forEach(f -> byName.put(f.name(), f));
    this.fields = java.util.Collections.unmodifiableMap(byName);
  }

  /** The {@code "type"} value on the wire. */
  public String wireName() {
    return wireName;
  }

  /** Clinical events (episode, session, outcome, adverse event) belong to a clinic and are written by it. */
  public boolean clinical() {
    return clinical;
  }

  public TopicSpec<?> topic() {
    return topic;
  }

  /** The type's own fields in declaration order (without {@code type} and {@code retracted}). */
  public Map<String, FieldSpec> fields() {
    return fields;
  }

  public Optional<FieldSpec> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  public static Optional<EventType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  public static String wireNames() {
    return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
  }
}
