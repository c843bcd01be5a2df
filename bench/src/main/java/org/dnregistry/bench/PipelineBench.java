package org.dnregistry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.config.Settings;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.topics.EpisodePartitioner;
import org.dnregistry.topics.Topics;

/**
 * The registry topology against a bytes passthrough, on one local broker and registry in one run (issue 8, item 6):
 * <ol>
 *   <li>a generated history ({@link BenchHistory}) is produced to the input topics with ingest's keys and
 *       partitioner ({@link EpisodePartitioner}) before any application starts (idempotent, not transactional:
 *       input offsets are records);</li>
 *   <li>a passthrough (byte-array serdes, exactly_once_v2, every input topic to one output topic of the same
 *       partition count, the registry's commit interval) reads everything from the beginning;</li>
 *   <li>the whole registry topology ({@link StreamsApplication}) does the same, then is closed cleanly, its state
 *       directory measured, deleted, and the application started again to time the restore from changelogs.</li>
 * </ol>
 * Throughput is steady state only: input records committed by the application's group between the sample where
 * 10% and the one where 90% of the inputs were committed (start-up, rebalance and restore fall before). The
 * topology's scope tasks work behind its episode tasks, so on small runs part of their work falls outside that
 * window: the whole phase's CPU per input record (also printed) is the steadier measure of cost. CPU of
 * this JVM (where the streams application runs) and of the broker (a child process, /proc/pid/stat) over the same
 * window. Records written: end offsets of every topic that grew (each committed transaction adds one marker, which
 * takes an offset, to every partition it wrote) and the application producer's send count (no markers, but a
 * retried send counts twice), per topic.
 *
 * <p>Usage: {@code PipelineBench [episodes, default 33000 (~510k records)] [partitions, default 6]
 * [setting=value of the registry (e.g. streams.cache.max.bytes=67108864)]...}.
 */
public final class PipelineBench {
  private static final LocalDate AFTER_EVERYTHING = LocalDate.of(2030, 1, 1);
  private static final String PASSTHROUGH_OUTPUT = "bench.passthrough.v1";
  private static final String PASSTHROUGH_ID = "bench-passthrough";
  private static final String REGISTRY_ID = "bench-registry";
  private static final Duration SAMPLE = Duration.ofMillis(50);
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 33_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    var extra = new TreeMap<String, String>();
    for (int i = 2; i < args.length; i++) {
      extra.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }
    // The broker as a benchmark wants it (LocalKafka's default is C1 only, tuned for tests' start-up).
    if (System.getProperty("dnregistry.broker.jvm.options") == null) {
      System.setProperty("dnregistry.broker.jvm.options", "-XX:TieredStopAtLevel=4 -Xmx1g");
    }
    System.out.printf(Locale.ROOT, "PipelineBench: %,d episodes, %d partitions, 1 stream thread, commit every %d ms,"
        + " Kafka %s, Java %s, %d cores, heap max %d MiB, broker JVM options '%s', registry settings %s, load average"
        + " %s%n", episodes, partitions, StreamsApplication.DEFAULT_COMMIT_INTERVAL_MS,
        kafkaVersion(), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("dnregistry.broker.jvm.options"), extra, loadAverage());
    Path dir = Files.createTempDirectory("pipeline-bench");
    try (var stack = startStack(dir);
        var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      TopicSetup.createTopics(stack.bootstrapServers(), partitions, (short) 1);
      admin.createTopics(List.of(new NewTopic(PASSTHROUGH_OUTPUT, partitions, (short) 1))).all().get();
      var produced = produce(stack, episodes);
      var probe = new Probe(admin, stack.kafka().pid());
      Set<TopicPartition> inputs = probe.partitionsOf(Topics.INPUTS.stream().map(t -> t.name()).toList());
      long inputRecords = probe.endOffsets(inputs).values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(Locale.ROOT, "inputs: %,d records on %d partitions (end offsets), load average %s%n",
          inputRecords, inputs.size(), loadAverage());

      var passthrough = runPassthrough(stack, probe, inputs, inputRecords, dir.resolve("passthrough-state"),
          partitions);
      var registry = runRegistry(stack, probe, inputs, inputRecords, dir.resolve("registry-state"), produced,
          episodes, extra);
      System.out.printf(Locale.ROOT, "RESULT topology/passthrough = %.1f%% (%.0f / %.0f input records/s, steady"
          + " state, same run); load average %s%n", 100 * registry.rate / passthrough.rate, registry.rate,
          passthrough.rate, loadAverage());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The broker's 60 s start-up bound is short for a JIT-compiling broker on a loaded machine: try again. */
  private static LocalStack startStack(Path dir) {
    for (int attempt = 1; ; attempt++) {
      try {
        return LocalStack.start(dir.resolve("stack-" + attempt));
      } catch (org.dnregistry.localstack.LocalStackException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.printf(Locale.ROOT, "local stack did not start (attempt %d, load average %s): %s%n", attempt,
            loadAverage(), e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  private record Produced(long records, long sessions, long adverseEvents) {}

  /** Steady-state figures of one application: input records per second, CPU seconds over the same window. */
  private record Steady(double rate, double seconds, double appCpu, double brokerCpu, long records) {}

  private static Steady runPassthrough(LocalStack stack, Probe probe, Set<TopicPartition> inputs, long inputRecords,
      Path state, int partitions) throws Exception {
    var props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, PASSTHROUGH_ID);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, StreamsApplication.DEFAULT_COMMIT_INTERVAL_MS);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    var builder = new StreamsBuilder();
    builder.<byte[], byte[]>stream(Topics.INPUTS.stream().map(t -> t.name()).toList()).to(PASSTHROUGH_OUTPUT);
    var before = probe.allEndOffsets();
    var cpu = Cpu.now(probe);
    var streams = new KafkaStreams(builder.build(), props);
    streams.start();
    Steady steady;
    try {
      steady = probe.steadyState(PASSTHROUGH_ID, inputs, inputRecords);
      probe.await(() -> probe.committed(PASSTHROUGH_ID, inputs) >= inputRecords, Duration.ofMinutes(30));
      printSent(streams, inputRecords);
    } finally {
      streams.close(Duration.ofSeconds(60));
    }
    var spent = Cpu.now(probe).minus(cpu);
    System.out.printf(Locale.ROOT, "passthrough: %.0f input records/s steady state (%,d records in %.2f s between"
        + " 10%% and 90%% committed); CPU over that window: streams JVM %.2f s, broker %.2f s (%.1f / %.1f CPU s per"
        + " million input records); whole phase: streams JVM %.1f s, broker %.1f s (%.0f / %.0f per million);"
        + " load average %s%n", steady.rate,
        steady.records, steady.seconds, steady.appCpu, steady.brokerCpu, 1e6 * steady.appCpu / steady.records,
        1e6 * steady.brokerCpu / steady.records, spent.app, spent.broker, 1e6 * spent.app / inputRecords,
        1e6 * spent.broker / inputRecords, loadAverage());
    probe.printWritten("passthrough", before, inputRecords, t -> t.equals(PASSTHROUGH_OUTPUT));
    memory("passthrough");
    return steady;
  }

  private static Steady runRegistry(LocalStack stack, Probe probe, Set<TopicPartition> inputs, long inputRecords,
      Path state, Produced produced, int episodes, Map<String, String> extra) throws Exception {
    var values = new HashMap<String, String>(extra);
    values.putAll(Map.of(
        "kafka.bootstrap.servers", stack.bootstrapServers(),
        "schema.registry.url", stack.schemaRegistryUrl(),
        "streams.application.id", REGISTRY_ID,
        "streams.state.dir", state.toString()));
    var settings = Settings.of(values);
    var before = probe.allEndOffsets();
    var cpu = Cpu.now(probe);
    long t0 = System.nanoTime();
    Steady steady;
    String counted;
    try (var app = StreamsApplication.start(settings)) {
      steady = probe.steadyState(REGISTRY_ID, inputs, inputRecords);
      counted = awaitEverythingCounted(app, produced, episodes);
      System.out.printf(Locale.ROOT, "topology: every figure counts every input %.1f s after start (%s)%n",
          (System.nanoTime() - t0) / 1e9, counted);
      printSent(app.streams(), inputRecords);
    }
    var spent = Cpu.now(probe).minus(cpu);
    System.out.printf(Locale.ROOT, "topology: %.0f input records/s steady state (%,d records in %.2f s between 10%%"
        + " and 90%% committed); CPU over that window: streams JVM %.2f s, broker %.2f s (%.1f / %.1f CPU s per"
        + " million input records); whole phase: streams JVM %.1f s, broker %.1f s (%.0f / %.0f per million);"
        + " load average %s%n", steady.rate,
        steady.records, steady.seconds, steady.appCpu, steady.brokerCpu, 1e6 * steady.appCpu / steady.records,
        1e6 * steady.brokerCpu / steady.records, spent.app, spent.broker, 1e6 * spent.app / inputRecords,
        1e6 * spent.broker / inputRecords, loadAverage());
    probe.printWritten("topology", before, inputRecords,
        t -> t.startsWith(REGISTRY_ID + "-") || Topics.OUTPUTS.stream().anyMatch(o -> o.name().equals(t)));
    memory("topology");
    long stateBytes = bytes(state);
    System.out.printf(Locale.ROOT, "topology: state directory after a clean close %.1f MiB: %,.0f bytes per episode,"
        + " %.0f MiB per million input records (%,d episodes, %,d input records)%n", stateBytes / 1048576.0,
        (double) stateBytes / episodes, stateBytes * 1e6 / inputRecords / 1048576.0, episodes, inputRecords);
    printStores(state, episodes);

    // Restore: an empty state directory, the same application id, until RUNNING (every store restored).
    deleteTree(state);
    long changelog = probe.allEndOffsets().entrySet().stream()
        .filter(e -> e.getKey().topic().startsWith(REGISTRY_ID + "-") && e.getKey().topic().endsWith("-changelog"))
        .mapToLong(Map.Entry::getValue).sum();
    long r0 = System.nanoTime();
    try (var app = StreamsApplication.start(settings)) {
      probe.await(app::ready, Duration.ofMinutes(30));
      double seconds = (System.nanoTime() - r0) / 1e9;
      String again = awaitEverythingCounted(app, produced, episodes);
      System.out.printf(Locale.ROOT, "topology: restore on an empty state directory: RUNNING %.1f s after start"
          + " (changelog offsets %,d): %.1f s per million input records; figures after it: %s; load average %s%n",
          seconds, changelog, seconds * 1e6 / inputRecords, again, loadAverage());
    }
    return steady;
  }

  private static void printSent(KafkaStreams streams, long inputRecords) {
    var sent = new TreeMap<String, Double>();
    streams.metrics().forEach((name, metric) -> {
      if (name.group().equals("producer-topic-metrics") && name.name().equals("record-send-total")) {
        sent.merge(name.tags().get("topic"), ((Number) metric.metricValue()).doubleValue(), Double::sum);
      }
    });
    double total = sent.values().stream().mapToDouble(Double::doubleValue).sum();
    System.out.printf(Locale.ROOT, "  sends of the application's producer (no markers; a send retried after an error"
        + " counts again): %,.0f = %.2f per input record%n", total, total / inputRecords);
    sent.forEach((topic, n) -> System.out.printf(Locale.ROOT, "    %-60s %,12.0f  %.3f per input%n", topic, n,
        n / inputRecords));
  }

  private static Produced produce(LocalStack stack, int episodes) throws Exception {
    var config = new HashMap<String, Object>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, EpisodePartitioner.class);
    var registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
        stack.schemaRegistryUrl()));
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
    System.out.printf(Locale.ROOT, "produced %,d records (acks=all, idempotent, EpisodePartitioner) in %.1f s: %.0f"
        + " records/s%n", records[0], seconds, records[0] / seconds);
    return new Produced(records[0], sessions.size(), adverseEvents.size());
  }

  /** Every session and adverse event counted and every episode's NPRS week-4 observation in; returns the counts. */
  private static String awaitEverythingCounted(StreamsApplication app, Produced produced, int episodes)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        if (app.ready()) {
          var rows = app.figures().complications("network", "ALL", "all", AFTER_EVERYTHING).rows();
          long sessions = rows.get(0).sessions();
          long events = rows.get(ComplicationCategory.ANY_MINOR.ordinal()).events()
              + rows.get(ComplicationCategory.SERIOUS.ordinal()).events();
          long week4 = app.figures().efficacy("network", "ALL", "all", AFTER_EVERYTHING).rows().get(2).n();
          last = sessions + "/" + produced.sessions + " sessions, " + events + "/" + produced.adverseEvents
              + " adverse events, " + week4 + "/" + episodes + " week-4 observations";
          if (sessions == produced.sessions && events == produced.adverseEvents && week4 == episodes) {
            return last;
          }
        }
      } catch (RuntimeException e) {
        // Stores move while the instance starts or rebalances.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("not everything counted within 30 minutes: " + last);
  }

  /** Offsets and CPU, sampled. */
  private static final class Probe {
    private final Admin admin;
    private final long brokerPid;

    Probe(Admin admin, long brokerPid) {
      this.admin = admin;
      this.brokerPid = brokerPid;
    }

    Set<TopicPartition> partitionsOf(List<String> topics) throws Exception {
      return admin.describeTopics(topics).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toSet());
    }

    Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws Exception {
      var latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** End offsets of every topic, the broker's internal ones included. */
    Map<TopicPartition, Long> allEndOffsets() throws Exception {
      var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      return endOffsets(partitionsOf(List.copyOf(names)));
    }

    long committed(String group, Set<TopicPartition> inputs) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long sum = 0;
      for (var p : inputs) {
        var o = offsets.get(p);
        sum += o == null ? 0 : o.offset();
      }
      return sum;
    }

    double brokerCpuSeconds() {
      try {
        String stat = Files.readString(Path.of("/proc/" + brokerPid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS_PER_SECOND; // utime, stime
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the broker's CPU time", e);
      }
    }

    /**
     * Samples the group's committed input offsets; returns the rate between the first sample at or above 10% of
     * the inputs and the first at or above 90%, with the CPU spent between those two samples.
     */
    Steady steadyState(String group, Set<TopicPartition> inputs, long total) throws Exception {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      long lowRecords = -1;
      long lowTime = 0;
      Cpu lowCpu = null;
      while (System.nanoTime() < deadline) {
        long now = System.nanoTime();
        long committed = committed(group, inputs);
        if (lowRecords < 0 && committed >= total / 10) {
          lowRecords = committed;
          lowTime = now;
          lowCpu = Cpu.now(this);
        } else if (lowRecords >= 0 && committed >= total * 9 / 10) {
          var cpu = Cpu.now(this).minus(lowCpu);
          double seconds = (now - lowTime) / 1e9;
          long records = committed - lowRecords;
          return new Steady(records / seconds, seconds, cpu.app, cpu.broker, records);
        }
        Thread.sleep(SAMPLE.toMillis());
      }
      throw new IllegalStateException(group + " did not commit 90% of the inputs within 30 minutes");
    }

    void await(BooleanSupplierWithException condition, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("condition not met within " + timeout);
        }
        Thread.sleep(SAMPLE.toMillis());
      }
    }

    /** Offsets taken by the topics the application writes (matching), since {@code before}, per topic. */
    void printWritten(String label, Map<TopicPartition, Long> before, long inputRecords,
        java.util.function.Predicate<String> written) throws Exception {
      var after = allEndOffsets();
      var byTopic = new TreeMap<String, Long>();
      var other = new TreeMap<String, Long>();
      after.forEach((p, end) -> {
        long grown = end - before.getOrDefault(p, 0L);
        if (grown > 0) {
          (written.test(p.topic()) ? byTopic : other).merge(p.topic(), grown, Long::sum);
        }
      });
      long total = byTopic.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(Locale.ROOT, "%s: Kafka offsets written (records + one per transaction marker): %,d = %.2f"
          + " per input record%n", label, total, (double) total / inputRecords);
      byTopic.forEach((topic, n) -> System.out.printf(Locale.ROOT, "    %-60s %,12d  %.3f per input%n", topic, n,
          (double) n / inputRecords));
      other.forEach((topic, n) -> System.out.printf(Locale.ROOT, "    (broker-internal, not counted) %-30s %,d%n",
          topic, n));
    }
  }

  @FunctionalInterface
  interface BooleanSupplierWithException {
    boolean getAsBoolean() throws Exception;
  }

  /** CPU seconds of this JVM (the streams application) and of the broker process. */
  private record Cpu(double app, double broker) {
    static Cpu now(Probe probe) {
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new Cpu(os.getProcessCpuTime() / 1e9, probe.brokerCpuSeconds());
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(app - earlier.app, broker - earlier.broker);
    }
  }

  private static void memory(String label) throws IOException {
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    String status = Files.readString(Path.of("/proc/self/status"));
    System.out.printf(Locale.ROOT, "%s: streams JVM (this bench JVM) RSS %s MiB, peak RSS %s MiB, heap used %d MiB"
        + " of %d MiB committed%n", label, kib(status, "VmRSS") / 1024, kib(status, "VmHWM") / 1024,
        heap.getUsed() >> 20, heap.getCommitted() >> 20);
  }

  private static long kib(String status, String field) {
    return status.lines().filter(l -> l.startsWith(field + ":")).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).orElse(-1L);
  }

  /** Sizes of the stores' folders (summed over tasks), to say which store takes the space. */
  private static void printStores(Path state, int episodes) throws IOException, InterruptedException {
    var byStore = new TreeMap<String, Long>();
    try (Stream<Path> files = Files.walk(state)) {
      for (Path p : files.filter(Files::isDirectory).toList()) {
        Path parent = p.getParent();
        if (parent != null && parent.getFileName().toString().equals("rocksdb")) {
          byStore.merge(p.getFileName().toString(), bytes(p), Long::sum);
        }
      }
    }
    byStore.forEach((store, b) -> System.out.printf(Locale.ROOT, "    store %-28s %8.1f MiB  %,6.0f bytes per"
        + " episode%n", store, b / 1048576.0, (double) b / episodes));
  }

  /** From the clients jar's own version file (AppInfoParser moved to an internals package in Kafka 4.4). */
  private static String kafkaVersion() throws IOException {
    try (var in = KafkaProducer.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
      var props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "?");
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Disk space used (blocks, as du counts). */
  private static long bytes(Path dir) throws IOException, InterruptedException {
    if (!Files.exists(dir)) {
      return 0;
    }
    Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
    String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    du.waitFor();
    return Long.parseLong(out.split("\\s+")[0]) * 1024;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
