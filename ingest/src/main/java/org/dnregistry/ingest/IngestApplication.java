package org.dnregistry.ingest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.http.EventsRequest;
import org.dnregistry.ingest.http.IngestServer;
import org.dnregistry.ingest.kafka.KafkaProbe;
import org.dnregistry.ingest.kafka.ProducerSettings;
import org.dnregistry.ingest.kafka.TransactionalEventWriter;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.dnregistry.ingest.privacy.PseudonymSecret;
import org.dnregistry.ingest.privacy.Pseudonymizer;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway wired from settings: HTTP server, validation, pseudonymisation and the transactional Kafka
 * writer. Used by the {@code ingest} and {@code local} commands. Starting does not wait for Kafka: the gateway
 * answers 503 (and /health says not ready) until Kafka can be reached, then recovers by itself.
 */
public final class IngestApplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestApplication.class);

  private final IngestServer server;
  private final TransactionalEventWriter writer;
  private final KafkaProbe probe;
  private final SchemaRegistryClient registry;
  private final String host;

  private IngestApplication(IngestServer server, TransactionalEventWriter writer, KafkaProbe probe,
                            SchemaRegistryClient registry, String host) {
    this.server = server;
    this.writer = writer;
    this.probe = probe;
    this.registry = registry;
    this.host = host;
  }

  public static IngestApplication start(Settings settings) {
    IngestConfig config = IngestConfig.from(settings);
    Tokens tokens = Tokens.load(config.tokensFile());
    byte[] secret = PseudonymSecret.resolve(settings,
        config.mode() == IngestConfig.Mode.LOCAL ? Optional.of(config.dataDir()) : Optional.empty());
    Pseudonymizer pseudonymizer = new Pseudonymizer(secret);
    Arrays.fill(secret, (byte) 0);

    String transactionalId = ProducerSettings.newTransactionalId(config.transactionalIdPrefix());
    Map<String, Object> producerProps = ProducerSettings.producer(settings, transactionalId);
    SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(settings.schemaRegistry());
    boolean autoRegister = settings.getBoolean("schema.registry.auto.register.schemas", true);
    Supplier<Producer<String, SpecificRecord>> producers = () -> new KafkaProducer<>(producerProps,
        new StringSerializer(), new AvroSerializer<>(registry, false, autoRegister));

    var metrics = new IngestMetrics();
    var writer = new TransactionalEventWriter(producers, config.writer(), metrics.registry());
    KafkaProbe probe = null;
    try {
      probe = new KafkaProbe(settings.kafka(), Duration.ofSeconds(2), Duration.ofSeconds(2));
      KafkaProbe p = probe;
      var wiring = new IngestServer.Wiring(tokens,
          new EventsRequest(new EventValidator(Clock.systemUTC()), new FactMapper(pseudonymizer)),
          writer, metrics, () -> writer.ready() && p.reachable(), config.maxBodyBytes(), config.maxReportedIssues(),
          config.maxInFlightBytes());
      IngestServer server = IngestServer.start(config.host(), config.port(), wiring);
      log.info("ingest gateway listening on port {} (mode {}, transactional.id {}, body limit {} bytes)",
          server.port(), config.mode().name().toLowerCase(java.util.Locale.ROOT), transactionalId,
          config.maxBodyBytes());
      return new IngestApplication(server, writer, probe, registry, config.host());
    } catch (RuntimeException e) {
      writer.close();
      if (probe != null) {
        probe.close();
      }
      registry.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  /** Where clients reach the gateway; a wildcard bind address is given as localhost. */
  public URI url() {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port());
  }

  /** Stops taking requests, lets queued ones finish, then closes the producer. */
  @Override
  public void close() {
    // Writer first: requests already queued are written and answered while the server can still reply.
    writer.close();
    server.close();
    probe.close();
    registry.close();
  }
}
