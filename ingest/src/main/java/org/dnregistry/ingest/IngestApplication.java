package org.dnregistry.ingest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.http.EventsRequest;
import org.dnregistry.ingest.http.IngestServer;
import org.dnregistry.ingest.http.Readiness;
import org.dnregistry.ingest.kafka.GatedEventWriter;
import org.dnregistry.ingest.kafka.KafkaProbe;
import org.dnregistry.ingest.kafka.ProducerSettings;
import org.dnregistry.ingest.kafka.RegistryGate;
import org.dnregistry.ingest.kafka.TransactionalEventWriter;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.dnregistry.ingest.privacy.PseudonymSecret;
import org.dnregistry.ingest.privacy.Pseudonymizer;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway wired from settings: HTTP server, validation, pseudonymisation and the transactional Kafka
 * writer. Used by the {@code ingest} and {@code local} commands. Starting does not wait for Kafka or the schema
 * registry: the gateway answers 503 (and /health says not ready, and why) until both can be reached and its schemas
 * are registered, then recovers by itself.
 */
public final class IngestApplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestApplication.class);

  private final IngestServer server;
  private final TransactionalEventWriter writer;
  private final KafkaProbe probe;
  private final RegistryGate gate;
  private final SchemaRegistryClient registry;
  private final SchemaRegistryClient registryProbe;
  private final String host;

  private IngestApplication(IngestServer server, TransactionalEventWriter writer, KafkaProbe probe, RegistryGate gate,
                            SchemaRegistryClient registry, SchemaRegistryClient registryProbe, String host) {
    this.server = server;
    this.writer = writer;
    this.probe = probe;
    this.gate = gate;
    this.registry = registry;
    this.registryProbe = registryProbe;
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
    SchemaRegistryClient registryProbe = null;
    RegistryGate gate = null;
    KafkaProbe probe = null;
    try {
      registryProbe = SchemaRegistryClients.fromConfig(probeSettings(settings, config.registryCheckTimeout()));
      gate = new RegistryGate(registry, registryProbe, subjects(), autoRegister, config.registryCheckInterval())
          .start();
      var gated = new GatedEventWriter(writer, gate);
      probe = new KafkaProbe(settings.kafka(), Duration.ofSeconds(2), Duration.ofSeconds(2));
      KafkaProbe kafka = probe;
      Readiness readiness = () -> gated.problem()
          .or(() -> kafka.reachable() ? Optional.empty() : Optional.of("Kafka is unreachable"));
      var wiring = new IngestServer.Wiring(tokens,
          new EventsRequest(new EventValidator(Clock.systemUTC()), new FactMapper(pseudonymizer),
              config.parseLimits()),
          gated, metrics, readiness, config.bodyLimits(), config.listener());
      IngestServer server = IngestServer.start(config.host(), config.port(), wiring);
      log.info("ingest gateway listening on port {} ({}, mode {}, transactional.id {}, body limit {} bytes{})",
          server.port(), server.tls() ? "https" : "http", config.mode().name().toLowerCase(java.util.Locale.ROOT),
          transactionalId, config.maxBodyBytes(),
          server.metricsPort().map(p -> ", metrics on port " + p).orElse(""));
      return new IngestApplication(server, writer, probe, gate, registry, registryProbe, config.host());
    } catch (RuntimeException e) {
      writer.close();
      if (probe != null) {
        probe.close();
      }
      if (gate != null) {
        gate.close();
      }
      if (registryProbe != null) {
        registryProbe.close();
      }
      registry.close();
      throw e;
    }
  }

  /** The value subject of every topic the gateway writes, with the schema it writes there. */
  static List<RegistryGate.Subject> subjects() {
    return Arrays.stream(EventType.values()).map(EventType::topic).distinct()
        .map(t -> new RegistryGate.Subject(t.valueSubject(), t.valueSchema())).toList();
  }

  /** The registry settings for the readiness check: one short request, no retries. */
  private static Map<String, Object> probeSettings(Settings settings, Duration timeout) {
    var probe = new HashMap<String, Object>(settings.schemaRegistry());
    probe.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, Long.toString(timeout.toMillis()));
    probe.put(AvroSerdeConfig.MAX_RETRIES, "0");
    return probe;
  }

  public int port() {
    return server.port();
  }

  /** Where clients reach the gateway; a wildcard bind address is given as localhost. */
  public URI url() {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return URI.create((server.tls() ? "https" : "http") + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":"
        + port());
  }

  /** The port of the separate metrics listener ({@code ingest.metrics.port}), when configured. */
  public Optional<Integer> metricsPort() {
    return server.metricsPort();
  }

  /** Stops taking requests, lets queued ones finish, then closes the producer. */
  @Override
  public void close() {
    // Writer first: requests already queued are written and answered while the server can still reply.
    writer.close();
    server.close();
    gate.close();
    probe.close();
    registryProbe.close();
    registry.close();
  }
}
