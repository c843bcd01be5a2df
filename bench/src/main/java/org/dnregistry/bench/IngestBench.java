package org.dnregistry.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.ingest.IngestConfig;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.TopicSetup;

/**
 * Throughput and latency of the ingest gateway against a real broker and registry (a {@link LocalStack}, or any
 * given with {@code --bootstrap}/{@code --registry}), and the speed and memory of the bulk importer:
 * <ol>
 *   <li>single-event POSTs from several concurrent clients: events/s, p50/p99 latency;</li>
 *   <li>1,000-event NDJSON batches from several concurrent clients: events/s, p50/p99 latency per request;</li>
 *   <li>import of a generated NDJSON file (1,000,000 lines by default) by the importer in its own JVM with a small
 *       heap: events/s, wall time, peak heap used and peak RSS of the importer.</li>
 * </ol>
 * Each load phase runs closed-loop (a client sends its next request when the previous one is answered) after a
 * warm-up that is not measured. The broker, the registry and the importer are child JVMs on this JVM's classpath, so
 * run it with a real classpath, not inside Maven's JVM:
 * <pre>
 * ./mvnw -q -B -o -pl bench -am install -DskipTests
 * ./mvnw -q -B -o -pl bench org.codehaus.mojo:exec-maven-plugin:3.5.1:exec -Dexec.executable=java \
 *   -Dexec.args="-Xmx1g -cp %classpath org.dnregistry.bench.IngestBench --clients 8 --seconds 20"
 * </pre>
 * Options: {@code [--clients 8] [--batch-clients 4] [--seconds 20] [--import-lines 1000000]
 * [--importer-heap 128m] [--bootstrap HOST:PORT --registry URL]} (the last two: an existing broker and registry).
 */
public final class IngestBench {
  private static final String CLINIC_TOKEN = "bench-clinic-token-0123456789";
  private static final Duration WARMUP = Duration.ofSeconds(5);

  private IngestBench() {}

  /** The figures of one load phase. */
  record Phase(String name, int clients, long requests, long events, long refused, double seconds,
               long p50Micros, long p99Micros, long maxMicros) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    quietLogging();
    Map<String, String> o = options(args);
    int clients = Integer.parseInt(o.getOrDefault("clients", "8"));
    int batchClients = Integer.parseInt(o.getOrDefault("batch-clients", "4"));
    Duration measure = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "20")));
    int importLines = Integer.parseInt(o.getOrDefault("import-lines", "1000000"));
    String importerHeap = o.getOrDefault("importer-heap", "128m");

    Path work = Files.createTempDirectory("ingest-bench-");
    LocalStack stack = null;
    IngestApplication app = null;
    try {
      String bootstrap = o.get("bootstrap");
      String registry = o.get("registry");
      if (bootstrap == null) {
        stack = LocalStack.start(work.resolve("stack"));
        bootstrap = stack.bootstrapServers();
        registry = stack.schemaRegistryUrl();
      }
      TopicSetup.createTopics(bootstrap, 3, (short) 1);
      Path tokens = Files.writeString(work.resolve("tokens.json"), "{\"tokens\": [{\"token\": \"" + CLINIC_TOKEN
          + "\", \"role\": \"clinic\", \"clinicId\": \"BENCH\"}]}");
      var settings = new HashMap<String, String>(Map.of(
          "kafka.bootstrap.servers", bootstrap,
          "schema.registry.url", registry,
          IngestConfig.HOST, "127.0.0.1",
          IngestConfig.PORT, "0",
          IngestConfig.TOKENS_FILE, tokens.toString(),
          IngestConfig.MODE, "local",
          IngestConfig.DATA_DIR, work.resolve("ingest").toString()));
      app = IngestApplication.start(Settings.of(settings));
      URI events = app.url().resolve("/v1/events");
      awaitReady(app.url().resolve("/health"));

      System.out.printf(Locale.ROOT, "IngestBench: Java %s, %d cores, gateway heap max %d MiB, broker %s, "
              + "registry %s%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20, bootstrap, registry);

      var sequence = new AtomicLong();
      Phase single = closedLoop("single-event POST", events, clients, measure, "application/json",
          i -> session("s" + sequence.incrementAndGet()), 1);
      Phase batch = closedLoop("1,000-event NDJSON POST", events, batchClients, measure, "application/x-ndjson",
          i -> {
            var sb = new StringBuilder(400_000);
            for (int e = 0; e < 1000; e++) {
              sb.append(session("b" + sequence.incrementAndGet())).append('\n');
            }
            return sb.toString();
          }, 1000);
      print(single);
      print(batch);

      Path file = work.resolve("events.ndjson");
      long bytes = generate(file, importLines);
      System.out.printf(Locale.ROOT, "import: %,d lines, %.1f MiB generated in %s%n", importLines,
          bytes / 1048576.0, file);
      importRun(app.url(), file, importerHeap);
    } finally {
      if (app != null) {
        app.close();
      }
      if (stack != null) {
        stack.close();
      }
      deleteRecursively(work);
    }
  }

  static String session(String id) {
    return "{\"type\":\"session\",\"sessionId\":\"" + id + "\",\"episodeId\":\"E" + (id.hashCode() & 1023)
        + "\",\"clinicId\":\"BENCH\",\"practitionerId\":\"P7\",\"occurredAt\":\"2025-03-02T09:30:00Z\","
        + "\"modality\":\"DRY_NEEDLING\",\"needleCount\":6,\"needleDiameterMm\":0.30,\"needleLengthMm\":30,"
        + "\"durationMinutes\":30,\"twitchResponse\":true,\"regions\":[\"upper trapezius\",\"levator scapulae\"],"
        + "\"cointerventions\":[\"EXERCISE\"]}";
  }

  static Phase closedLoop(String name, URI endpoint, int clients, Duration measure, String contentType,
                          IntFunction<String> body, int eventsPerRequest) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long warmupEnd = System.nanoTime() + WARMUP.toNanos();
    long end = warmupEnd + measure.toNanos();
    var futures = new ArrayList<Future<long[]>>();
    var refused = new AtomicLong();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1024];
        int n = 0;
        int i = 0;
        while (true) {
          String b = body.apply(i++);
          long t0 = System.nanoTime();
          if (t0 >= end) {
            break;
          }
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + CLINIC_TOKEN).header("Content-Type", contentType)
              .POST(HttpRequest.BodyPublishers.ofString(b)).build(), HttpResponse.BodyHandlers.discarding());
          long t1 = System.nanoTime();
          if (t0 < warmupEnd || t1 > end) {
            continue;
          }
          if (r.statusCode() != 202) {
            refused.incrementAndGet();
            continue;
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
          }
          latencies[n++] = t1 - t0;
        }
        return Arrays.copyOf(latencies, n);
      }));
    }
    long[] all = new long[0];
    for (var f : futures) {
      long[] l = f.get();
      long[] merged = Arrays.copyOf(all, all.length + l.length);
      System.arraycopy(l, 0, merged, all.length, l.length);
      all = merged;
    }
    pool.shutdown();
    Arrays.sort(all);
    double seconds = measure.toNanos() / 1e9;
    return new Phase(name, clients, all.length, (long) all.length * eventsPerRequest, refused.get(), seconds,
        percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000, all.length == 0 ? 0 : all[all.length - 1] / 1000);
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static void print(Phase p) {
    System.out.printf(Locale.ROOT, "%-24s %2d clients: %,9.0f events/s (%,7.0f requests/s), latency p50 %,7.1f ms,"
            + " p99 %,7.1f ms, max %,7.1f ms; %,d requests in %.0f s, %d not accepted%n",
        p.name(), p.clients(), p.eventsPerSecond(), p.requestsPerSecond(), p.p50Micros() / 1000.0,
        p.p99Micros() / 1000.0, p.maxMicros() / 1000.0, p.requests(), p.seconds(), p.refused());
  }

  /** Sessions, with an episode every 10th line and an outcome every 10th: about 350 bytes a line. */
  static long generate(Path file, int lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        if (i % 10 == 0) {
          w.write("{\"type\":\"episode\",\"episodeId\":\"IE" + i + "\",\"clinicId\":\"BENCH\",\"patientId\":\"MRN-"
              + i + "\",\"indication\":\"NECK_PAIN\",\"chronicity\":\"CHRONIC\",\"startDate\":\"2025-03-01\","
              + "\"priorCare\":[\"HEAT\",\"EXERCISE\"],\"plannedSessions\":12}");
        } else if (i % 10 == 5) {
          w.write("{\"type\":\"outcome\",\"episodeId\":\"IE" + (i - 5) + "\",\"clinicId\":\"BENCH\","
              + "\"instrument\":\"NDI\",\"timepoint\":\"BASELINE\",\"score\":" + (i % 50) + ".5,"
              + "\"recordedAt\":\"2025-03-02T09:00:00Z\"}");
        } else {
          w.write(session("i" + i));
        }
        w.write('\n');
      }
    }
    return Files.size(file);
  }

  /** Runs the importer in a child JVM with a small heap and prints its figures. */
  static void importRun(URI gateway, Path file, String heap) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        ImportRun.class.getName(), "--url", gateway.toString(), "--token", CLINIC_TOKEN, "--batch", "1000",
        "--quiet", file.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    String summary = null;
    try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("IMPORT_RESULT")) {
          result = line;
        } else if (line.startsWith("imported")) {
          summary = line;
        } else if (!line.isBlank()) {
          System.out.println("  importer: " + line);
        }
      }
    }
    int exit = p.waitFor();
    System.out.println("import (child JVM, -Xmx" + heap + "): " + summary);
    System.out.println("import memory: " + result + " (exit " + exit + ")");
  }

  static void awaitReady(URI health) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the gateway was not ready within 120 s");
      }
      Thread.sleep(250);
    }
  }

  /**
   * Logback without a configuration logs everything at DEBUG; and one access-log line per request would measure
   * the console, not the gateway.
   */
  private static void quietLogging() {
    var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
    context.getLogger("org.apache.kafka").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("io.javalin").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("org.dnregistry.ingest.access").setLevel(ch.qos.logback.classic.Level.WARN);
  }

  private static Map<String, String> options(String[] args) {
    var o = new HashMap<String, String>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
