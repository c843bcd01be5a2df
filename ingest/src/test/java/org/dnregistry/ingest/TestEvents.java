package org.dnregistry.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.dnregistry.ingest.events.EventType;

/** Valid sample events of every type, relative to a fixed clock, for tests to mutate. */
public final class TestEvents {
  public static final Instant NOW = Instant.parse("2025-06-15T12:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final ObjectMapper JSON = new ObjectMapper();

  private TestEvents() {}

  public static ObjectNode of(EventType type) {
    return switch (type) {
      case EPISODE -> episode("C1", "E1", "patient-42");
      case SESSION -> session("C1", "S1", "E1");
      case OUTCOME -> outcome("C1", "E1", "NPRS", "BASELINE", 7);
      case ADVERSE_EVENT -> adverseEvent("C1", "A1", "S1", "E1");
      case CLINIC -> clinic("C1");
      case PRACTITIONER -> practitioner("P1", "C1");
      case BASELINE -> baseline("BRUISING", "Test 2025", 0.05, 0.1);
    };
  }

  public static List<ObjectNode> allTypes() {
    return java.util.Arrays.stream(EventType.values()).map(TestEvents::of).toList();
  }

  public static ObjectNode episode(String clinicId, String episodeId, String patientId) {
    ObjectNode e = JSON.createObjectNode()
        .put("type", "episode")
        .put("episodeId", episodeId)
        .put("clinicId", clinicId)
        .put("patientId", patientId)
        .put("indication", "NECK_PAIN")
        .put("chronicity", "CHRONIC")
        .put("startDate", "2025-03-01")
        .put("etiology", "MYOFASCIAL")
        .put("plannedSessions", 12);
    e.putArray("priorCare").add("HEAT").add("EXERCISE");
    e.putArray("contraindications").add("ANTICOAGULANTS");
    return e;
  }

  public static ObjectNode session(String clinicId, String sessionId, String episodeId) {
    ObjectNode s = JSON.createObjectNode()
        .put("type", "session")
        .put("sessionId", sessionId)
        .put("episodeId", episodeId)
        .put("clinicId", clinicId)
        .put("practitionerId", "P1")
        .put("occurredAt", "2025-03-02T09:30:00Z")
        .put("modality", "DRY_NEEDLING")
        .put("needleCount", 6)
        .put("needleDiameterMm", 0.3)
        .put("needleLengthMm", 30)
        .put("durationMinutes", 30)
        .put("ultrasoundGuided", false)
        .put("twitchResponse", true);
    s.putArray("regions").add("upper trapezius").add("levator scapulae");
    s.putArray("cointerventions").add("EXERCISE");
    return s;
  }

  public static ObjectNode outcome(String clinicId, String episodeId, String instrument, String timepoint,
                                   double score) {
    return JSON.createObjectNode()
        .put("type", "outcome")
        .put("episodeId", episodeId)
        .put("clinicId", clinicId)
        .put("instrument", instrument)
        .put("timepoint", timepoint)
        .put("score", score)
        .put("recordedAt", "2025-03-02T09:00:00Z")
        .put("sessionId", "S1");
  }

  public static ObjectNode adverseEvent(String clinicId, String adverseEventId, String sessionId, String episodeId) {
    return JSON.createObjectNode()
        .put("type", "adverse_event")
        .put("adverseEventId", adverseEventId)
        .put("sessionId", sessionId)
        .put("episodeId", episodeId)
        .put("clinicId", clinicId)
        .put("category", "BRUISING")
        .put("severity", "MILD")
        .put("onsetAt", "2025-03-02T10:00:00Z")
        .put("serious", false)
        .put("description", "small bruise at the needling site");
  }

  public static ObjectNode clinic(String clinicId) {
    return JSON.createObjectNode()
        .put("type", "clinic")
        .put("clinicId", clinicId)
        .put("name", "Front Range Physio")
        .put("state", "CO")
        .put("network", "Rocky Mountain Network");
  }

  public static ObjectNode practitioner(String practitionerId, String clinicId) {
    return JSON.createObjectNode()
        .put("type", "practitioner")
        .put("practitionerId", practitionerId)
        .put("clinicId", clinicId)
        .put("profession", "PHYSICAL_THERAPIST")
        .put("trainingHours", 54)
        .put("licenseState", "CO");
  }

  public static ObjectNode baseline(String category, String source, double low, double high) {
    return JSON.createObjectNode()
        .put("type", "baseline")
        .put("category", category)
        .put("source", source)
        .put("low", low)
        .put("high", high)
        .put("indication", "NECK_PAIN")
        .put("citation", "A test citation.")
        .put("studySessions", 20464);
  }
}
