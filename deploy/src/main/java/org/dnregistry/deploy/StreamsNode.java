package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.streams.http.QueryServer;
import org.dnregistry.streams.http.RegistryQueries;

/**
 * The streams role as one process: the topology, and the query API and dashboard over its stores, with Kafka
 * Streams' own metrics (consumer lag included) on the same /metrics. The query server starts first so its port
 * can be advertised to the other instances ({@code application.server}) for routing.
 */
final class StreamsNode implements AutoCloseable {
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

  static StreamsNode start(Settings settings, Tokens tokens, int port) {
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var queries = new LateQueries();
    var server = QueryServer.start(port, queries, tokens, metrics);
    String host = settings.get("query.advertised.host", "127.0.0.1");
    StreamsApplication app;
    try {
      app = StreamsApplication.start(settings.with("streams.application.server", host + ":" + server.port()));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    queries.delegate = app.queries();
    var streamsMetrics = new KafkaStreamsMetrics(app.streams());
    streamsMetrics.bindTo(metrics);
    return new StreamsNode(server, app, streamsMetrics, host);
  }

  URI url() {
    return URI.create("http://" + host + ":" + server.port() + "/");
  }

  boolean ready() {
    return app.ready();
  }

  @Override
  public void close() {
    server.close();
    streamsMetrics.close();
    app.close();
  }

  /** Answers "not ready" until the streams application exists, then delegates to it. */
  private static final class LateQueries implements RegistryQueries {
    private volatile RegistryQueries delegate;

    private RegistryQueries d() {
      RegistryQueries q = delegate;
      if (q == null) {
        throw new org.apache.kafka.streams.errors.InvalidStateStoreException("streams are starting");
      }
      return q;
    }

    @Override
    public boolean ready() {
      RegistryQueries q = delegate;
      return q != null && q.ready();
    }

    @Override
    public Optional<LocalDate> defaultAsOf() {
      return d().defaultAsOf();
    }

    @Override
    public JsonNode complications(String scope, String indication, String window, LocalDate asOf) {
      return d().complications(scope, indication, window, asOf);
    }

    @Override
    public JsonNode efficacy(String scope, String indication, String window, LocalDate asOf) {
      return d().efficacy(scope, indication, window, asOf);
    }

    @Override
    public JsonNode compliance(String scope, String window, LocalDate asOf) {
      return d().compliance(scope, window, asOf);
    }

    @Override
    public List<String> clinics() {
      return d().clinics();
    }

    @Override
    public List<JsonNode> baselines() {
      return d().baselines();
    }

    @Override
    public List<JsonNode> alerts(Instant since) {
      return d().alerts(since);
    }
  }
}
