package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;

/** The alert feed: only what the caller may see, newest first, at most a limit. */
final class AlertFeed {
  private static final Comparator<JsonNode> NEWEST_FIRST =
      Comparator.comparing(AlertFeed::raisedAt, Comparator.reverseOrder())
          .thenComparing(a -> a.path("alertId").asText());

  private AlertFeed() {}

  static List<JsonNode> arrange(List<JsonNode> alerts, Principal who, int limit) {
    return alerts.stream()
        .filter(a -> visibleTo(a, who))
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
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
