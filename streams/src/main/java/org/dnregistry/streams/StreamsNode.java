package org.dnregistry.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.streams.http.InternalApi;
import org.dnregistry.streams.http.InternalToken;
import org.dnregistry.streams.http.QueryServer;
import org.dnregistry.web.ListenerOptions;

/**
 * The streams role as one process: the topology, and the query API and dashboard over its stores, with Kafka
 * Streams' own metrics (consumer lag included) on the same /metrics. The query server starts first so its port
 * can be advertised to the other instances ({@code streams.application.server = query.advertised.host:port},
 * host default 127.0.0.1) for routing; until the topology exists it answers 503.
 *
 * <p>Needs {@code query.internal.token}: the secret with which the instances of one application read each
 * other's partitions ({@code /internal/v1/*}); give every instance the same one. Routing is always on, so one
 * instance or several answer the same.
 */
public final class StreamsNode implements AutoCloseable {
  private final QueryServer server;
  private final StreamsApplication app;
  private final KafkaStreamsMetrics streamsMetrics;
  private final String host;

  private StreamsNode(QueryServer server, StreamsApplication app, KafkaStreamsMetrics streamsMetrics, String host) {
    this.server = server;
    this.app = app;
    this.streamsMetrics = streamsMetrics;
    this.host = host;
  }

  /** Starts the query server on {@code port} (0: any free port), then the topology; returns before stores restore. */
  public static StreamsNode start(Settings settings, Tokens tokens, int port) {
    InternalToken internalToken = InternalToken.of(settings.find(StreamsApplication.INTERNAL_TOKEN)
        .orElseThrow(() -> new IllegalArgumentException(StreamsApplication.INTERNAL_TOKEN + " is required: the"
            + " secret (16 characters or more) with which the streams instances read each other's partitions;"
            + " the same on every instance")));
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var late = new LateQueries();
    // query.tls.keystore.*, query.metrics.* (production: /metrics only where configured), query.idle.timeout.ms.
    var listener = ListenerOptions.from(settings, "query", false);
    var server = QueryServer.start(port, late, tokens, metrics, new InternalApi(late, internalToken), listener);
    String host = settings.get("query.advertised.host", "127.0.0.1");
    StreamsApplication app;
    try {
      app = StreamsApplication.start(settings.with("streams.application.server", host + ":" + server.port()));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    late.bind(app.queries(), app.internal().orElseThrow());
    var streamsMetrics = new KafkaStreamsMetrics(app.streams());
    streamsMetrics.bindTo(metrics);
    return new StreamsNode(server, app, streamsMetrics, host);
  }

  public URI url() {
    return URI.create((server.tls() ? "https" : "http") + "://" + host + ":" + server.port() + "/");
  }

  public int port() {
    return server.port();
  }

  public boolean ready() {
    return app.ready();
  }

  /** Completes when Kafka Streams stopped by itself (failed): see {@link StreamsApplication#stopped()}. */
  public CompletableFuture<String> stopped() {
    return app.stopped();
  }

  public StreamsApplication application() {
    return app;
  }

  @Override
  public void close() {
    server.close();
    streamsMetrics.close();
    app.close();
  }
}
