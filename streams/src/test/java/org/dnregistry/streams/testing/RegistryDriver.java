package org.dnregistry.streams.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.deadletter.DeadLetterHandler;
import org.dnregistry.streams.query.FiguresService;
import org.dnregistry.streams.state.BoundedMemoryRocksDb;
import org.dnregistry.streams.query.LocalBucketReader;
import org.dnregistry.streams.query.StoreBaselines;
import org.dnregistry.streams.topology.RegistryTopology;
import org.dnregistry.streams.topology.SerdeFactory;
import org.dnregistry.streams.topology.StoreNames;
import org.dnregistry.streams.topology.TopologyOptions;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/** The whole topology in a TopologyTestDriver, with typed inputs keyed the way Keys builds them. */
public final class RegistryDriver implements AutoCloseable {
  public static final LocalDate TODAY = LocalDate.of(2027, 1, 15);
  public final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  public final SerdeFactory serdes = SerdeFactory.registry(registry);
  public final TopologyTestDriver driver;
  private final Path stateDir;
  private final TopologyOptions options;
  private final TestInputTopic<String, Episode> episodes;
  private final TestInputTopic<String, Session> sessions;
  private final TestInputTopic<String, Outcome> outcomes;
  private final TestInputTopic<String, AdverseEvent> adverseEvents;
  private final TestInputTopic<String, Clinic> clinics;
  private final TestInputTopic<String, Practitioner> practitioners;
  private final TestInputTopic<String, Baseline> baselines;
  private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new java.util.HashMap<>();

  /** In-memory stores and no record cache: fast, and every intermediate result flows through. */
  public RegistryDriver() {
    this(TopologyOptions.defaults(1).withInMemoryState(true), 0);
  }

  public RegistryDriver(TopologyOptions options, long cacheBytes) {
    this.options = options;
    try {
      stateDir = Files.createTempDirectory("registry-ttd");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(cacheBytes));
    // Every store and internal topic must carry a name of ours (StoreNames): building fails otherwise.
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(DeadLetterHandler.CLIENT_CONFIG, registry);
    if (options.inMemoryState()) {
      props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    } else {
      // As in production: every RocksDB store shares one bounded cache.
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDb.class);
      props.put(BoundedMemoryRocksDb.TOTAL_BYTES_CONFIG, 32L * 1024 * 1024);
      props.put(BoundedMemoryRocksDb.MEMTABLE_BYTES_CONFIG, 8L * 1024 * 1024);
    }
    var builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    var topology = RegistryTopology.build(builder, options, serdes);
    driver = new TopologyTestDriver(topology, props, Instant.parse("2026-01-01T00:00:00Z"));
    episodes = input(Topics.EPISODES);
    sessions = input(Topics.SESSIONS);
    outcomes = input(Topics.OUTCOMES);
    adverseEvents = input(Topics.ADVERSE_EVENTS);
    clinics = input(Topics.CLINICS);
    practitioners = input(Topics.PRACTITIONERS);
    baselines = input(Topics.BASELINES);
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec<V> spec) {
    return driver.createInputTopic(spec.name(), Serdes.String().serializer(),
        serdes.avro(spec.valueType()).serializer());
  }

  public RegistryDriver put(Episode e) {
    episodes.pipeInput(Keys.episode(e.getClinicId(), e.getEpisodeId()), e);
    return this;
  }

  public RegistryDriver put(Session s) {
    sessions.pipeInput(Keys.session(s.getClinicId(), s.getEpisodeId(), s.getSessionId()), s);
    return this;
  }

  public RegistryDriver put(Outcome o) {
    outcomes.pipeInput(Keys.outcome(o.getClinicId(), o.getEpisodeId(), o.getInstrument(), o.getTimepoint()), o);
    return this;
  }

  public RegistryDriver put(AdverseEvent a) {
    adverseEvents.pipeInput(Keys.adverseEvent(a.getClinicId(), a.getEpisodeId(), a.getAdverseEventId()), a);
    return this;
  }

  public RegistryDriver put(Clinic c) {
    clinics.pipeInput(Keys.clinic(c.getClinicId()), c);
    return this;
  }

  public RegistryDriver put(Practitioner p) {
    practitioners.pipeInput(Keys.practitioner(p.getPractitionerId()), p);
    return this;
  }

  public RegistryDriver put(Baseline b) {
    baselines.pipeInput(Keys.baseline(b.getCategory(), b.getSource()), b);
    return this;
  }

  public RegistryDriver retractEpisode(String clinicId, String episodeId) {
    episodes.pipeInput(Keys.episode(clinicId, episodeId), null);
    return this;
  }

  public RegistryDriver retractSession(String clinicId, String episodeId, String sessionId) {
    sessions.pipeInput(Keys.session(clinicId, episodeId, sessionId), null);
    return this;
  }

  public RegistryDriver retractAdverseEvent(String clinicId, String episodeId, String id) {
    adverseEvents.pipeInput(Keys.adverseEvent(clinicId, episodeId, id), null);
    return this;
  }

  public RegistryDriver retractOutcome(String key) {
    outcomes.pipeInput(key, null);
    return this;
  }

  public RegistryDriver retractPractitioner(String id) {
    practitioners.pipeInput(id, null);
    return this;
  }

  public RegistryDriver retractClinic(String id) {
    clinics.pipeInput(id, null);
    return this;
  }

  /** What the topology wrote to an output topic since the last call (keys and values; null values: tombstones). */
  public <V extends SpecificRecord> List<KeyValue<String, V>> read(TopicSpec<V> topic) {
    publish();
    return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(),
        serdes.avro(topic.valueType()).deserializer()).readKeyValuesToList();
  }

  /** The latest value per key an output topic holds, as a compacted topic would (tombstones remove keys). */
  public <V extends SpecificRecord> Map<String, V> readTable(TopicSpec<V> topic, Map<String, V> table) {
    for (KeyValue<String, V> kv : read(topic)) {
      if (kv.value == null) {
        table.remove(kv.key);
      } else {
        table.put(kv.key, kv.value);
      }
    }
    return table;
  }

  /**
   * Lets the wall-clock punctuators (publication, surveillance, research outputs) run. The episode tasks publish
   * first, as they would many times over in that time, so what the others evaluate is up to date.
   */
  public void advance(Duration wallClock) {
    publish();
    driver.advanceWallClockTime(wallClock);
  }

  /**
   * Lets the scope tasks evaluate surveillance on what is published (publishing first): SIGNAL alerts of every
   * signal day not raised yet.
   */
  public void evaluate() {
    publish();
    driver.advanceWallClockTime(options.evaluationInterval());
  }

  /** The SIGNAL alerts raised since the last read of the alerts topic, by scope|category|day. */
  public Map<String, Alert> signals() {
    var out = new java.util.TreeMap<String, Alert>();
    for (KeyValue<String, Alert> kv : read(Topics.ALERTS)) {
      if (kv.value.getKind() == AlertKind.SIGNAL) {
        out.put(kv.value.getScope() + "|" + kv.value.getCategory() + "|" + kv.value.getAsOf(), kv.value);
      }
    }
    return out;
  }

  /** Lets the episode tasks publish what they hold (the day buckets then hold every fact piped so far). */
  public void publish() {
    driver.advanceWallClockTime(options.publishInterval());
  }

  /** Any input record by topic name, as a producer would send it; a null value is a retraction. */
  public void pipe(String topic, String key, SpecificRecord valueOrNull) {
    inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, Serdes.String().serializer(),
        serdes.avro(SpecificRecord.class).serializer())).pipeInput(key, valueOrNull);
  }

  /** Raw bytes, for records no well-behaved producer would write. */
  public void pipeRaw(String topic, byte[] key, byte[] value) {
    driver.createInputTopic(topic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())
        .pipeInput(key, value);
  }

  /**
   * Figures over this driver's stores, after the episode tasks published what they hold; "today" (the asOf when
   * nothing counts) is {@link #TODAY}.
   */
  public FiguresService figures() {
    publish();
    return unpublishedFigures();
  }

  /** Figures over the stores as they are, without letting the episode tasks publish first. */
  public FiguresService unpublishedFigures() {
    return new FiguresService(
        new LocalBucketReader(() -> driver.getKeyValueStore(StoreNames.DAY_BUCKETS),
            () -> driver.getKeyValueStore(StoreNames.SERIES_INDEX),
            () -> driver.getKeyValueStore(StoreNames.DATA_QUALITY)),
        new StoreBaselines(() -> driver.getKeyValueStore(StoreNames.BASELINES)),
        Clock.fixed(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));
  }

  /** The day buckets, after the episode tasks published what they hold. */
  public KeyValueStore<String, DayCounters> buckets() {
    publish();
    return driver.getKeyValueStore(StoreNames.DAY_BUCKETS);
  }

  /** The number of non-empty day buckets (exact, unlike a store's approximateNumEntries). */
  public long bucketCount() {
    long n = 0;
    try (var it = buckets().all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  public DayCounters bucket(String series, java.time.LocalDate day) {
    DayCounters c = buckets().get(org.dnregistry.streams.buckets.Series.bucketKey(series, day));
    return c == null ? DayCounters.ZERO : c;
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
