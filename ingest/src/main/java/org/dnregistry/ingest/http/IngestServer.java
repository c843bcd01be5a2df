package org.dnregistry.ingest.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.dnregistry.access.Tokens;
import org.dnregistry.ingest.kafka.EventWriter;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: {@code POST /v1/events}, {@code GET /health} (plus {@code /health/live} and
 * {@code /health/ready}) and {@code GET /metrics}. Every answer, errors included, is JSON except the Prometheus
 * exposition.
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  public static final String EVENTS_PATH = "/v1/events";
  private static final Set<String> ROUTES = Set.of(EVENTS_PATH, "/health", "/health/live", "/health/ready",
      "/metrics");

  /** Everything the server needs; the server owns none of it. */
  public record Wiring(Tokens tokens, EventsRequest request, EventWriter writer, IngestMetrics metrics,
                       BooleanSupplier ready, long maxBodyBytes, int maxReportedIssues, long maxInFlightBytes) {}

  private final Javalin app;

  private IngestServer(Javalin app) {
    this.app = app;
  }

  /** Starts listening on {@code host:port} (port 0: any free port). */
  public static IngestServer start(String host, int port, Wiring w) {
    var events = new EventsHandler(w.tokens(), w.request(), w.writer(), w.metrics(), w.maxBodyBytes(),
        w.maxReportedIssues(), w.maxInFlightBytes());
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = w.maxBodyBytes();
      config.requestLogger.http((ctx, ms) -> {
        AccessLog.write(ctx, ms);
        String route = ROUTES.contains(ctx.path()) ? ctx.path() : "other";
        w.metrics().request(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos((long) (ms * 1e6)));
      });
    });
    app.post(EVENTS_PATH, events);
    app.get("/health", ctx -> health(ctx, w.ready()));
    app.get("/health/ready", ctx -> health(ctx, w.ready()));
    app.get("/health/live", ctx -> Responses.send(ctx, 200, Responses.JSON.createObjectNode().put("status", "UP")));
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(w.metrics().scrape()));
    app.error(404, ctx -> Responses.send(ctx, 404, Responses.error("not_found",
        "no such endpoint: " + ctx.method() + " " + shortPath(ctx) + "; events go to POST " + EVENTS_PATH)));
    app.error(405, ctx -> Responses.send(ctx, 405, Responses.error("method_not_allowed",
        ctx.method() + " is not allowed on " + shortPath(ctx))));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      Responses.send(ctx, 500, Responses.error("internal_error", "an unexpected error occurred; nothing was written"));
    });
    app.start(host, port);
    return new IngestServer(app);
  }

  private static void health(Context ctx, BooleanSupplier ready) {
    boolean isReady = ready.getAsBoolean();
    Responses.send(ctx, isReady ? 200 : 503, Responses.JSON.createObjectNode()
        .put("status", isReady ? "UP" : "DOWN")
        .put("live", true)
        .put("ready", isReady)
        .put("message", isReady ? "accepting events" : "not ready: Kafka is unreachable or the producer is not "
            + "initialised yet"));
  }

  private static String shortPath(Context ctx) {
    String p = ctx.path();
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
