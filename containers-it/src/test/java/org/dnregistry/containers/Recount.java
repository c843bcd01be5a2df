package org.dnregistry.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent recount of what was accepted, for the complications figures of each clinic with window {@code all}
 * and indication {@code ALL} (REFERENCE section 4): sessions, and adverse events per category plus {@code ANY_MINOR}
 * (not serious) and {@code SERIOUS}. Facts are keyed by their natural id, the last version wins (upserts); every
 * session's episode and every adverse event's session were sent by the simulator, so all of them count.
 */
record Recount(Map<String, ClinicCounts> clinics) {

  /** One clinic's sessions and its events per category row. */
  record ClinicCounts(long sessions, Map<String, Long> events) {}

  static Recount of(List<ObjectNode> accepted) {
    var sessions = new HashMap<String, ObjectNode>();
    var adverse = new HashMap<String, ObjectNode>();
    for (ObjectNode e : accepted) {
      switch (e.path("type").asText()) {
        case "session" -> sessions.put(e.path("clinicId").asText() + "|" + e.path("sessionId").asText(), e);
        case "adverse_event" -> adverse.put(e.path("clinicId").asText() + "|" + e.path("adverseEventId").asText(), e);
        default -> { }
      }
    }
    var result = new TreeMap<String, ClinicCounts>();
    var sessionCounts = new TreeMap<String, Long>();
    sessions.values().forEach(s -> sessionCounts.merge(s.path("clinicId").asText(), 1L, Long::sum));
    var events = new TreeMap<String, Map<String, Long>>();
    for (ObjectNode ae : adverse.values()) {
      var perClinic = events.computeIfAbsent(ae.path("clinicId").asText(), k -> new TreeMap<>());
      perClinic.merge(ae.path("category").asText(), 1L, Long::sum);
      perClinic.merge(ae.path("serious").asBoolean(false) ? "SERIOUS" : "ANY_MINOR", 1L, Long::sum);
    }
    sessionCounts.forEach((clinic, n) -> result.put(clinic, new ClinicCounts(n, events.getOrDefault(clinic, Map.of()))));
    return new Recount(result);
  }
}
