package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Tokens;
import org.dnregistry.web.ListenerOptions;
import org.dnregistry.web.Listeners;
import org.dnregistry.web.SecurityPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API of REFERENCE section 6 and the dashboard, on Javalin.
 *
 * <p>{@code /v1/*} needs a bearer token (401 without a known one; 403 when a clinic token asks for another
 * scope) and answers 503 with Retry-After while the registry's stores restore. {@code /health} is for operators
 * and load balancers and needs no token; {@code /metrics} is served where configured (a separate port, a bearer
 * token, or open: see {@link ListenerOptions}); the dashboard's static files need no token, as it holds no data until
 * the user gives one. Every answer carries the security headers, with the dashboard's Content-Security-Policy. {@code /internal/v1/*}, when started with an
 * {@link InternalApi}, is how the instances of one application read each other's partitions: it takes the
 * deployment's {@link InternalToken} or a viewer/admin bearer token, never a clinic token.
 */
public final class QueryServer implements AutoCloseable {
  /** Seconds a client should wait before retrying a 503; a restore of a small store takes a few seconds. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> ROUTES = Set.of("/v1/complications", "/v1/efficacy", "/v1/compliance", "/v1/data-quality", "/v1/surveillance",
      "/v1/funnel", "/v1/alerts", "/v1/clinics", "/v1/baselines", "/v1/me", "/health", "/metrics");

  /** A /v1 endpoint: the authenticated caller and the raw query parameters in, the JSON answer out. */
  @FunctionalInterface
  interface Endpoint {
    JsonNode answer(Principal who, Map<String, List<String>> query);
  }

  private final Javalin app;
  private final boolean tls;

  private QueryServer(Javalin app, boolean tls) {
    this.app = app;
    this.tls = tls;
  }

  /** Starts serving on {@code port} (0: any free port, see {@link #port()}), without the internal API. */
  public static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry) {
    return start(port, queries, tokens, registry, null, Clock.systemUTC());
  }

  /**
   * Starts serving on {@code port}, with the internal API ({@code /internal/v1/*}, see {@link InternalEndpoints})
   * through which the other instances of the application read this instance's partitions.
   */
  public static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry,
                                  InternalApi internal) {
    Objects.requireNonNull(internal, "internal");
    return start(port, queries, tokens, registry, internal, Clock.systemUTC());
  }

  /**
   * Starts serving on {@code port} with the internal API, listening as {@code listener} says (HTTPS from a
   * configured keystore, where {@code /metrics} is served).
   */
  public static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry,
                                  InternalApi internal, ListenerOptions listener) {
    Objects.requireNonNull(internal, "internal");
    return start(port, queries, tokens, registry, internal, Clock.systemUTC(), listener);
  }

  static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry,
                           Clock clock) {
    return start(port, queries, tokens, registry, null, clock);
  }

  static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry,
                           InternalApi internal, Clock clock) {
    return start(port, queries, tokens, registry, internal, clock, ListenerOptions.plain());
  }

  static QueryServer start(int port, RegistryQueries queries, Tokens tokens, PrometheusMeterRegistry registry,
                           InternalApi internal, Clock clock, ListenerOptions listener) {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(registry, "registry");
    var endpoints = new QueryEndpoints(queries, clock);
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/dashboard";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-cache");
      });
      // Chart.js comes from its WebJar on the classpath: /webjars/chart.js/<version>/dist/chart.umd.js.
      config.staticFiles.enableWebjars();
      // No host: every interface, as before; TLS and a metrics listener when configured.
      Listeners.configure(config, null, port, listener);
      config.requestLogger.http((ctx, millis) -> timer(registry, ctx).record(Duration.ofNanos((long) (millis * 1e6))));
    });

    // The dashboard's own scripts and styles and Chart.js from /webjars are same-origin; nothing inline is needed.
    Listeners.securityHeaders(app, SecurityPolicies.DASHBOARD, listener);
    Listeners.metrics(app, listener, registry::scrape, (ctx, message) -> error(ctx, 404, null, message));
    app.get("/v1/complications", api(tokens, endpoints::complications));
    app.get("/v1/efficacy", api(tokens, endpoints::efficacy));
    app.get("/v1/compliance", api(tokens, endpoints::compliance));
    app.get("/v1/data-quality", api(tokens, endpoints::dataQuality));
    app.get("/v1/surveillance", api(tokens, endpoints::surveillance));
    app.get("/v1/funnel", api(tokens, endpoints::funnel));
    app.get("/v1/alerts", api(tokens, endpoints::alerts));
    app.get("/v1/clinics", api(tokens, endpoints::clinics));
    app.get("/v1/baselines", api(tokens, endpoints::baselines));
    app.get("/v1/me", api(tokens, endpoints::me));
    app.get("/health", ctx -> health(ctx, queries));
    if (internal != null) {
      var inner = new InternalEndpoints(internal, tokens, queries);
      app.get(InternalEndpoints.BUCKETS, inner.buckets());
      app.get(InternalEndpoints.LATEST_SESSION_DAY, inner.latestSessionDay());
      app.get(InternalEndpoints.CLINICS, inner.clinicsWithFigures());
      app.get(InternalEndpoints.REFERENCE_CLINICS, inner.referenceClinics());
      app.get(InternalEndpoints.QUALITY, inner.quality());
      app.get(InternalEndpoints.QUALITY_OF_CLINICS, inner.qualityOfClinics());
    }

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.parameter(), e.getMessage()));
    // A store that moves during a query (rebalance, migration) is the same condition as not being ready yet.
    app.exception(InvalidStateStoreException.class, (e, ctx) ->
        error(ctx, 503, null, "the registry's stores are moving (" + e.getClass().getSimpleName() + "); retry shortly"));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("query {} failed", ctx.path(), e);
      error(ctx, 500, null, "internal error; see the server log");
    });
    app.error(404, ctx -> {
      if (ctx.path().startsWith("/v1/") || ctx.path().startsWith("/internal/")) {
        error(ctx, 404, null, "no such endpoint: " + ctx.path() + "; see docs/REFERENCE.md section 6");
      }
    });

    app.start();
    LOG.info("query API and dashboard on port {} ({}){}", app.port(), listener.tls().isPresent() ? "https" : "http",
        Listeners.metricsPort(app).map(p -> ", metrics on port " + p).orElse(""));
    return new QueryServer(app, listener.tls().isPresent());
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return tls;
  }

  /** The port of the separate metrics listener ({@code query.metrics.port}), when configured. */
  public Optional<Integer> metricsPort() {
    return Listeners.metricsPort(app);
  }

  @Override
  public void close() {
    app.stop();
  }

  private static Handler api(Tokens tokens, Endpoint endpoint) {
    return ctx -> {
      Principal who = tokens.authenticateHeader(ctx.header("Authorization"))
          .orElseThrow(() -> ApiException.unauthorized(ctx.header("Authorization") == null
              ? "missing Authorization: Bearer <token>"
              : "unknown token"));
      // Figures are per caller and change as events arrive: never cache them.
      ctx.header("Cache-Control", "no-store");
      ctx.json(endpoint.answer(who, ctx.queryParamMap()));
    };
  }

  /**
   * 200 only when UP. A STARTING instance answers 503 with Retry-After (wait for it); a DOWN one answers 503 with
   * live false and no Retry-After: its process is about to exit, and it must never look like one that is starting.
   */
  private static void health(Context ctx, RegistryQueries queries) {
    Health health;
    try {
      health = queries.health();
    } catch (RuntimeException e) {
      health = Health.STARTING;
    }
    ObjectNode body = JSON.objectNode();
    body.put("status", health.name());
    body.put("live", health != Health.DOWN);
    body.put("ready", health == Health.UP);
    ctx.header("Cache-Control", "no-store");
    if (health == Health.STARTING) {
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    ctx.status(health == Health.UP ? 200 : 503).json(body);
  }

  private static void error(Context ctx, int status, String parameter, String message) {
    ObjectNode body = JSON.objectNode();
    body.put("status", status);
    body.put("error", switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 503 -> "not_ready";
      default -> "internal_error";
    });
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    body.put("message", message);
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"dnregistry\"");
    }
    if (status == 503) {
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).json(body);
  }

  /** One timer per route and status; unknown paths share one tag so scanners cannot blow up the series count. */
  private static Timer timer(PrometheusMeterRegistry registry, Context ctx) {
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (IllegalStateException e) {
      route = "";
    }
    int status = ctx.statusCode();
    String uri = ROUTES.contains(route) || InternalEndpoints.ROUTES.contains(route) ? route
        : status == 404 ? "NOT_FOUND" : "static";
    return Timer.builder("http.server.requests")
        .description("Query API and dashboard requests")
        .tag("method", ctx.method().name())
        .tag("uri", uri)
        .tag("status", Integer.toString(status))
        .register(registry);
  }
}
