package org.dnregistry.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listeners of a Javalin server from {@link ListenerOptions}: the main one (HTTPS when a keystore is set, HTTP
 * otherwise) and, when configured, a separate one for {@code /metrics}; the security headers every answer carries;
 * and the {@code /metrics} route with its access rule.
 */
public final class Listeners {
  static final String MAIN = "main";
  static final String METRICS = "metrics";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private Listeners() {}

  /** Adds the connectors to the config; start the app with {@code app.start()} (no host or port) afterwards. */
  public static void configure(JavalinConfig config, String host, int port, ListenerOptions options) {
    config.jetty.addConnector((server, http) -> main(server, http, host, port, options));
    options.metrics().port().ifPresent(metricsPort -> config.jetty.addConnector((server, http) -> {
      var connector = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration(http)));
      connector.setName(METRICS);
      connector.setHost(options.metrics().host().orElse(host));
      connector.setPort(metricsPort);
      connector.setIdleTimeout(options.idleTimeout().toMillis());
      return connector;
    }));
  }

  private static Connector main(Server server, HttpConfiguration http, String host, int port,
      ListenerOptions options) {
    ServerConnector connector;
    if (options.tls().isPresent()) {
      Keystore keystore = options.tls().get();
      var ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(keystore.path().toString());
      ssl.setKeyStorePassword(keystore.password());
      ssl.setKeyStoreType(keystore.type());
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      var https = new HttpConfiguration(http);
      https.setSecureScheme("https");
      // One certificate: whether its names fit the host a client asked for is the client's check (hostname
      // verification), not a reason for this server to answer 400 to clients that send no or another SNI name.
      https.addCustomizer(new SecureRequestCustomizer(false));
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
          new HttpConnectionFactory(https));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setName(MAIN);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(options.idleTimeout().toMillis());
    return connector;
  }

  /** The port of the metrics listener, once started; empty when metrics share the main port. */
  public static Optional<Integer> metricsPort(Javalin app) {
    return connector(app, METRICS).map(ServerConnector::getLocalPort);
  }

  private static Optional<ServerConnector> connector(Javalin app, String name) {
    return Arrays.stream(app.jettyServer().server().getConnectors())
        .filter(c -> name.equals(c.getName()) && c instanceof ServerConnector)
        .map(c -> (ServerConnector) c)
        .findFirst();
  }

  /**
   * Security headers on every answer (API, dashboard, errors): the Content-Security-Policy given, no MIME
   * sniffing, never inside a frame (clickjacking), no referrer sent on (URLs carry scopes and clinic ids); over
   * TLS, Strict-Transport-Security so a browser never falls back to plain HTTP.
   */
  public static void securityHeaders(Javalin app, String contentSecurityPolicy, ListenerOptions options) {
    boolean tls = options.tls().isPresent();
    app.before(ctx -> {
      ctx.header("Content-Security-Policy", contentSecurityPolicy);
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "no-referrer");
      if (tls) {
        ctx.header("Strict-Transport-Security", "max-age=31536000");
      }
    });
  }

  /**
   * {@code GET /metrics} by the access rule of {@code options}; on a separate metrics listener nothing else is
   * served. {@code notFound} writes the server's own 404 answer with the message given.
   */
  public static void metrics(Javalin app, ListenerOptions options, Supplier<String> scrape, NotFound notFound) {
    MetricsAccess access = options.metrics();
    app.before(ctx -> {
      if (onMetricsListener(app, ctx) && !ctx.path().equals("/metrics")) {
        notFound.send(ctx, "this port serves /metrics only");
        ctx.skipRemainingHandlers();
      }
    });
    app.get("/metrics", ctx -> {
      boolean here = onMetricsListener(app, ctx) || access.onMainPort();
      if (!here) {
        notFound.send(ctx, access.port().isPresent() ? "/metrics is served on its own port"
            : "/metrics is not enabled: set the metrics port or token setting (see the README)");
        return;
      }
      if (!access.authorises(ctx.header("Authorization"))) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
        ctx.status(401).contentType("text/plain; charset=utf-8").result("a bearer token is needed for /metrics\n");
        return;
      }
      ctx.header("Cache-Control", "no-store");
      ctx.contentType(PROMETHEUS_TEXT).result(scrape.get());
    });
  }

  private static boolean onMetricsListener(Javalin app, Context ctx) {
    return metricsPort(app).filter(p -> p == ctx.req().getLocalPort()).isPresent();
  }

  /** How a server answers 404 in its own JSON shape. */
  @FunctionalInterface
  public interface NotFound {
    void send(Context ctx, String message);
  }
}
