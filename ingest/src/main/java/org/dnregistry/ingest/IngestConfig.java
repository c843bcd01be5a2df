package org.dnregistry.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.http.BodyLimits;
import org.dnregistry.ingest.http.ParseLimits;
import org.dnregistry.ingest.kafka.TransactionalEventWriter;
import org.dnregistry.web.ListenerOptions;

/**
 * The gateway's own settings ({@code ingest.*}); {@code kafka.*} and {@code schema.registry.*} are read where they
 * are used. Every name here is what an operator writes in the properties file or as a DNREGISTRY_ variable.
 */
public record IngestConfig(
    String host,
    int port,
    Path tokensFile,
    long maxBodyBytes,
    Mode mode,
    Path dataDir,
    String transactionalIdPrefix,
    int maxReportedIssues,
    long maxInFlightBytes,
    TransactionalEventWriter.Options writer,
    ParseLimits parseLimits,
    BodyLimits bodyLimits,
    ListenerOptions listener,
    Duration registryCheckInterval,
    Duration registryCheckTimeout) {

  /** Production refuses to start without a configured pseudonym secret; local generates and keeps one. */
  public enum Mode { PRODUCTION, LOCAL }

  public static final String HOST = "ingest.host";
  public static final String PORT = "ingest.port";
  public static final String TOKENS_FILE = "ingest.tokens.file";
  public static final String MAX_BODY_BYTES = "ingest.max.body.bytes";
  public static final String MODE = "ingest.mode";
  public static final String DATA_DIR = "ingest.data.dir";
  public static final String TRANSACTIONAL_ID_PREFIX = "ingest.transactional.id.prefix";
  public static final String MAX_REPORTED_ERRORS = "ingest.max.reported.errors";
  public static final String MAX_INFLIGHT_BYTES = "ingest.max.inflight.bytes";
  public static final String QUEUE_CAPACITY = "ingest.queue.capacity";
  public static final String QUEUE_MAX_EVENTS = "ingest.queue.max.events";
  public static final String BATCH_MAX_EVENTS = "ingest.batch.max.events";
  public static final String BATCH_LINGER_MS = "ingest.batch.linger.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "ingest.unavailable.backoff.max.ms";
  public static final String MAX_EVENTS_PER_REQUEST = "ingest.max.events.per.request";
  public static final String MAX_FIELDS_PER_EVENT = "ingest.max.fields.per.event";
  public static final String BODY_TIMEOUT_MS = "ingest.body.timeout.ms";
  public static final String REGISTRY_CHECK_INTERVAL_MS = "ingest.registry.check.interval.ms";
  public static final String REGISTRY_CHECK_TIMEOUT_MS = "ingest.registry.check.timeout.ms";

  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  public static final long DEFAULT_MAX_INFLIGHT_BYTES = 256L * 1024 * 1024;

  public static IngestConfig from(Settings s) {
    var defaults = TransactionalEventWriter.Options.defaults();
    var writer = new TransactionalEventWriter.Options(
        positive(s, QUEUE_CAPACITY, defaults.queueCapacity()),
        positive(s, QUEUE_MAX_EVENTS, defaults.maxQueuedEvents()),
        positive(s, BATCH_MAX_EVENTS, defaults.maxBatchEvents()),
        Duration.ofMillis(s.getLong(BATCH_LINGER_MS, defaults.linger().toMillis())),
        defaults.initialBackoff(),
        Duration.ofMillis(s.getLong(RETRY_BACKOFF_MAX_MS, defaults.maxBackoff().toMillis())),
        defaults.closeTimeout());
    String mode = s.get(MODE, "production").toUpperCase(Locale.ROOT);
    Mode m;
    try {
      m = Mode.valueOf(mode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + MODE + " must be production or local, got '"
          + s.get(MODE, "") + "'", e);
    }
    long maxBody = s.getLong(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
    if (maxBody < 1024) {
      throw new IllegalArgumentException("setting " + MAX_BODY_BYTES + " must be at least 1024, got " + maxBody);
    }
    int port = s.getInt(PORT, 8080);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("setting " + PORT + " must be 0-65535 (0: any free port), got " + port);
    }
    int maxReported = positive(s, MAX_REPORTED_ERRORS, ParseLimits.DEFAULT_MAX_ISSUES);
    long maxInFlight = s.getLong(MAX_INFLIGHT_BYTES, DEFAULT_MAX_INFLIGHT_BYTES);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("setting " + MAX_INFLIGHT_BYTES + " must be positive, got " + maxInFlight);
    }
    var parse = new ParseLimits(positive(s, MAX_EVENTS_PER_REQUEST, ParseLimits.DEFAULT_MAX_EVENTS),
        positive(s, MAX_FIELDS_PER_EVENT, ParseLimits.DEFAULT_MAX_FIELDS_PER_EVENT), maxReported);
    var body = new BodyLimits(maxBody, maxInFlight, millis(s, BODY_TIMEOUT_MS,
        BodyLimits.DEFAULT_BODY_TIMEOUT.toMillis()));
    return new IngestConfig(
        s.get(HOST, "0.0.0.0"),
        port,
        Path.of(s.require(TOKENS_FILE)),
        maxBody,
        m,
        Path.of(s.get(DATA_DIR, s.get("data.dir", "data"))),
        s.get(TRANSACTIONAL_ID_PREFIX, "ingest"),
        maxReported,
        maxInFlight,
        writer,
        parse,
        body,
        // The local stack listens on loopback only, so its /metrics stays open there by default.
        ListenerOptions.from(s, "ingest", m == Mode.LOCAL),
        millis(s, REGISTRY_CHECK_INTERVAL_MS, 2000),
        millis(s, REGISTRY_CHECK_TIMEOUT_MS, 1500));
  }

  private static Duration millis(Settings s, String key, long fallback) {
    long v = s.getLong(key, fallback);
    if (v <= 0) {
      throw new IllegalArgumentException("setting " + key + " must be a positive number of milliseconds, got " + v);
    }
    return Duration.ofMillis(v);
  }

  private static int positive(Settings s, String key, int fallback) {
    int v = s.getInt(key, fallback);
    if (v <= 0) {
      throw new IllegalArgumentException("setting " + key + " must be positive, got " + v);
    }
    return v;
  }
}
