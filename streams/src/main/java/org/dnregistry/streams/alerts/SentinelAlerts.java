package org.dnregistry.streams.alerts;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.streams.buckets.Series;

/**
 * Raises a SENTINEL alert the first time an adverse event counts while it is serious or of a sentinel category
 * (CONTRACT.md section 4), once per adverse event key: corrections, duplicates and re-sends after a retraction
 * do not raise it again. Needs the event's session and episode (for clinic, indication and day), so an event that
 * arrives first alerts when they do.
 */
public final class SentinelAlerts implements Processor<String, AdverseEventFact, String, Alert> {
  static final Set<AdverseEventCategory> SENTINEL_CATEGORIES = EnumSet.of(AdverseEventCategory.PNEUMOTHORAX,
      AdverseEventCategory.INFECTION, AdverseEventCategory.NERVE_INJURY, AdverseEventCategory.NEEDLE_BREAKAGE,
      AdverseEventCategory.FORGOTTEN_NEEDLE);

  private final String storeName;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, Long> raised;

  public SentinelAlerts(String storeName) {
    this.storeName = storeName;
  }

  public static boolean isSentinel(AdverseEventFact event) {
    return event.getSerious() || SENTINEL_CATEGORIES.contains(event.getCategory());
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.raised = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, AdverseEventFact> record) {
    AdverseEventFact event = record.value();
    if (event == null || !isSentinel(event) || raised.get(record.key()) != null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    raised.put(record.key(), now);
    String alertId = AlertKind.SENTINEL + "|" + record.key();
    context.forward(record.withKey(alertId).withValue(alert(alertId, event, Instant.ofEpochMilli(now))));
  }

  static Alert alert(String alertId, AdverseEventFact e, Instant raisedAt) {
    String what = (e.getSerious() ? "serious " : "") + e.getCategory() + " (" + e.getSeverity() + ")";
    return Alert.newBuilder()
        .setAlertId(alertId)
        .setKind(AlertKind.SENTINEL)
        .setRaisedAt(raisedAt)
        .setScope(Series.scopeOfClinic(e.getClinicId()))
        .setClinicId(e.getClinicId())
        .setIndication(e.getIndication().name())
        .setCategory(ComplicationCategory.valueOf(e.getCategory().name()))
        .setAsOf(e.getDay())
        .setAdverseEventId(e.getAdverseEventId())
        .setSessionId(e.getSessionId())
        .setEpisodeId(e.getEpisodeId())
        .setSeverity(e.getSeverity())
        .setSerious(e.getSerious())
        .setMessage("Sentinel event: " + what + " in clinic " + e.getClinicId() + ", session " + e.getSessionId()
            + " on " + e.getDay() + " (" + e.getIndication() + ")")
        .build();
  }
}
