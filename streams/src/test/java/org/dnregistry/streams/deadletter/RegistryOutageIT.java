package org.dnregistry.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.dnregistry.avro.DeadLetter;
import org.dnregistry.avro.Session;
import org.dnregistry.localstack.LocalRegistry;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.registry.SchemaRegistryUnavailableException;
import org.dnregistry.streams.testing.Events;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real schema registry (Apicurio, its own instance) is stopped while a Kafka Streams application with the
 * registry's {@link DeadLetterHandler} meets a valid record whose schema it has not fetched yet: the record is not
 * dead-lettered, the stream thread fails (and is replaced, as the uncaught-exception handler of this test decides),
 * and once the registry is started again the record is processed. A record that really cannot be decoded is still
 * dead-lettered. Exactly-once, as the registry's streams run.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(400)
class RegistryOutageIT {
  private static final Duration WAIT = Duration.ofSeconds(150);

  @Test
  void aValidRecordMetDuringAnOutageIsProcessedLaterAndNeverDeadLettered(LocalStack shared, @TempDir Path dir)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String topic = "it.dead-letter-outage." + run;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Path registryDir = dir.resolve("registry");
    LocalRegistry registry = LocalRegistry.start(registryDir);
    String url = registry.ccompatUrl();
    KafkaStreams streams = null;
    try {
      Session session = Events.session("C1", "S-" + run, "E1", Events.noon(LocalDate.of(2026, 3, 4))).build();
      produce(shared, topic, "valid", new AvroSerializer<Session>(client(url), false, true).serialize(topic, session));
      registry.stop();
      System.out.println("registry stopped; the application has not fetched the schema of the record yet");

      Set<String> processed = ConcurrentHashMap.newKeySet();
      var registryFailures = new AtomicInteger();
      streams = start(shared, url, topic, run, dir, processed, registryFailures);
      await(() -> registryFailures.get() >= 1, "a stream thread to fail on the unreachable registry");
      System.out.printf("stream threads failed (and were replaced) %d time(s) during the outage%n",
          registryFailures.get());
      assertThat(processed).isEmpty();

      registry = LocalRegistry.start(registryDir);
      assertThat(registry.ccompatUrl()).isEqualTo(url);
      long back = System.nanoTime();
      await(() -> processed.contains("valid"), "the record to be processed after the registry came back");
      System.out.printf("processed %d ms after the registry came back%n", (System.nanoTime() - back) / 1_000_000);

      produce(shared, topic, "garbage", new byte[] {42, 1, 2, 3});
      List<DeadLetter> letters = new ArrayList<>();
      await(() -> {
        letters.clear();
        letters.addAll(deadLetters(shared, url, topic));
        return !letters.isEmpty();
      }, "the undecodable record to be dead-lettered");
      System.out.println("dead letters of " + topic + ": " + letters);
      assertThat(letters).singleElement().satisfies(l -> {
        assertThat(new String(l.getKey().array())).isEqualTo("garbage");
        assertThat(l.getReason()).contains("BAD_MAGIC_BYTE");
      });
      assertThat(processed).containsExactly("valid");
    } finally {
      if (streams != null) {
        streams.close(Duration.ofSeconds(30));
      }
      registry.stop();
    }
  }

  private static SchemaRegistryClient client(String url) {
    // Quick to give up per call: the deserializer's own wait is what is under test.
    return SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
        AvroSerdeConfig.REQUEST_TIMEOUT_MS, "2000", AvroSerdeConfig.MAX_RETRIES, "1",
        AvroSerdeConfig.RETRIES_WAIT_MS, "50"));
  }

  private static KafkaStreams start(LocalStack shared, String url, String topic, String run, Path dir,
      Set<String> processed, AtomicInteger registryFailures) {
    SchemaRegistryClient client = client(url);
    var values = Serdes.serdeFrom(new AvroSerializer<Session>(client, false, true),
        new AvroDeserializer<Session>(client, Session.class, Duration.ofSeconds(2)));
    var builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.String(), values)).foreach((k, v) -> processed.add(k));
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-dead-letter-outage-" + run);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(DeadLetterHandler.CLIENT_CONFIG, client);
    var streams = new KafkaStreams(builder.build(), props);
    streams.setUncaughtExceptionHandler(e -> {
      boolean registryDown = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        registryDown |= t instanceof SchemaRegistryUnavailableException;
      }
      if (registryDown) {
        registryFailures.incrementAndGet();
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      e.printStackTrace();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    return streams;
  }

  private static void produce(LocalStack shared, String topic, String key, byte[] value) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /**
   * The letters of this test's topic. The dead-letter topic is shared with the other tests of the JVM, whose letters
   * carry schema ids of the shared registry, not of this test's own: only this test's (key "garbage") are decoded.
   */
  private static List<DeadLetter> deadLetters(LocalStack shared, String url, String topic) {
    var letters = new ArrayList<DeadLetter>();
    var decoder = new AvroDeserializer<DeadLetter>(client(url), DeadLetter.class);
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(Topics.DEAD_LETTER.name()).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(Topics.DEAD_LETTER.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() != null && "garbage".equals(r.key())) {
            DeadLetter letter = decoder.deserialize(Topics.DEAD_LETTER.name(), r.value());
            if (letter.getSourceTopic().equals(topic)) {
              letters.add(letter);
            }
          }
        });
      }
    }
    return letters;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for %s", WAIT, what).isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
