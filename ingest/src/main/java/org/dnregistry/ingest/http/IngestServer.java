package org.dnregistry.ingest.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.dnregistry.access.Tokens;
import org.dnregistry.ingest.kafka.EventWriter;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.dnregistry.web.ListenerOptions;
import org.dnregistry.web.Listeners;
import org.dnregistry.web.SecurityPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server: {@code POST /v1/events}, {@code GET /health} (plus {@code /health/live} and
 * {@code /health/ready}) and {@code GET /metrics} where configured (see {@link ListenerOptions}). Every answer,
 * errors included, is JSON except the Prometheus exposition, and carries the security headers of an API.
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  public static final String EVENTS_PATH = "/v1/events";
  /** Set when a 404 already has its own answer, which the generic "no such endpoint" must not replace. */
  private static final String NOT_FOUND_ANSWERED = "dnregistry.notFoundAnswered";
  private static final Set<String> ROUTES = Set.of(EVENTS_PATH, "/health", "/health/live", "/health/ready",
      "/metrics");

  /** Everything the server needs; the server owns none of it. */
  public record Wiring(Tokens tokens, EventsRequest request, EventWriter writer, IngestMetrics metrics,
                       Readiness readiness, BodyLimits limits, ListenerOptions listener) {}

  private final Javalin app;
  private final boolean tls;

  private IngestServer(Javalin app, boolean tls) {
    this.app = app;
    this.tls = tls;
  }

  /** Starts listening on {@code host:port} (port 0: any free port). */
  public static IngestServer start(String host, int port, Wiring w) {
    var events = new EventsHandler(w.tokens(), w.request(), w.writer(), w.metrics(), w.limits());
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = w.limits().maxBodyBytes();
      Listeners.configure(config, host, port, w.listener());
      config.requestLogger.http((ctx, ms) -> {
        AccessLog.write(ctx, ms);
        String route = ROUTES.contains(ctx.path()) ? ctx.path() : "other";
        w.metrics().request(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos((long) (ms * 1e6)));
      });
    });
    Listeners.securityHeaders(app, SecurityPolicies.API_ONLY, w.listener());
    Listeners.metrics(app, w.listener(), w.metrics()::scrape, (ctx, message) -> {
      ctx.attribute(NOT_FOUND_ANSWERED, true);
      Responses.send(ctx, 404, Responses.error("not_found", message));
    });
    app.post(EVENTS_PATH, events);
    app.get("/health", ctx -> health(ctx, w.readiness()));
    app.get("/health/ready", ctx -> health(ctx, w.readiness()));
    app.get("/health/live", ctx -> Responses.send(ctx, 200, Responses.JSON.createObjectNode().put("status", "UP")));
    app.error(404, ctx -> {
      if (ctx.attribute(NOT_FOUND_ANSWERED) == null) {
        Responses.send(ctx, 404, Responses.error("not_found", "no such endpoint: " + ctx.method() + " "
            + shortPath(ctx) + "; events go to POST " + EVENTS_PATH));
      }
    });
    app.error(405, ctx -> Responses.send(ctx, 405, Responses.error("method_not_allowed",
        ctx.method() + " is not allowed on " + shortPath(ctx))));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      Responses.send(ctx, 500, Responses.error("internal_error", "an unexpected error occurred; nothing was written"));
    });
    app.start();
    return new IngestServer(app, w.listener().tls().isPresent());
  }

  private static void health(Context ctx, Readiness readiness) {
    Optional<String> problem = readiness.problem();
    boolean isReady = problem.isEmpty();
    Responses.send(ctx, isReady ? 200 : 503, Responses.JSON.createObjectNode()
        .put("status", isReady ? "UP" : "DOWN")
        .put("live", true)
        .put("ready", isReady)
        .put("message", problem.map(p -> "not ready: " + p).orElse("accepting events")));
  }

  private static String shortPath(Context ctx) {
    String p = ctx.path();
    return p.length() > 100 ? p.substring(0, 100) + "..." : p;
  }

  public int port() {
    return app.port();
  }

  /** The port of the separate metrics listener, when one is configured. */
  public Optional<Integer> metricsPort() {
    return Listeners.metricsPort(app);
  }

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return tls;
  }

  @Override
  public void close() {
    app.stop();
  }
}
