package org.dnregistry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.topics.Topics;

/**
 * The streams role on a real local broker and registry (exactly-once, RocksDB, changelogs): a generated history
 * (see {@link BenchHistory}) is produced first, then the application starts and the time until its figures account
 * for every record is measured. Prints input records per second, the state directory's size on disk and the bytes
 * of the application's internal topics.
 *
 * <p>Usage: {@code TopologyBrokerBench [episodes, default 20000] [partitions, default 3] [threads, default 1]
 * [commit.interval.ms, default the application's]}.
 */
public final class TopologyBrokerBench {
  private static final LocalDate AFTER_EVERYTHING = LocalDate.of(2030, 1, 1);

  private TopologyBrokerBench() {}

  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String commitMs = args.length > 3 ? args[3] : Long.toString(StreamsApplication.DEFAULT_COMMIT_INTERVAL_MS);
    Path dir = Files.createTempDirectory("topology-broker-bench");
    System.out.printf(Locale.ROOT, "TopologyBrokerBench: %,d episodes, %d partitions, %d stream threads, commit"
        + " every %s ms, Java %s, %d cores, load average %.1f%n", episodes, partitions, threads, commitMs,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (var stack = LocalStack.start(dir.resolve("stack"))) {
      TopicSetup.createTopics(stack.bootstrapServers(), partitions, (short) 1);
      var produced = produce(stack, episodes);
      Path state = dir.resolve("state");
      long t0 = System.nanoTime();
      try (var app = StreamsApplication.start(Settings.of(Map.of(
          "kafka.bootstrap.servers", stack.bootstrapServers(),
          "schema.registry.url", stack.schemaRegistryUrl(),
          "streams.state.dir", state.toString(),
          "streams.num.threads", Integer.toString(threads),
          "streams.commit.interval.ms", commitMs)))) {
        awaitEverythingCounted(app, produced, episodes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "streams: all %,d records counted %.1f s after start: %.0f records/s"
            + " (start, rebalance and restore of empty stores included)%n", produced.records, seconds,
            produced.records / seconds);
      }
      System.out.printf(Locale.ROOT, "state directory after a clean close: %.1f MiB (%.1f MiB per 100,000"
          + " episodes if linear)%n", bytes(state) / 1048576.0, bytes(state) * 100_000.0 / episodes / 1048576.0);
      System.out.printf(Locale.ROOT, "broker log directory (inputs, changelogs, repartition topics, outputs):"
          + " %.1f MiB%n", bytes(stack.dataDir().resolve("kafka")) / 1048576.0);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Produced(long records, long sessions, long adverseEvents) {}

  private static Produced produce(LocalStack stack, int episodes) throws Exception {
    var config = new HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    var registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
    Set<String> sessions = new HashSet<>();
    Set<String> adverseEvents = new HashSet<>();
    long[] records = {0};
    long t0 = System.nanoTime();
    try (registry; var producer = new KafkaProducer<>(config, new StringSerializer(),
        new AvroSerializer<SpecificRecord>(registry, false, true))) {
      List<Future<RecordMetadata>> pending = new ArrayList<>();
      var history = new BenchHistory(42);
      java.util.function.Consumer<BenchHistory.Rec> send = r -> {
        pending.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
        records[0]++;
        if (r.topic().equals(Topics.SESSIONS.name())) {
          sessions.add(r.key());
        } else if (r.topic().equals(Topics.ADVERSE_EVENTS.name())) {
          adverseEvents.add(r.key());
        }
      };
      history.referenceData(send);
      for (int i = 0; i < episodes; i++) {
        history.episode(i, send);
        if (pending.size() > 10_000) {
          for (var f : pending) {
            f.get();
          }
          pending.clear();
        }
      }
      for (var f : pending) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "produced %,d records (acks=all, idempotent) in %.1f s: %.0f records/s%n",
        records[0], seconds, records[0] / seconds);
    return new Produced(records[0], sessions.size(), adverseEvents.size());
  }

  /** Every session and adverse event counted and every episode's NPRS week-4 observation in. */
  private static void awaitEverythingCounted(StreamsApplication app, Produced produced, int episodes)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      try {
        if (!app.ready()) {
          continue;
        }
        var rows = app.figures().complications("network", "ALL", "all", AFTER_EVERYTHING).rows();
        long sessions = rows.get(0).sessions();
        long events = rows.get(ComplicationCategory.ANY_MINOR.ordinal()).events()
            + rows.get(ComplicationCategory.SERIOUS.ordinal()).events();
        long week4 = app.figures().efficacy("network", "ALL", "all", AFTER_EVERYTHING).rows().get(2).n();
        String now = sessions + "/" + produced.sessions + " sessions, " + events + "/" + produced.adverseEvents
            + " events, " + week4 + "/" + episodes + " observations";
        if (!now.equals(last)) {
          last = now;
        }
        if (sessions == produced.sessions && events == produced.adverseEvents && week4 == episodes) {
          System.out.println("counted: " + now);
          return;
        }
      } catch (RuntimeException e) {
        // Stores move while the instance starts or rebalances.
      }
    }
    throw new IllegalStateException("not everything counted within 2 hours: " + last);
  }

  /** Disk space used (blocks, as du counts): Kafka preallocates sparse index files that take no space. */
  private static long bytes(Path dir) throws IOException, InterruptedException {
    if (!Files.exists(dir)) {
      return 0;
    }
    Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
    String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    du.waitFor();
    return Long.parseLong(out.split("\\s+")[0]) * 1024;
  }
}
