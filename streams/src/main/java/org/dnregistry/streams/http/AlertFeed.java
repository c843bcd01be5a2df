package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;

/**
 * The alert feed: only what the caller may see, newest first, at most a limit; and how many the caller may see
 * in all since the same instant, so a count does not stop at the page it was given.
 */
final class AlertFeed {
  private static final Comparator<JsonNode> NEWEST_FIRST =
      Comparator.comparing(AlertFeed::raisedAt, Comparator.reverseOrder())
          .thenComparing(a -> a.path("alertId").asText());

  private AlertFeed() {}

  /** The page of a feed and the number of alerts it was taken from. */
  record Page(List<JsonNode> alerts, int total) {}

  static Page arrange(List<JsonNode> alerts, Principal who, int limit) {
    List<JsonNode> visible = alerts.stream().filter(a -> visibleTo(a, who)).sorted(NEWEST_FIRST).toList();
    return new Page(visible.subList(0, Math.min(limit, visible.size())), visible.size());
  }

  /** A clinic sees the alerts of its own clinic, never network-wide ones (they describe other clinics too). */
  static boolean visibleTo(JsonNode alert, Principal who) {
    if (who.role() != Role.CLINIC) {
      return true;
    }
    return who.clinicId().equals(alert.path("clinicId").asText(null))
        || ("clinic:" + who.clinicId()).equals(alert.path("scope").asText(null));
  }

  /** raisedAt as Avro's JSON (epoch milliseconds) or ISO-8601; an alert without one sorts last. */
  static Instant raisedAt(JsonNode alert) {
    JsonNode at = alert.get("raisedAt");
    if (at == null || at.isNull()) {
      return Instant.MIN;
    }
    if (at.isNumber()) {
      return Instant.ofEpochMilli(at.asLong());
    }
    try {
      return Instant.parse(at.asText());
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }
}
