package org.dnregistry.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The gateway's Prometheus metrics: requests by status, request latency (histogram and percentiles), events
 * accepted by type and rejections by reason. Labels carry only bounded values, never ids or tokens.
 */
public final class IngestMetrics {
  /** Why a request was refused, as the {@code reason} label. */
  public enum Rejection {
    UNAUTHORIZED, FORBIDDEN, INVALID, MALFORMED, TOO_LARGE, TOO_MANY_EVENTS, TIMEOUT, UNSUPPORTED_MEDIA_TYPE,
    QUEUE_FULL, KAFKA_UNAVAILABLE, REGISTRY_UNAVAILABLE, WRITE_FAILED, SHUTTING_DOWN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String EVENTS_ROUTE = "/v1/events";
  private final PrometheusMeterRegistry registry;

  public IngestMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void request(String method, String route, int status, Duration elapsed) {
    Timer.builder("ingest.http.requests")
        .description("HTTP requests by route and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(elapsed);
    // Prometheus shows a timer either as a histogram or with client-side quantiles, not both: the quantiles of
    // the event endpoint get their own summary so a dashboard can show p50/p99 without histogram_quantile.
    if (route.equals(EVENTS_ROUTE)) {
      Timer.builder("ingest.events.latency")
          .description("Latency of POST /v1/events, all statuses")
          .publishPercentiles(0.5, 0.9, 0.99)
          .register(registry)
          .record(elapsed);
    }
  }

  public void accepted(String eventType, int count) {
    Counter.builder("ingest.events.accepted").description("Events durably written, by type")
        .tag("type", eventType).register(registry).increment(count);
  }

  public void rejected(Rejection reason) {
    Counter.builder("ingest.requests.rejected").description("Requests refused, by reason")
        .tag("reason", reason.label()).register(registry).increment();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
