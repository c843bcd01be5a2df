package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.access.Tokens;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.StreamsNode;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.streams.http.QueryServer;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.streams.topology.StoreNames;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the streams role (StreamsNode: topology, query API, internal API) with one application.id on
 * the real broker and registry: the input topics' three partitions split the tasks between them. After a messy
 * history (HistoryGenerator) is produced, both answer every figure, the clinics and the funnels with the same JSON,
 * the oracle's. Then one instance stops: while its partitions move, the other answers right or 503 with
 * Retry-After, never a wrong number, and then answers alone what both answered.
 *
 * <p>The broker is shared by the test classes of the JVM, so the oracle is computed from every record of the input
 * topics read back (this test's and any other's), skipping what the topology dead-letters.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String VIEWER = "viewer-token-0123456789";
  private static final String SECRET = "routing-it-internal-0123456789";
  private static final long SEED = 20261123L;
  /** About 22 records each: a few hundred records over three clinics. */
  private static final int EPISODES = 15;
  private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<Path> stateDirs = new ArrayList<>();
  private final List<StreamsNode> nodes = new ArrayList<>();
  private LocalStack stack;
  private SchemaRegistryClient registry;
  private Oracle oracle;

  @BeforeAll
  void start(LocalStack stack) throws Exception {
    this.stack = stack;
    registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
    Tokens tokens = Tokens.parse(new ObjectMapper().readTree(
        "{\"tokens\":[{\"token\":\"" + VIEWER + "\",\"role\":\"viewer\"}]}"), "routing-it");
    for (int i = 0; i < 2; i++) {
      Path state = Files.createTempDirectory("routing-it-state-");
      stateDirs.add(state);
      nodes.add(StreamsNode.start(Settings.of(Map.of(
          "kafka.bootstrap.servers", stack.bootstrapServers(),
          "schema.registry.url", stack.schemaRegistryUrl(),
          "streams.application.id", "routing-it-" + run,
          "streams.state.dir", state.toString(),
          // Each hop of the topology is visible downstream once committed: commit often to catch up quickly.
          "streams.commit.interval.ms", "200",
          "streams.rocksdb.total.bytes", Long.toString(32L * 1024 * 1024),
          "streams.rocksdb.memtable.bytes", Long.toString(8L * 1024 * 1024),
          // Production serves /metrics only where configured; this test reads it on the main port.
          "query.metrics.open", "true",
          "query.internal.token", SECRET)), tokens, 0));
    }
    // Both running, and the day buckets split between them, before any data: no task has state to move later.
    var directory = new StreamsInstanceDirectory(nodes.get(0).application().streams(), host(nodes.get(0)));
    awaitTrue("both instances running with day-bucket partitions", () -> nodes.stream().allMatch(StreamsNode::ready)
        && Set.copyOf(directory.ownersOfPartitions(StoreNames.DAY_BUCKETS)).size() == 2);

    produce(HistoryGenerator.generate(SEED, EPISODES));
    oracle = Oracle.of(readBackInputs());
  }

  @AfterAll
  void stop() throws IOException {
    for (StreamsNode node : nodes) {
      node.close();
    }
    if (registry != null) {
      registry.close();
    }
    for (Path dir : stateDirs) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static HostInfo host(StreamsNode node) {
    return new HostInfo("127.0.0.1", node.port());
  }

  private InstancesAgree agree(List<StreamsNode> instances) {
    return new InstancesAgree(instances.stream().map(n -> URI.create("http://127.0.0.1:" + n.port())).toList(),
        VIEWER);
  }

  /** Network-wide figures over every fact: they equal the oracle's only once every record has been counted. */
  private void caughtUp(InstancesAgree instances) {
    instances.figures(oracle, java.util.Collections.singletonList(null), List.of("ALL"), List.of("all"), TODAY);
  }

  @Test
  @Order(1)
  void bothInstancesAnswerTheSameFiguresAsTheOracle() throws Exception {
    var both = agree(nodes);
    long t0 = System.nanoTime();
    awaitTrue("both instances caught up with the history", () -> {
      caughtUp(both);
      return true;
    });
    long caughtUpMs = (System.nanoTime() - t0) / 1_000_000;

    // The premise: Kafka's metadata names as owner of a series the instance that holds its buckets, and each
    // instance owns some of the series.
    var owned = new int[2];
    var directory = new StreamsInstanceDirectory(nodes.get(0).application().streams(), host(nodes.get(0)));
    for (String series : oracle.scopes().stream()
        .flatMap(scope -> Oracle.indications().stream().map(indication -> Series.of(scope, indication))).toList()) {
      HostInfo owner = directory.ownerOfSeries(series).host();
      for (int i = 0; i < 2; i++) {
        var held = LocalBucketReader.of(nodes.get(i).application().streams()).read(series, null, LocalDate.of(9999, 12, 31));
        if (owner.equals(host(nodes.get(i)))) {
          owned[i] += held.isEmpty() ? 0 : 1;
        } else {
          assertThat(held).as(series + " on the instance that does not own it").isEmpty();
        }
      }
    }
    assertThat(owned[0]).as("series owned by instance A").isPositive();
    assertThat(owned[1]).as("series owned by instance B").isPositive();

    List<LocalDate> asOfs = new ArrayList<>();
    asOfs.add(null);
    asOfs.add(oracle.asOfsToTry().get(oracle.asOfsToTry().size() / 2));
    int compared = both.figures(oracle, asOfs, List.of("ALL", "NECK_PAIN", "CHRONIC_LOW_BACK_PAIN"),
        List.of("30", "365", "all"), TODAY);
    List<String> clinics = both.clinics(oracle, TODAY);
    both.funnels(oracle, clinics, List.of(ComplicationCategory.BRUISING, ComplicationCategory.SERIOUS), "365", TODAY);
    assertThat(compared).isGreaterThan(100);
    System.out.printf("RoutingIT: caught up %d ms after producing; %d answers compared on 2 instances, %d clinics,"
        + " series with buckets owned by A/B: %d/%d%n", caughtUpMs, compared, clinics.size(), owned[0], owned[1]);
  }

  @Test
  @Order(2)
  void metricsIncludeKafkaStreamsAndConsumerLag() {
    for (StreamsNode node : nodes) {
      var metrics = agree(List.of(node)).get(URI.create("http://127.0.0.1:" + node.port()), "/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      // micrometer's KafkaStreamsMetrics: kafka.<group without -metrics>.<name>, in Prometheus' spelling.
      assertThat(metrics.body()).contains("kafka_stream_thread_process_rate")
          .contains("kafka_consumer_fetch_manager_records_lag_max");
    }
  }

  @Test
  @Order(3)
  void whenOneInstanceStopsTheOtherAnswersRightOr503AndThenAlone() throws Exception {
    StreamsNode gone = nodes.get(1);
    StreamsNode stays = nodes.get(0);
    var alone = agree(List.of(stays));
    URI url = URI.create("http://127.0.0.1:" + stays.port());
    String networkQuery = "/v1/complications?scope=network&indication=ALL&window=all";
    var seen = new HashMap<Integer, Integer>();

    // The production close (StreamsNode.close), as a rolling restart's SIGTERM does it: it must leave the group at
    // once, or the partitions stay with a member that is gone until the session timeout (45 s) and answer 503.
    long closing = System.nanoTime();
    gone.close();
    nodes.remove(gone);
    long closedMs = (System.nanoTime() - closing) / 1_000_000;
    long leftMs;
    try (var admin = org.apache.kafka.clients.admin.Admin.create(clientConfig())) {
      Instant leaveDeadline = Instant.now().plus(Duration.ofSeconds(10));
      while (members(admin) > 1) {
        assertThat(Instant.now()).as("the closed instance left the group within 10 s of its close (the session"
            + " timeout is 45 s); members now %d", members(admin)).isBefore(leaveDeadline);
        Thread.sleep(100);
      }
      leftMs = (System.nanoTime() - closing) / 1_000_000;
    }

    Instant deadline = Instant.now().plus(WAIT);
    boolean answeredAlone = false;
    while (Instant.now().isBefore(deadline) && !answeredAlone) {
      var reply = alone.get(url, networkQuery);
      seen.merge(reply.status(), 1, Integer::sum);
      if (reply.status() == 200) {
        org.dnregistry.streams.oracle.JsonFigures.assertSameFigures(
            oracle.complications("network", "ALL", "all", oracle.defaultAsOf().orElse(TODAY)), reply.json(),
            "network figures while the partitions move");
        try {
          caughtUp(alone);
          answeredAlone = true;
        } catch (AssertionError e) {
          // Some partition is still moving: an answer that is not 200 is the one expected now.
          assertThat(e.getMessage()).contains("answered 503");
        }
      } else {
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).contains(Integer.toString(QueryServer.RETRY_AFTER_SECONDS));
      }
      Thread.sleep(100);
    }
    assertThat(answeredAlone).as("the remaining instance answers alone within " + WAIT + "; statuses " + seen).isTrue();
    long aloneMs = (System.nanoTime() - closing) / 1_000_000;
    List<LocalDate> asOfs = new ArrayList<>();
    asOfs.add(null);
    int compared = alone.figures(oracle, asOfs, List.of("ALL", "NECK_PAIN"), List.of("30", "all"), TODAY);
    alone.funnels(oracle, alone.clinics(oracle, TODAY), List.of(ComplicationCategory.BRUISING), "365", TODAY);
    System.out.printf("RoutingIT: injected: a clean close of one of two instances (took %d ms); it left the group"
        + " %d ms after the close began; the other answered every figure alone %d ms after it (statuses meanwhile"
        + " %s); then %d answers from one instance%n", closedMs, leftMs, aloneMs, seen, compared);
  }

  // ------------------------------------------------------------------------------------------------ the broker

  private int members(org.apache.kafka.clients.admin.Admin admin) throws Exception {
    String group = "routing-it-" + run;
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
  }

  private Map<String, Object> clientConfig() {
    var config = new HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    return config;
  }

  private void produce(List<TopicRecord> history) throws Exception {
    var config = clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        new AvroSerializer<SpecificRecord>(registry, false, true))) {
      for (TopicRecord r : history) {
        producer.send(new ProducerRecord<>(r.topic(), r.key(), r.valueOrNull()));
      }
      producer.flush();
    }
  }

  /**
   * Every committed record of the input topics, per partition in offset order (the order of each key), as the
   * topology takes them: a frame that cannot be read or a value FactChecks refuses is a dead letter, not a fact.
   */
  private List<TopicRecord> readBackInputs() {
    var config = clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var out = new ArrayList<TopicRecord>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (TopicSpec<? extends SpecificRecord> topic : Topics.INPUTS) {
        var deserializer = new AvroDeserializer<SpecificRecord>(registry, topic.valueType());
        var partitions = consumer.partitionsFor(topic.name()).stream()
            .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Instant deadline = Instant.now().plus(WAIT);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError("could not read back " + topic.name());
          }
          for (var r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() == null) {
              continue;
            }
            if (r.value() == null) {
              out.add(TopicRecord.retraction(topic.name(), r.key()));
              continue;
            }
            SpecificRecord value;
            try {
              value = deserializer.deserialize(topic.name(), r.value());
            } catch (RuntimeException e) {
              continue;
            }
            if (valid(r.key(), value)) {
              out.add(new TopicRecord(topic.name(), r.key(), value));
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean valid(String key, SpecificRecord value) {
    List<String> problems;
    if (value instanceof Episode e) {
      problems = FactChecks.episode(key, e);
    } else if (value instanceof Session x) {
      problems = FactChecks.session(key, x);
    } else if (value instanceof Outcome o) {
      problems = FactChecks.outcome(key, o);
    } else if (value instanceof AdverseEvent a) {
      problems = FactChecks.adverseEvent(key, a);
    } else if (value instanceof Clinic c) {
      problems = FactChecks.clinic(key, c);
    } else if (value instanceof Practitioner p) {
      problems = FactChecks.practitioner(key, p);
    } else if (value instanceof Baseline b) {
      problems = FactChecks.baseline(key, b);
    } else {
      throw new IllegalStateException("not an input fact: " + value.getClass());
    }
    return problems.isEmpty();
  }

  private interface Check {
    boolean met() throws Exception;
  }

  private static void awaitTrue(String what, Check check) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    Throwable last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        if (check.met()) {
          return;
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + ": not within " + WAIT + (last == null ? "" : ": " + last.getMessage()), last);
  }
}
