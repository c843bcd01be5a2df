package org.dnregistry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;
import static org.dnregistry.streams.testing.Events.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Alert;
import org.dnregistry.avro.AlertKind;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.streams.query.Responses;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The streams role end to end on a real broker and schema registry, exactly-once: events produced in a messy order
 * with AvroSerializer (idempotent, acks=all), figures read from the application's stores, alerts and dead letters
 * read from their topics (read_committed); then a restart from an empty state directory restores the same figures
 * from the changelogs, counting nothing twice.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryStreamsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final LocalDate DAY = LocalDate.of(2026, 6, 10);

  private final LocalStack stack;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  /** A clinic of this run only: the broker is shared by every test class of the JVM. */
  private final String clinic = "IT" + run;
  private final List<Path> stateDirs = new ArrayList<>();
  private SchemaRegistryClient registry;
  private StreamsApplication app;

  RegistryStreamsIT(LocalStack stack) {
    this.stack = stack;
  }

  @BeforeEach
  void seed() {
    TopicSetup.seedBaselines(stack.bootstrapServers(), stack.schemaRegistryUrl());
    registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    registry.close();
    for (Path dir : stateDirs) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private StreamsApplication start() throws Exception {
    Path state = Files.createTempDirectory("registry-it-state");
    stateDirs.add(state);
    return StreamsApplication.start(Settings.of(Map.of(
        "kafka.bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.schemaRegistryUrl(),
        "streams.application.id", "registry-it-" + run,
        "streams.state.dir", state.toString(),
        "streams.evaluation.interval.ms", "500",
        "streams.research.interval.ms", "500",
        "streams.rocksdb.total.bytes", Long.toString(64L * 1024 * 1024),
        "streams.rocksdb.memtable.bytes", Long.toString(16L * 1024 * 1024))));
  }

  @Test
  void countsExactlyOnceAlertsDeadLettersAndRestoresAfterARestart() throws Exception {
    app = start();
    var records = new ArrayList<ProducerRecord<String, SpecificRecord>>();
    // Sessions and an adverse event before their episode; a duplicate; a correction; a retraction.
    records.add(record(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "S1"), session(clinic, "S1", "E1", noon(DAY)).build()));
    records.add(record(Topics.ADVERSE_EVENTS.name(), Keys.adverseEvent(clinic, "E1", "A1"),
        adverseEvent(clinic, "A1", "S1", "E1", AdverseEventCategory.PNEUMOTHORAX).setSerious(true).build()));
    records.add(record(Topics.EPISODES.name(), Keys.episode(clinic, "E1"),
        episode(clinic, "E1", Indication.NECK_PAIN, DAY.minusDays(5)).setChronicity(Chronicity.CHRONIC).build()));
    for (int i = 2; i <= 4; i++) {
      records.add(record(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "S" + i),
          session(clinic, "S" + i, "E1", noon(DAY.minusDays(i))).build()));
    }
    records.add(record(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "S2"), session(clinic, "S2", "E1", noon(DAY.minusDays(2))).build()));
    records.add(record(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "S3"), session(clinic, "S3", "E1", noon(DAY.minusDays(40))).build()));
    records.add(record(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "S4"), null));
    records.add(record(Topics.OUTCOMES.name(), Keys.outcome(clinic, "E1", Instrument.NPRS, Timepoint.BASELINE),
        outcome(clinic, "E1", Instrument.NPRS, Timepoint.BASELINE, 8, noon(DAY.minusDays(5))).build()));
    records.add(record(Topics.OUTCOMES.name(), Keys.outcome(clinic, "E1", Instrument.NPRS, Timepoint.WEEK_2),
        outcome(clinic, "E1", Instrument.NPRS, Timepoint.WEEK_2, 5.5, noon(DAY)).build()));
    produce(records);
    produceRaw(Topics.SESSIONS.name(), Keys.session(clinic, "E1", "BAD"), "not avro".getBytes(StandardCharsets.UTF_8));

    String scope = "clinic:" + clinic;
    // S1 and S2 in the 30 days to DAY; S3 moved 40 days back; S4 retracted.
    awaitTrue("the clinic's figures", () -> app.ready()
        && complications(scope, "30").rows().get(0).sessions() == 2
        && complications(scope, "all").rows().get(0).sessions() == 3
        && complications(scope, "30").rows().get(ComplicationCategory.SERIOUS.ordinal()).events() == 1);
    assertFigures(scope);

    List<Alert> alerts = readAll(Topics.ALERTS.name(), Alert.class, a -> clinic.equals(a.getClinicId()), 1);
    assertThat(alerts).filteredOn(a -> a.getKind() == AlertKind.SENTINEL).singleElement()
        .satisfies(a -> assertThat(a.getAdverseEventId()).isEqualTo("A1"));
    List<DeadLetter> letters = readAll(Topics.DEAD_LETTER.name(), DeadLetter.class,
        l -> l.getKey() != null && new String(bytes(l.getKey()), StandardCharsets.UTF_8).equals(Keys.session(clinic, "E1", "BAD")), 1);
    assertThat(letters).singleElement().satisfies(l -> assertThat(l.getReason()).contains("BAD_MAGIC_BYTE"));

    // A new instance with an empty state directory restores everything from the changelogs.
    app.close();
    app = start();
    awaitTrue("restored figures", () -> app.ready() && complications(scope, "all").rows().get(0).sessions() == 3);
    assertFigures(scope);
    // Re-sending everything changes nothing, and the sentinel alert is not raised again.
    produce(records);
    Thread.sleep(3_000);
    awaitTrue("figures after re-sending", () -> app.ready() && complications(scope, "all").rows().get(0).sessions() == 3);
    assertFigures(scope);
    assertThat(readAll(Topics.ALERTS.name(), Alert.class,
        a -> clinic.equals(a.getClinicId()) && a.getKind() == AlertKind.SENTINEL, 1)).hasSize(1);
  }

  private void assertFigures(String scope) {
    var c30 = complications(scope, "30");
    assertThat(c30.asOf()).isEqualTo(DAY.toString());
    assertThat(c30.rows().get(0).sessions()).isEqualTo(2);
    assertThat(c30.rows().get(ComplicationCategory.PNEUMOTHORAX.ordinal()).events()).isEqualTo(1);
    assertThat(c30.rows().get(ComplicationCategory.SERIOUS.ordinal()).baselines())
        .extracting(Responses.BaselineRow::source).contains("Boyce 2020");
    var week2 = app.figures().efficacy(scope, "NECK_PAIN", "30", DAY).rows().get(1);
    assertThat(week2.timepoint()).isEqualTo("WEEK_2");
    assertThat(week2.n()).isEqualTo(1);
    assertThat(week2.meanChange()).isEqualTo(2.5);
    var compliance = app.figures().compliance(scope, "30", DAY);
    assertThat(compliance.total().get(GuidelineFlag.CHRONIC_CONDITION.name())).isEqualTo(1);
    assertThat(app.figures().complications("network", "ALL", "all", DAY).rows().get(0).sessions())
        .isGreaterThanOrEqualTo(3);
  }

  private Responses.Complications complications(String scope, String window) {
    return app.figures().complications(scope, "ALL", window, DAY);
  }

  private static ProducerRecord<String, SpecificRecord> record(String topic, String key, SpecificRecord value) {
    return new ProducerRecord<>(topic, key, value);
  }

  private Map<String, Object> producerConfig() {
    var config = new HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return config;
  }

  private void produce(List<ProducerRecord<String, SpecificRecord>> records) throws Exception {
    try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
        new AvroSerializer<SpecificRecord>(registry, false, true))) {
      for (var r : records) {
        producer.send(r).get();
      }
    }
  }

  private void produceRaw(String topic, String key, byte[] value) throws Exception {
    try (var producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }

  /** Every record of a topic matching {@code mine}, read with read_committed until at least {@code atLeast}. */
  private <V extends SpecificRecord> List<V> readAll(String topic, Class<V> type, java.util.function.Predicate<V> mine,
      int atLeast) {
    var config = new HashMap<String, Object>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var deserializer = new AvroDeserializer<V>(registry, type);
    var out = new ArrayList<V>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(WAIT);
      Instant quietUntil = null;
      while (Instant.now().isBefore(deadline)) {
        var batch = consumer.poll(Duration.ofMillis(500));
        batch.forEach(r -> {
          if (r.value() != null) {
            V v = deserializer.deserialize(topic, r.value());
            if (mine.test(v)) {
              out.add(v);
            }
          }
        });
        if (out.size() >= atLeast) {
          // Keep reading a little: a second copy would show up now.
          quietUntil = quietUntil == null ? Instant.now().plusSeconds(3) : quietUntil;
          if (Instant.now().isAfter(quietUntil)) {
            break;
          }
        }
      }
    }
    return out;
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    AssertionError last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // Stores are not queryable while the instance restores or rebalances.
        last = new AssertionError(what + ": " + e.getMessage(), e);
      }
      Thread.sleep(250);
    }
    throw last != null ? last : new AssertionError(what + ": not reached within " + WAIT);
  }
}
