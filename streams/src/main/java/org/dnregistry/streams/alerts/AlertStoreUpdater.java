package org.dnregistry.streams.alerts;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.Alert;

/**
 * Keeps the alerts of the alerts topic in a global store keyed by {@code raisedAt|alertId}, so that every instance
 * can answer "alerts since t" with one range scan. Alerts older than the topic's retention are dropped as new ones
 * arrive, so the store never outgrows the topic.
 */
public final class AlertStoreUpdater implements Processor<String, Alert, Void, Void> {
  /** Width of the zero-padded epoch milliseconds in the key: sorts numerically as a string. */
  private static final int MILLIS_DIGITS = 15;
  private final String storeName;
  private final Duration retention;
  private KeyValueStore<String, Alert> store;

  public AlertStoreUpdater(String storeName, Duration retention) {
    this.storeName = storeName;
    this.retention = retention;
  }

  public static String key(Instant raisedAt, String alertId) {
    return from(raisedAt) + alertId;
  }

  /** The smallest key of an alert raised at or after {@code since}. */
  public static String from(Instant since) {
    return String.format("%0" + MILLIS_DIGITS + "d|", Math.max(0, since.toEpochMilli()));
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    store.put(key(alert.getRaisedAt(), alert.getAlertId()), alert);
    var expired = new java.util.ArrayList<String>();
    try (var it = store.range(from(Instant.EPOCH), from(alert.getRaisedAt().minus(retention)))) {
      it.forEachRemaining(kv -> expired.add(kv.key));
    }
    expired.forEach(store::delete);
  }
}
