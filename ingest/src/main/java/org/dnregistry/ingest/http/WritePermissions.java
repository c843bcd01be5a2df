package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.validation.Issue;

/**
 * Who may write what (REFERENCE section 3): a clinic token writes its own clinic's clinical events, an admin token
 * writes reference data, a viewer writes nothing. Checked on the raw events before validation, so a forbidden
 * request is refused as such (403) whatever else is wrong with it. Events without a readable type or clinicId are
 * left to validation.
 */
public final class WritePermissions {
  private WritePermissions() {}

  /** Every event this principal may not write; empty when the request is allowed. */
  public static List<Issue> forbidden(Principal principal, List<JsonNode> events) {
    var issues = new ArrayList<Issue>();
    if (principal.role() == Role.VIEWER) {
      issues.add(new Issue(0, null, "a viewer token may read figures but not write events"));
      return issues;
    }
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      if (event == null || !event.isObject() || !event.path(EventType.TYPE).isTextual()) {
        continue;
      }
      var type = EventType.fromWire(event.get(EventType.TYPE).textValue());
      if (type.isEmpty()) {
        continue;
      }
      if (principal.role() == Role.ADMIN && type.get().clinical()) {
        issues.add(new Issue(i, EventType.TYPE, "an admin token writes reference data only (clinic, practitioner, "
            + "baseline); " + type.get().wireName() + " events come from the clinic's own token"));
      } else if (principal.role() == Role.CLINIC && !type.get().clinical()) {
        issues.add(new Issue(i, EventType.TYPE, "a clinic token writes clinical events only (episode, session, "
            + "outcome, adverse_event); " + type.get().wireName() + " is reference data written by an admin"));
      } else if (principal.role() == Role.CLINIC) {
        JsonNode clinicId = event.get("clinicId");
        if (clinicId != null && clinicId.isTextual() && !clinicId.textValue().equals(principal.clinicId())) {
          issues.add(new Issue(i, "clinicId", "this token writes events of clinic " + principal.clinicId()
              + " only"));
        }
      }
    }
    return issues;
  }
}
