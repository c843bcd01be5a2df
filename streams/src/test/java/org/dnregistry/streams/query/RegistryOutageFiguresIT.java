package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.access.Tokens;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.LocalRegistry;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.StreamsNode;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, fault "registry down for 20 s during processing", on the registry's own streams role (StreamsNode: the
 * whole topology, exactly-once) with a broker and an Apicurio registry of this test alone. The history's episodes,
 * sessions and reference data are processed first; then the registry stops and, while it is down for 20 s, the
 * outcomes, adverse events and baselines arrive, whose schema ids the application has never fetched. Nothing may be
 * dead-lettered for it and no fact skipped: once the registry is back, every figure equals the oracle's.
 */
class RegistryOutageFiguresIT {
  private static final long SEED = 20261208L;
  private static final int EPISODES = 20;
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String VIEWER = "viewer-token-0123456789";
  private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
  /** Met only after the outage began: their schema ids are not in the application's cache. */
  private static final Set<String> LATE_TOPICS = Set.of(Topics.OUTCOMES.name(), Topics.ADVERSE_EVENTS.name(),
      Topics.BASELINES.name());

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void aTwentySecondOutageDuringProcessingLosesNothingAndTheFiguresEqualTheOracle(@TempDir Path dir)
      throws Exception {
    LocalStack stack = LocalStack.start(dir.resolve("stack"));
    LocalRegistry restarted = null;
    StreamsNode node = null;
    try (SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()))) {
      String bootstrap = stack.bootstrapServers();
      TopicSetup.createTopics(bootstrap, 3, (short) 1);
      TopicSetup.seedBaselines(bootstrap, stack.schemaRegistryUrl());

      // Every record serialized now, while the registry answers: the producer needs no registry during the outage.
      var early = new ArrayList<ProducerRecord<String, byte[]>>();
      var late = new ArrayList<ProducerRecord<String, byte[]>>();
      var serializer = new AvroSerializer<SpecificRecord>(registry, false, true);
      for (TopicRecord r : HistoryGenerator.generate(SEED, EPISODES)) {
        byte[] value = r.isRetraction() ? null : serializer.serialize(r.topic(), r.valueOrNull());
        (LATE_TOPICS.contains(r.topic()) ? late : early).add(new ProducerRecord<>(r.topic(), r.key(), value));
      }
      produce(bootstrap, early);
      Oracle before = Oracle.of(readBackInputs(bootstrap, registry));

      Tokens tokens = Tokens.parse(new ObjectMapper().readTree(
          "{\"tokens\":[{\"token\":\"" + VIEWER + "\",\"role\":\"viewer\"}]}"), "registry-outage-it");
      node = StreamsNode.start(Settings.of(Map.of(
          "kafka.bootstrap.servers", bootstrap,
          "schema.registry.url", stack.schemaRegistryUrl(),
          "streams.state.dir", dir.resolve("state").toString(),
          "streams.commit.interval.ms", "200",
          "streams.rocksdb.total.bytes", Long.toString(32L * 1024 * 1024),
          "streams.rocksdb.memtable.bytes", Long.toString(8L * 1024 * 1024),
          "query.internal.token", "registry-outage-it-internal-0123456789")), tokens, 0);
      var api = new InstancesAgree(List.of(URI.create("http://127.0.0.1:" + node.port())), VIEWER);
      awaitFigures("the early facts", api, before);
      System.out.printf("processed %d early records (episodes, sessions, clinics, practitioners)%n", early.size());

      stack.registry().stop();
      long down = System.nanoTime();
      System.out.printf("injected: registry stopped; %d outcomes, adverse events and baselines produced during the "
          + "outage, with schema ids the application never fetched%n", late.size());
      produce(bootstrap, late);
      while (System.nanoTime() - down < OUTAGE.toNanos()) {
        assertThat(deadLetters(bootstrap)).as("dead letters during the outage").isZero();
        Thread.sleep(1000);
      }
      restarted = LocalRegistry.start(stack.registry().dir());
      assertThat(restarted.ccompatUrl()).isEqualTo(stack.schemaRegistryUrl());
      long up = System.nanoTime();
      System.out.printf("registry up again after %.1f s down%n", (up - down) / 1e9);

      Oracle after = Oracle.of(readBackInputs(bootstrap, registry));
      int compared = awaitFigures("every fact after the outage", api, after);
      long recovered = System.nanoTime();
      long expectedLetters = expectedDeadLetters(bootstrap, registry);
      assertThat(deadLetters(bootstrap)).as("dead letters: only what the history holds that is truly invalid")
          .isEqualTo(expectedLetters);
      System.out.printf("verified: %d answers equal the oracle %.1f s after the registry came back; dead letters %d "
          + "(the history's invalid facts only)%n", compared, (recovered - up) / 1e9, expectedLetters);
    } finally {
      if (node != null) {
        node.close();
      }
      if (restarted != null) {
        restarted.stop();
      }
      stack.close();
    }
  }

  private static int awaitFigures(String what, InstancesAgree api, Oracle oracle) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        return api.figures(oracle, java.util.Collections.singletonList(null), List.of("ALL", "NECK_PAIN"),
            List.of("30", "365", "all"), TODAY);
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("figures of " + what + " did not equal the oracle within " + WAIT, last);
  }

  private static void produce(String bootstrap, List<ProducerRecord<String, byte[]>> records) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer())) {
      for (var r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  private static long deadLetters(String bootstrap) {
    return readAll(bootstrap, Topics.DEAD_LETTER.name()).size();
  }

  /** What the topology must dead-letter: committed input records that cannot be read or that FactChecks refuses. */
  private static long expectedDeadLetters(String bootstrap, SchemaRegistryClient registry) {
    long n = 0;
    for (TopicSpec<? extends SpecificRecord> topic : Topics.INPUTS) {
      var deserializer = new AvroDeserializer<SpecificRecord>(registry, topic.valueType());
      for (var r : readAll(bootstrap, topic.name())) {
        if (r.key() == null || r.value() == null) {
          continue;
        }
        try {
          n += valid(r.key(), deserializer.deserialize(topic.name(), r.value())) ? 0 : 1;
        } catch (RuntimeException e) {
          n++;
        }
      }
    }
    return n;
  }

  private static List<TopicRecord> readBackInputs(String bootstrap, SchemaRegistryClient registry) {
    var out = new ArrayList<TopicRecord>();
    for (TopicSpec<? extends SpecificRecord> topic : Topics.INPUTS) {
      var deserializer = new AvroDeserializer<SpecificRecord>(registry, topic.valueType());
      for (var r : readAll(bootstrap, topic.name())) {
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
    return out;
  }

  /** Every committed record of a topic, per partition in offset order. */
  private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> readAll(String bootstrap,
      String topic) {
    var config = new HashMap<String, Object>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var out = new ArrayList<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read back " + topic);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
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
}
