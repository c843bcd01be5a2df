package org.dnregistry.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.config.Settings;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.registry.SchemaRegistryUnavailableException;
import org.dnregistry.streams.deadletter.DeadLetterHandler;
import org.dnregistry.streams.http.InternalQueries;
import org.dnregistry.streams.http.InternalToken;
import org.dnregistry.streams.http.RegistryQueries;
import org.dnregistry.streams.query.FiguresService;
import org.dnregistry.streams.query.HttpPeerClient;
import org.dnregistry.streams.query.LocalBucketReader;
import org.dnregistry.streams.query.LocalInternalQueries;
import org.dnregistry.streams.query.RoutingBucketReader;
import org.dnregistry.streams.query.StoreBaselines;
import org.dnregistry.streams.query.StoreRegistryQueries;
import org.dnregistry.streams.query.StreamsInstanceDirectory;
import org.dnregistry.streams.query.StreamsLocalPartitions;
import org.dnregistry.streams.state.BoundedMemoryRocksDb;
import org.dnregistry.streams.topology.InputTopics;
import org.dnregistry.streams.topology.RegistryTopology;
import org.dnregistry.streams.topology.SerdeFactory;
import org.dnregistry.streams.topology.TopologyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams role: the registry topology running with exactly-once against any Kafka and schema registry.
 * Settings: {@code kafka.*} (passed through to every client: bootstrap.servers, SASL/TLS), {@code schema.registry.*},
 * and {@code streams.*}:
 * <ul>
 *   <li>{@code streams.application.id} (default {@value #DEFAULT_APPLICATION_ID}): instances with the same id share
 *       the work; {@code streams.application.server} (host:port of this instance's query API): when set, queries
 *       are routed to the instance that holds the data, through the internal API of the query server, which
 *       needs {@code query.internal.token} (the same secret on every instance; see {@link InternalToken}) and
 *       takes {@code query.internal.timeout.ms} (default 5000) to answer</li>
 *   <li>{@code streams.state.dir}, {@code streams.num.threads} (default 1), {@code streams.cache.max.bytes},
 *       {@code streams.commit.interval.ms} (default 1000), {@code streams.replication.factor} (internal topics)</li>
 *   <li>{@code streams.rocksdb.total.bytes}, {@code streams.rocksdb.memtable.bytes}: the off-heap bound of all
 *       RocksDB stores of the process</li>
 *   <li>{@code streams.status.interval.ms} (STATUS alert evaluation), {@code streams.research.interval.ms}</li>
 * </ul>
 * Every topic of {@code Topics} must exist (the input topics with the same number of partitions).
 */
public final class StreamsApplication implements AutoCloseable {
  public static final String DEFAULT_APPLICATION_ID = "dn-outcomes-registry";
  public static final long DEFAULT_COMMIT_INTERVAL_MS = 1000;
  /** The setting of the deployment's internal secret ({@link InternalToken}). */
  public static final String INTERNAL_TOKEN = "query.internal.token";
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApplication.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final SchemaRegistryClient registry;
  private final CompletableFuture<String> stopped = new CompletableFuture<>();
  private volatile boolean closing;
  private final FiguresService figures;
  private final RegistryQueries queries;
  private final Optional<InternalQueries> internal;

  private StreamsApplication(KafkaStreams streams, SchemaRegistryClient registry, Optional<Routing> routing) {
    this.streams = streams;
    this.registry = registry;
    if (routing.isPresent()) {
      // Several instances may share the partitions: read each series from its owner, one partition at a time.
      var directory = new StreamsInstanceDirectory(streams, routing.get().self());
      var partitions = new StreamsLocalPartitions(streams);
      var reader = new RoutingBucketReader(partitions, directory,
          new HttpPeerClient(routing.get().token(), routing.get().timeout()));
      this.figures = new FiguresService(reader, StoreBaselines.of(streams), Clock.systemUTC());
      this.queries = StoreRegistryQueries.of(streams, figures, reader.referenceClinics());
      this.internal = Optional.of(new LocalInternalQueries(directory, partitions));
    } else {
      this.figures = new FiguresService(LocalBucketReader.of(streams), StoreBaselines.of(streams), Clock.systemUTC());
      this.queries = StoreRegistryQueries.of(streams, figures);
      this.internal = Optional.empty();
    }
  }

  /** How this instance reaches the others: its own address, the deployment's secret, the time it waits. */
  private record Routing(HostInfo self, InternalToken token, Duration timeout) {
    static Optional<Routing> of(Settings settings) {
      return settings.find("streams.application.server").map(server -> new Routing(HostInfo.buildFromEndpoint(server),
          InternalToken.of(settings.find(INTERNAL_TOKEN).orElseThrow(() -> new IllegalArgumentException(
              INTERNAL_TOKEN + " is required with streams.application.server: the instances of one application"
                  + " read each other's partitions with it (the same secret on every instance)"))),
          Duration.ofMillis(settings.getLong("query.internal.timeout.ms", DEFAULT_PEER_TIMEOUT.toMillis()))));
    }
  }

  /** Builds the topology, starts it and returns at once (stores restore in the background: see {@link #ready()}). */
  public static StreamsApplication start(Settings settings) {
    Optional<Routing> routing = Routing.of(settings);
    SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(settings.schemaRegistry());
    Properties props = properties(settings, registry);
    int inputPartitions = InputTopics.partitions(adminConfig(props));
    Topology topology = RegistryTopology.build(new StreamsBuilder(new TopologyConfig(new StreamsConfig(props))),
        options(settings, inputPartitions), SerdeFactory.registry(registry));
    var streams = new KafkaStreams(topology, props);
    var app = new StreamsApplication(streams, registry, routing);
    streams.setStateListener(app::stateChanged);
    streams.setUncaughtExceptionHandler(StreamsApplication::onThreadFailure);
    try {
      streams.start();
    } catch (RuntimeException e) {
      app.closing = true;
      streams.close(CLOSE_TIMEOUT);
      registry.close();
      throw e;
    }
    LOG.info("streams started: application.id {}", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
    return app;
  }

  /**
   * A registry that does not answer is passing: replace the thread, which reads the record again (the deserializer
   * waited for the registry before giving up, so this does not spin). Anything else is a bug or a fault no retry
   * mends: stop the client rather than count wrongly or skip facts; {@link #stopped()} then ends the process.
   */
  static StreamThreadExceptionResponse onThreadFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryUnavailableException) {
        LOG.warn("stream thread stopped: the schema registry does not answer ({}); replacing the thread",
            cause.getMessage());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
    }
    LOG.error("stream thread failed; shutting the registry's streams down", e);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  private void stateChanged(KafkaStreams.State now, KafkaStreams.State before) {
    LOG.info("streams state {} -> {}", before, now);
    boolean failed = now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.ERROR;
    boolean stoppedUnasked = !closing
        && (now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.NOT_RUNNING);
    if (failed || stoppedUnasked) {
      stopped.complete("Kafka Streams went from " + before + " to " + now + (failed ? " (see the error above)" : ""));
    }
  }

  static TopologyOptions options(Settings settings, int inputPartitions) {
    var defaults = TopologyOptions.defaults(inputPartitions);
    return defaults
        .withPublishInterval(Duration.ofMillis(settings.getLong("streams.publish.interval.ms",
            defaults.publishInterval().toMillis())))
        .withEvaluationInterval(Duration.ofMillis(settings.getLong("streams.evaluation.interval.ms",
            defaults.evaluationInterval().toMillis())))
        .withResearchInterval(Duration.ofMillis(settings.getLong("streams.research.interval.ms",
            defaults.researchInterval().toMillis())));
  }

  /** The Kafka client settings (bootstrap servers, SASL/TLS) without the streams-only ones, for an Admin client. */
  private static Map<String, Object> adminConfig(Properties props) {
    var admin = new HashMap<String, Object>();
    props.forEach((k, v) -> admin.put((String) k, v));
    return new StreamsConfig(admin).getAdminConfigs("dn-registry-input-topics");
  }

  static Properties properties(Settings settings, SchemaRegistryClient registry) {
    var props = new Properties();
    props.putAll(settings.kafka());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.get("streams.application.id", DEFAULT_APPLICATION_ID));
    settings.find("streams.state.dir").ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir));
    settings.find("streams.application.server").ifPresent(s -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s));
    settings.find("streams.cache.max.bytes").ifPresent(b -> props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, b));
    // Every commit is a transaction and a flush of every RocksDB store written to: 1 s instead of exactly-once's
    // 100 ms more than doubled throughput in TopologyBrokerBench, and figures a second old are fresh for dashboards.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.getLong("streams.commit.interval.ms",
        DEFAULT_COMMIT_INTERVAL_MS));
    settings.find("streams.replication.factor").ifPresent(r -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, r));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.getInt("streams.num.threads", 1));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Exactly-once's 10 s transaction timeout: a starved CPU made one commit's transaction outlast it, the broker
    // aborted it and fenced the thread, whose tasks restored and redid the same work, and timed out again: a restart
    // after SIGKILL never caught up (StreamsKillIT, load average 25 on 2 cores). 30 s stays below the 45 s session
    // timeout, so a crashed instance's open transaction is aborted before its tasks move: failover is no slower.
    String transactionTimeout = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    if (!props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG) && !props.containsKey(transactionTimeout)) {
      props.put(transactionTimeout, (int) DEFAULT_TRANSACTION_TIMEOUT.toMillis());
    }
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // Unreadable records and impossible values go to the dead-letter topic; anything else stops the application.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(DeadLetterHandler.CLIENT_CONFIG, registry);
    // Every store and internal topic is named (StoreNames), so upgrades keep state; fail fast if one is not.
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDb.class);
    props.put(BoundedMemoryRocksDb.TOTAL_BYTES_CONFIG, settings.getLong("streams.rocksdb.total.bytes",
        BoundedMemoryRocksDb.DEFAULT_TOTAL_BYTES));
    props.put(BoundedMemoryRocksDb.MEMTABLE_BYTES_CONFIG, settings.getLong("streams.rocksdb.memtable.bytes",
        BoundedMemoryRocksDb.DEFAULT_MEMTABLE_BYTES));
    return props;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public FiguresService figures() {
    return figures;
  }

  /**
   * What the query API reads (figures, baselines, alerts, clinics): from every instance's stores through their
   * internal API when {@code streams.application.server} is set, from this instance's stores otherwise.
   */
  public RegistryQueries queries() {
    return queries;
  }

  /**
   * What this instance answers to the other instances (its own partitions), for the internal API; only when
   * {@code streams.application.server} is set.
   */
  public Optional<InternalQueries> internal() {
    return internal;
  }

  /**
   * Completes, with the reason, when Kafka Streams stops without {@link #close()} being called: a stream thread or
   * the global thread failed (state ERROR). The instance will never serve again, so its process must end non-zero
   * and its supervisor start a new one, which restores what it needs from Kafka.
   */
  public CompletableFuture<String> stopped() {
    return stopped;
  }

  /** True once every store is restored and the instance processes (state RUNNING). */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    closing = true;
    // Leave the group now: a plain close leaves this member in the group until the session timeout (45 s), and its
    // partitions unserved (503) that long; a restarted instance joins again as a new member.
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    registry.close();
  }
}
