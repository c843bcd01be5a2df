package org.dnregistry.streams.alerts;

import java.time.Instant;
import java.time.LocalDate;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Severity;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.topics.Keys;

/**
 * SENTINEL alerts (REFERENCE section 4): one per adverse event that counts while it is serious or of a sentinel
 * category, raised once per adverse event key (the episode task remembers it, through corrections, duplicates
 * and re-sends after a retraction).
 */
public final class SentinelAlerts {
  private SentinelAlerts() {}

  /** What the alert says of the event, its session and its episode. */
  public record Event(String clinicId, String episodeId, String adverseEventId, String sessionId,
      AdverseEventCategory category, Severity severity, boolean serious, LocalDate day, Indication indication) {}

  public static String alertId(Event e) {
    return AlertKind.SENTINEL + "|" + Keys.adverseEvent(e.clinicId(), e.episodeId(), e.adverseEventId());
  }

  public static Alert alert(Event e, Instant raisedAt) {
    String what = (e.serious() ? "serious " : "") + e.category() + " (" + e.severity() + ")";
    return Alert.newBuilder()
        .setAlertId(alertId(e))
        .setKind(AlertKind.SENTINEL)
        .setRaisedAt(raisedAt)
        .setScope(Series.scopeOfClinic(e.clinicId()))
        .setClinicId(e.clinicId())
        .setIndication(e.indication().name())
        .setCategory(ComplicationCategory.valueOf(e.category().name()))
        .setAsOf(e.day())
        .setAdverseEventId(e.adverseEventId())
        .setSessionId(e.sessionId())
        .setEpisodeId(e.episodeId())
        .setSeverity(e.severity())
        .setSerious(e.serious())
        .setMessage("Sentinel event: " + what + " in clinic " + e.clinicId() + ", session " + e.sessionId()
            + " on " + e.day() + " (" + e.indication() + ")")
        .build();
  }
}
