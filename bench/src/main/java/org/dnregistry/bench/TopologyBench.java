package org.dnregistry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.streams.deadletter.DeadLetterHandler;
import org.dnregistry.streams.query.FiguresService;
import org.dnregistry.streams.query.LocalBucketReader;
import org.dnregistry.streams.query.StoreBaselines;
import org.dnregistry.streams.state.BoundedMemoryRocksDb;
import org.dnregistry.streams.topology.RegistryTopology;
import org.dnregistry.streams.topology.SerdeFactory;
import org.dnregistry.streams.topology.StoreNames;
import org.dnregistry.streams.topology.TopologyOptions;

/**
 * Replays a generated history (see {@link BenchHistory}) through the whole registry topology in a
 * TopologyTestDriver (one task, every processor, every store, internal topics replayed in process, no broker) and
 * prints the input records per second and the state it leaves: entries and stored bytes (keys and values as the
 * stores hold them) per store, scaled per 100,000 episodes, and with RocksDB the bytes of its files. TopologyTestDriver commits after every record, so this is a lower bound of
 * the topology's own throughput per task: no batching, but no network either.
 *
 * <p>Usage: {@code TopologyBench [episodes, default 100000] [rocksdb|memory, default rocksdb]}.
 */
public final class TopologyBench {
  private static final int PER = 100_000;

  private TopologyBench() {}

  public static void main(String[] args) throws IOException {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : PER;
    boolean inMemory = args.length > 1 && args[1].equals("memory");
    Path stateDir = Files.createTempDirectory("topology-bench");
    var registry = new InMemorySchemaRegistryClient();
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(DeadLetterHandler.CLIENT_CONFIG, registry);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDb.class);
    if (inMemory) {
      props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
    }
    var options = TopologyOptions.defaults().withInMemoryState(inMemory);
    var serdes = SerdeFactory.registry(registry);
    var topology = RegistryTopology.build(new StreamsBuilder(new TopologyConfig(new StreamsConfig(props))), options,
        serdes);

    System.out.printf(Locale.ROOT, "TopologyBench: %,d episodes, %s stores, Java %s, %d cores, max heap %d MiB,"
        + " load average %.1f%n", episodes, inMemory ? "in-memory" : "RocksDB", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (var driver = new TopologyTestDriver(topology, props, Instant.parse("2026-01-01T00:00:00Z"))) {
      var inputs = new HashMap<String, TestInputTopic<String, SpecificRecord>>();
      Serializer<SpecificRecord> values = serdes.avro(SpecificRecord.class).serializer();
      long[] records = {0};
      var history = new BenchHistory(42);
      history.referenceData(r -> pipe(driver, inputs, values, r, records));
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long lastReport = t0;
      for (int i = 0; i < episodes; i++) {
        history.episode(i, r -> pipe(driver, inputs, values, r, records));
        if (System.nanoTime() - lastReport > 30_000_000_000L) {
          lastReport = System.nanoTime();
          System.out.printf(Locale.ROOT, "  ... %,d episodes, %,d records, %.0f records/s%n", i + 1, records[0],
              records[0] / ((lastReport - t0) / 1e9));
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(Locale.ROOT, "replay: %,d input records in %.1f s: %.0f records/s wall, %.0f records/s of"
          + " CPU (%.1f records per episode)%n", records[0], seconds, records[0] / seconds, records[0] / cpuSeconds,
          (double) records[0] / episodes);

      long p0 = System.nanoTime();
      driver.advanceWallClockTime(Duration.ofMinutes(2));
      System.out.printf(Locale.ROOT, "first status-alert and research punctuation over every series: %.1f s%n",
          (System.nanoTime() - p0) / 1e9);

      var figures = new FiguresService(
          new LocalBucketReader(() -> driver.getKeyValueStore(StoreNames.DAY_BUCKETS),
              () -> driver.getKeyValueStore(StoreNames.SERIES_INDEX)),
          new StoreBaselines(() -> driver.getKeyValueStore(StoreNames.BASELINES)), Clock.systemUTC());
      long q0 = System.nanoTime();
      var c = figures.complications("network", "ALL", "all", null);
      var e = figures.efficacy("network", "ALL", "365", null);
      System.out.printf(Locale.ROOT, "network/ALL/all: %,d sessions, %,d minor events, NPRS WEEK_4 n=%d (queries"
          + " %.0f ms)%n", c.rows().get(0).sessions(), c.rows().get(16).events(), e.rows().get(2).n(),
          (System.nanoTime() - q0) / 1e6);

      stateSize(driver, stateDir, episodes, inMemory);
    } finally {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void pipe(TopologyTestDriver driver, Map<String, TestInputTopic<String, SpecificRecord>> inputs,
      Serializer<SpecificRecord> values, BenchHistory.Rec r, long[] records) {
    inputs.computeIfAbsent(r.topic(), t -> driver.createInputTopic(t, Serdes.String().serializer(), values))
        .pipeInput(r.key(), r.value());
    records[0]++;
  }

  private static void stateSize(TopologyTestDriver driver, Path stateDir, int episodes, boolean inMemory) {
    double scale = (double) PER / episodes;
    var entries = new TreeMap<String, Long>();
    var logical = new TreeMap<String, Long>();
    for (Map.Entry<String, StateStore> s : driver.getAllStateStores().entrySet()) {
      s.getValue().flush();
      long[] counted = countBytes(s.getValue());
      entries.put(s.getKey(), counted[0]);
      logical.put(s.getKey(), counted[1]);
    }
    var disk = new TreeMap<String, Long>();
    if (!inMemory) {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.filter(Files::isRegularFile).forEach(f -> {
          Path rel = stateDir.relativize(f);
          for (int i = 0; i < rel.getNameCount() - 1; i++) {
            if (rel.getName(i).toString().equals("rocksdb")) {
              disk.merge(rel.getName(i + 1).toString(), size(f), Long::sum);
            }
          }
        });
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    long totalEntries = entries.values().stream().mapToLong(Long::longValue).sum();
    long totalLogical = logical.values().stream().mapToLong(Long::longValue).sum();
    long totalDisk = disk.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "state after %,d episodes: %,d entries, %.1f MiB of keys and values (stored"
        + " bytes, incl. timestamps)%s; per 100,000 episodes if linear: %.1f MiB%n", episodes, totalEntries,
        totalLogical / 1048576.0, inMemory ? "" : String.format(Locale.ROOT, ", %.1f MiB of RocksDB files",
            totalDisk / 1048576.0), totalLogical * scale / 1048576.0);
    System.out.printf(Locale.ROOT, "  %-48s %12s %12s %10s%s%n", "store", "entries", "bytes/entry", "MiB/100k",
        inMemory ? "" : "  files MiB");
    entries.forEach((store, n) -> System.out.printf(Locale.ROOT, "  %-48s %,12d %12.0f %10.2f%s%n", store, n,
        n == 0 ? 0.0 : (double) logical.get(store) / n, logical.get(store) * scale / 1048576.0,
        inMemory ? "" : String.format(Locale.ROOT, "  %9.2f", disk.getOrDefault(store, 0L) / 1048576.0)));
  }

  /** Entries and stored key + value bytes of a store, read from its innermost (bytes) layer. */
  private static long[] countBytes(StateStore store) {
    StateStore inner = store;
    while (inner instanceof WrappedStateStore<?, ?, ?> wrapped) {
      inner = wrapped.wrapped();
    }
    long n = 0;
    long bytes = 0;
    if (inner instanceof KeyValueStore<?, ?> kv) {
      try (var it = kv.all()) {
        while (it.hasNext()) {
          var next = it.next();
          n++;
          bytes += next.key instanceof Bytes b ? b.get().length : 0;
          bytes += next.value instanceof byte[] v ? v.length : 0;
        }
      }
    }
    return new long[] {n, bytes};
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }
}
