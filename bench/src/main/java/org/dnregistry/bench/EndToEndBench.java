package org.dnregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.AppInfoParser;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.ingest.IngestConfig;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.streams.StreamsNode;

/**
 * The registry end to end on one local broker and registry: the real ingest gateway (HTTP, clinic tokens,
 * transactional writes) and the real streams node (exactly-once, RocksDB, changelogs, query API), figures read
 * through the query API as a dashboard reads them. Prints:
 * <ol>
 *   <li>a year of a clinic network's history (about 126,000 events, {@link NetworkYear}) sent as NDJSON batches by
 *       several concurrent clients: events/s from the first POST until the network's figures for window=all
 *       (sessions, adverse events) equal what was sent;</li>
 *   <li>under a steady background load (default 1,000 events/s): latency from ingest's 202 for a new session of a
 *       known episode until /v1/complications counts it, p50/p99;</li>
 *   <li>under the same load: latency from ingest's 202 for a serious PNEUMOTHORAX until its SENTINEL alert is in
 *       /v1/alerts, p50/p99, split at the alert's raisedAt (the moment the episode task processed the event);</li>
 *   <li>with streams stopped, the same history through ingest alone (the reference for 1).</li>
 * </ol>
 * Probes wait a random 0-250 ms before each send so that they do not ride the phase of the publish punctuation or
 * the commit. Every wait is bounded; everything started is stopped. Run it with a real classpath (broker and
 * registry are child JVMs on it):
 * <pre>
 * ./mvnw -q -B -o -pl bench -am install -DskipTests
 * ./mvnw -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx2g -cp bench/target/classes:"$(cat cp.txt)" org.dnregistry.bench.EndToEndBench
 * </pre>
 * Options: {@code [--clinics 28] [--days 365] [--clients 4] [--batch 500] [--probes 200] [--probe-threads 2]
 * [--background 1000] [--seed 7]}; any {@code --streams.* value}, {@code --query.* value} or
 * {@code --kafka.* value} is passed to the streams node (e.g. {@code --streams.commit.interval.ms 100}).
 */
public final class EndToEndBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
  private static final Duration FIGURES_DEADLINE = Duration.ofMinutes(20);
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(60);
  private static final Duration STEADY = Duration.ofSeconds(2);
  private static final int STEADY_RUN = 10;
  private static final Duration WARM_UP_DEADLINE = Duration.ofMinutes(3);
  /** Probe numbers of the warm-up: apart from the measured ones. */
  private static final int WARM_UP_FIRST = 100_000;
  private static final List<String> SESSION_PROBE_CLINICS = List.of("PS1", "PS2", "PS3", "PS4");
  private static final List<String> SENTINEL_PROBE_CLINICS = List.of("PA1", "PA2", "PA3", "PA4");

  /** -Dbench.trace=true: every probe's latencies as it completes. */
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private URI ingest;
  private URI query;

  private EndToEndBench() {}

  public static void main(String[] args) throws Exception {
    quietLogging();
    Map<String, String> o = options(args);
    new EndToEndBench().run(o);
  }

  private void run(Map<String, String> o) throws Exception {
    int clinics = Integer.parseInt(o.getOrDefault("clinics", "28"));
    int days = Integer.parseInt(o.getOrDefault("days", "365"));
    int clients = Integer.parseInt(o.getOrDefault("clients", "4"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
    int probes = Integer.parseInt(o.getOrDefault("probes", "200"));
    int probeThreads = Math.min(SESSION_PROBE_CLINICS.size(), Integer.parseInt(o.getOrDefault("probe-threads", "2")));
    double background = Double.parseDouble(o.getOrDefault("background", "1000"));
    long seed = Long.parseLong(o.getOrDefault("seed", "7"));
    var streamsOverrides = new HashMap<String, String>();
    o.forEach((k, v) -> {
      if (k.startsWith("streams.") || k.startsWith("query.") || k.startsWith("kafka.")) {
        streamsOverrides.put(k, v);
      }
    });

    header(o, streamsOverrides);
    Path work = Files.createTempDirectory("end-to-end-bench-");
    var year = new NetworkYear(seed, clinics);
    var probeClinics = new ArrayList<>(SESSION_PROBE_CLINICS);
    probeClinics.addAll(SENTINEL_PROBE_CLINICS);
    Map<String, String> clinicTokens = new HashMap<>();
    for (String c : year.clinicIds()) {
      clinicTokens.put(c, "bench-clinic-" + c + "-0123456789");
    }
    for (String c : probeClinics) {
      clinicTokens.put(c, "bench-clinic-" + c + "-0123456789");
    }
    Path tokens = writeTokens(work.resolve("tokens.json"), clinicTokens);

    LocalStack stack = null;
    IngestApplication gateway = null;
    StreamsNode node = null;
    try {
      stack = LocalStack.start(work.resolve("stack"));
      TopicSetup.createTopics(stack.bootstrapServers(), 3, (short) 1);
      gateway = IngestApplication.start(Settings.of(Map.of(
          "kafka.bootstrap.servers", stack.bootstrapServers(),
          "schema.registry.url", stack.schemaRegistryUrl(),
          IngestConfig.HOST, "127.0.0.1",
          IngestConfig.PORT, "0",
          IngestConfig.TOKENS_FILE, tokens.toString(),
          IngestConfig.MODE, "local",
          IngestConfig.DATA_DIR, work.resolve("ingest").toString())));
      ingest = gateway.url();
      IngestBench.awaitReady(ingest.resolve("/health"));
      var streamsSettings = new HashMap<String, String>(Map.of(
          "kafka.bootstrap.servers", stack.bootstrapServers(),
          "schema.registry.url", stack.schemaRegistryUrl(),
          "streams.state.dir", work.resolve("state").toString(),
          "query.internal.token", "bench-internal-token-0123456789"));
      streamsSettings.putAll(streamsOverrides);
      node = StreamsNode.start(Settings.of(streamsSettings), Tokens.load(tokens), 0);
      query = node.url();

      // Reference data and the probes' episodes first: the measured loads find a running registry.
      post(ADMIN_TOKEN, "application/x-ndjson", year.referenceData(probeClinics));
      Instant episodeStart = Instant.now().minus(30, ChronoUnit.DAYS);
      for (String c : probeClinics) {
        post(clinicTokens.get(c), "application/json", probeEpisode(c, episodeStart));
      }
      awaitClinics(clinics + probeClinics.size());
      System.out.printf(Locale.ROOT, "ready: gateway %s, query API %s; %s%n", ingest, query, load());

      List<NetworkYear.Batch> history = year.history(days, Instant.now().minus(1, ChronoUnit.HOURS), batch);
      loadOfHistory(history, clients, clinicTokens);

      var backgroundLoad = new Background(year, clinics, background, clinicTokens);
      backgroundLoad.start();
      try {
        Thread.sleep(5000); // let the background load settle into its rate
        sessionLatency(probes, probeThreads, clinicTokens);
        sentinelLatency(probes, probeThreads, clinicTokens);
      } finally {
        backgroundLoad.stop();
      }

      node.close();
      node = null;
      ingestOnly(history, clients, clinicTokens);
    } finally {
      if (node != null) {
        node.close();
      }
      if (gateway != null) {
        gateway.close();
      }
      if (stack != null) {
        stack.close();
      }
      deleteRecursively(work);
    }
  }

  // ------------------------------------------------------------------------------------------------ the phases

  /** Phase 1: the history through ingest, until the network's figures for window=all equal what was sent. */
  private void loadOfHistory(List<NetworkYear.Batch> history, int clients, Map<String, String> tokens)
      throws Exception {
    long events = history.stream().mapToLong(NetworkYear.Batch::events).sum();
    long sessions = history.stream().mapToLong(NetworkYear.Batch::sessions).sum();
    long adverse = history.stream().mapToLong(NetworkYear.Batch::adverseEvents).sum();
    System.out.printf(Locale.ROOT, "%n[1] history: %,d events (%,d sessions, %,d adverse events) in %,d NDJSON bodies"
        + " of <= %d events, %d concurrent clients; %s%n", events, sessions, adverse, history.size(),
        history.get(0).events(), clients, load());
    long t0 = System.nanoTime();
    Future<Long> sent = sendAll(history, clients, tokens);
    String last = "";
    long lastPrint = t0;
    long deadline = t0 + FIGURES_DEADLINE.toNanos();
    long ingestDone = 0;
    long unavailable = 0;
    while (true) {
      if (ingestDone == 0 && sent.isDone()) {
        sent.get();
        ingestDone = System.nanoTime();
      }
      long[] now = networkFigures();
      long at = System.nanoTime();
      if (now == null) {
        unavailable++;
      } else {
        last = String.format(Locale.ROOT, "%,d/%,d sessions, %,d/%,d adverse events", now[0], sessions, now[1],
            adverse);
        if (ingestDone != 0 && now[0] == sessions && now[1] == adverse) {
          double total = (at - t0) / 1e9;
          double ingestSeconds = (ingestDone - t0) / 1e9;
          System.out.printf(Locale.ROOT, "[1] every figure current %.1f s after the first POST: %,.0f events/s end to"
                  + " end (ingest answered its last 202 after %.1f s: %,.0f events/s while streams ran; figures"
                  + " current %.1f s later); counted %s; %s%n", total, events / total, ingestSeconds,
              events / ingestSeconds, total - ingestSeconds, last, load());
          return;
        }
      }
      if (at - lastPrint > 5_000_000_000L) {
        lastPrint = at;
        // 503s: the query API's answer while the instance rebalances or restores (the figures stand still then).
        System.out.printf(Locale.ROOT, "    %.0f s: %s%s, %d answers 503 so far%n", (at - t0) / 1e9, last,
            ingestDone == 0 ? "" : " (ingest done)", unavailable);
      }
      if (at > deadline) {
        throw new IllegalStateException("figures not current within " + FIGURES_DEADLINE + ": " + last);
      }
      Thread.sleep(50);
    }
  }

  /** Phase 4: the same bodies through ingest with streams stopped. */
  private void ingestOnly(List<NetworkYear.Batch> history, int clients, Map<String, String> tokens) throws Exception {
    long events = history.stream().mapToLong(NetworkYear.Batch::events).sum();
    String before = load();
    long t0 = System.nanoTime();
    sendAll(history, clients, tokens).get(FIGURES_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "%n[4] ingest only (streams stopped), the same %,d events, %d clients: %.1f s,"
        + " %,.0f events/s; %s at start, %s at end%n", events, clients, seconds, events / seconds, before, load());
  }

  /** Phase 2: a new session of a known episode, from ingest's 202 until the clinic's figures count it. */
  private void sessionLatency(int probes, int threads, Map<String, String> tokens)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n[2] session -> /v1/complications: %d probes from %d clinics under background"
        + " load; %s%n", probes, threads, load());
    String loadBefore = load();
    var samples = probe(probes, threads, SESSION_PROBE_CLINICS, (clinic, i) -> {
      String token = tokens.get(clinic);
      String figures = "/v1/complications?scope=clinic:" + clinic + "&window=all&asOf=" + today();
      // One probe of a clinic at a time, each waited for: the count before it is exact.
      long before = get(figures).path("rows").path(0).path("sessions").asLong();
      String body = probeSession(clinic, i, Instant.now().minusSeconds(1));
      long t202 = post(token, "application/json", body);
      while (true) {
        JsonNode f = get(figures);
        long at = System.nanoTime();
        if (f != null && f.path("rows").path(0).path("sessions").asLong() > before) {
          return new long[] {at - t202};
        }
        deadline(t202, clinic);
        Thread.sleep(5);
      }
    });
    print("[2] session 202 -> counted in /v1/complications", samples, 0, loadBefore);
  }

  /** Phase 3: a serious PNEUMOTHORAX, from ingest's 202 until its SENTINEL alert is in /v1/alerts. */
  private void sentinelLatency(int probes, int threads, Map<String, String> tokens)
      throws Exception {
    System.out.printf(Locale.ROOT, "%n[3] serious PNEUMOTHORAX -> SENTINEL in /v1/alerts: %d probes from %d clinics"
        + " under background load; %s%n", probes, threads, load());
    String loadBefore = load();
    var samples = probe(probes, threads, SENTINEL_PROBE_CLINICS, (clinic, i) -> {
      String token = tokens.get(clinic);
      Instant at = Instant.now().minusSeconds(1);
      String adverseEventId = clinic + "-AE" + i;
      String body = probeSession(clinic, i, at) + "\n" + probeAdverseEvent(clinic, i, adverseEventId, at) + "\n";
      Instant since = Instant.now().minusSeconds(5);
      long t202 = post(token, "application/x-ndjson", body);
      long wall202 = System.currentTimeMillis() - (System.nanoTime() - t202) / 1_000_000;
      while (true) {
        JsonNode alerts = get("/v1/alerts?since=" + since);
        long visible = System.nanoTime();
        if (alerts != null) {
          for (JsonNode a : alerts.path("alerts")) {
            if (adverseEventId.equals(a.path("adverseEventId").asText())
                && "SENTINEL".equals(a.path("kind").asText())) {
              long raised = raisedAtMillis(a.get("raisedAt"));
              return new long[] {visible - t202, (raised - wall202) * 1_000_000};
            }
          }
        }
        deadline(t202, clinic);
        Thread.sleep(5);
      }
    });
    print("[3] sentinel 202 -> in /v1/alerts", samples, 0, loadBefore);
    print("    of which 202 -> raised by the episode task (alert's raisedAt)", samples, 1, loadBefore);
    var rest = new ArrayList<long[]>();
    samples.forEach(s -> rest.add(new long[] {s[0] - s[1]}));
    print("    of which raised -> visible (commit, global alerts store)", rest, 0, loadBefore);
  }

  @FunctionalInterface
  private interface Probe {
    /** Sends probe {@code i} of {@code clinic} and returns its latencies in nanoseconds once it is visible. */
    long[] run(String clinic, int i) throws Exception;
  }

  private List<long[]> probe(int probes, int threads, List<String> clinics, Probe probe) throws Exception {
    warmUp(clinics.get(0), probe);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    var all = Collections.synchronizedList(new ArrayList<long[]>());
    try {
      var futures = new ArrayList<Future<?>>();
      for (int t = 0; t < threads; t++) {
        String clinic = clinics.get(t);
        int count = probes / threads + (t < probes % threads ? 1 : 0);
        var random = new Random(t);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < count; i++) {
            Thread.sleep(random.nextInt(250));
            long[] sample = probe.run(clinic, i);
            all.add(sample);
            if (TRACE) {
              System.out.printf(Locale.ROOT, "    probe %s %d: %s ms%n", clinic, i, java.util.Arrays.toString(
                  java.util.Arrays.stream(sample).map(ns -> ns / 1_000_000).toArray()));
            }
          }
          return null;
        }));
      }
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return all;
  }

  /**
   * Steady state only: when the background load begins, streams needs a while (JIT, stores, caches) before it keeps
   * up with it, and probes sent meanwhile measure that catching up. Probes from one clinic (numbered after the
   * measured ones, so they count apart) until {@link #STEADY_RUN} in a row are visible within {@link #STEADY}.
   */
  private void warmUp(String clinic, Probe probe) throws Exception {
    long t0 = System.nanoTime();
    int inRow = 0;
    int sent = 0;
    while (inRow < STEADY_RUN) {
      if (System.nanoTime() - t0 > WARM_UP_DEADLINE.toNanos()) {
        System.out.printf(Locale.ROOT, "    warm-up: %d probes in %.0f s and still not %d in a row within %d ms:"
            + " measuring anyway (the figures below include catching up)%n", sent, (System.nanoTime() - t0) / 1e9,
            STEADY_RUN, STEADY.toMillis());
        return;
      }
      long[] sample = probe.run(clinic, WARM_UP_FIRST + sent++);
      inRow = sample[0] <= STEADY.toNanos() ? inRow + 1 : 0;
    }
    System.out.printf(Locale.ROOT, "    warm-up: %d probes in %.0f s until %d in a row were visible within %d ms%n",
        sent, (System.nanoTime() - t0) / 1e9, STEADY_RUN, STEADY.toMillis());
  }

  private static void deadline(long t202, String clinic) {
    if (System.nanoTime() - t202 > PROBE_DEADLINE.toNanos()) {
      throw new IllegalStateException("probe of " + clinic + " not visible within " + PROBE_DEADLINE);
    }
  }

  private static void print(String what, List<long[]> samples, int column, String loadBefore) {
    long[] ns = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
    double mean = java.util.Arrays.stream(ns).average().orElse(0) / 1e6;
    System.out.printf(Locale.ROOT, "%s: n=%d, p50 %,.0f ms, p90 %,.0f ms, p99 %,.0f ms, max %,.0f ms, mean %,.0f ms;"
            + " %s at start, %s at end%n", what, ns.length, IngestBench.percentile(ns, 0.50) / 1e6,
        IngestBench.percentile(ns, 0.90) / 1e6, IngestBench.percentile(ns, 0.99) / 1e6,
        ns.length == 0 ? 0 : ns[ns.length - 1] / 1e6, mean, loadBefore, load());
  }

  /** A steady load of live events from the network's clinics, open loop at {@code rate} events/s. */
  private final class Background {
    private final NetworkYear year;
    private final int clinics;
    private final double rate;
    private final Map<String, String> tokens;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private Thread thread;
    private long started;

    Background(NetworkYear year, int clinics, double rate, Map<String, String> tokens) {
      this.year = year;
      this.clinics = clinics;
      this.rate = rate;
      this.tokens = tokens;
    }

    void start() {
      started = System.nanoTime();
      thread = new Thread(() -> {
        int c = 0;
        try {
          while (running.get()) {
            // Ten bodies a second of about rate/10 events each; behind schedule it sends at once.
            long due = started + (long) (sent.get() / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            NetworkYear.Batch b = year.live(c, (int) Math.max(1, rate / 10), Instant.now().minusSeconds(60));
            post(tokens.get(b.clinicId()), "application/x-ndjson", b.body());
            sent.addAndGet(b.events());
            c = (c + 1) % clinics;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          System.out.println("background load failed: " + e);
        }
      }, "background-load");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "%nbackground load: %,d events in %.0f s, %,.0f events/s%n", sent.get(),
          seconds, sent.get() / seconds);
    }
  }

  // ------------------------------------------------------------------------------------------------- ingest JSON

  private static String probeEpisode(String clinic, Instant start) {
    return "{\"type\":\"episode\",\"episodeId\":\"" + clinic + "-E\",\"clinicId\":\"" + clinic
        + "\",\"patientId\":\"MRN-" + clinic + "\",\"indication\":\"NECK_PAIN\",\"chronicity\":\"CHRONIC\","
        + "\"startDate\":\"" + LocalDate.ofInstant(start, ZoneOffset.UTC) + "\",\"priorCare\":[\"HEAT\"],"
        + "\"plannedSessions\":12}";
  }

  private static String probeSession(String clinic, int i, Instant at) {
    return "{\"type\":\"session\",\"sessionId\":\"" + clinic + "-S" + i + "\",\"episodeId\":\"" + clinic
        + "-E\",\"clinicId\":\"" + clinic + "\",\"practitionerId\":\"" + NetworkYear.practitioner(clinic, 1)
        + "\",\"occurredAt\":\"" + at + "\",\"modality\":\"DRY_NEEDLING\",\"needleCount\":4,"
        + "\"needleDiameterMm\":0.30,\"needleLengthMm\":30,\"durationMinutes\":20,\"twitchResponse\":true,"
        + "\"cointerventions\":[\"EXERCISE\"]}";
  }

  private static String probeAdverseEvent(String clinic, int i, String id, Instant at) {
    return "{\"type\":\"adverse_event\",\"adverseEventId\":\"" + id + "\",\"sessionId\":\"" + clinic + "-S" + i
        + "\",\"episodeId\":\"" + clinic + "-E\",\"clinicId\":\"" + clinic + "\",\"category\":\"PNEUMOTHORAX\","
        + "\"severity\":\"SEVERE\",\"onsetAt\":\"" + at + "\",\"serious\":true}";
  }

  // ---------------------------------------------------------------------------------------------------- HTTP

  /** Sends every body with {@code clients} concurrent clients; the future completes with the events sent. */
  private Future<Long> sendAll(List<NetworkYear.Batch> batches, int clients, Map<String, String> tokens) {
    ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
    var next = new AtomicInteger();
    var events = new AtomicLong();
    var workers = new ArrayList<Future<?>>();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < batches.size(); ) {
          var b = batches.get(i);
          post(tokens.get(b.clinicId()), "application/x-ndjson", b.body());
          events.addAndGet(b.events());
        }
        return null;
      }));
    }
    Future<Long> all = pool.submit(() -> {
      for (var w : workers) {
        w.get();
      }
      return events.get();
    });
    pool.shutdown();
    return all;
  }

  /** POSTs and returns System.nanoTime() at the 202; retries a 503 (gateway busy) as a client should. */
  private long post(String token, String contentType, String body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(ingest.resolve("/v1/events")).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long at = System.nanoTime();
      if (r.statusCode() == 202) {
        return at;
      }
      if (r.statusCode() != 503 || attempt >= 30) {
        String text = r.body();
        throw new IllegalStateException("ingest answered " + r.statusCode() + ": "
            + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
      }
      Thread.sleep(200);
    }
  }

  /** The query API's answer with the admin token; null while it answers 503 (starting, rebalancing). */
  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    var r = http.send(HttpRequest.newBuilder(query.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 503) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Network sessions and adverse events (ANY_MINOR + SERIOUS) for window=all; null while not ready. */
  private long[] networkFigures() throws IOException, InterruptedException {
    JsonNode f = get("/v1/complications?scope=network&window=all&asOf=" + today());
    if (f == null) {
      return null;
    }
    long sessions = f.path("rows").path(0).path("sessions").asLong();
    long events = 0;
    for (JsonNode row : f.path("rows")) {
      String category = row.path("category").asText();
      if (category.equals("ANY_MINOR") || category.equals("SERIOUS")) {
        events += row.path("events").asLong();
      }
    }
    return new long[] {sessions, events};
  }

  private void awaitClinics(int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      JsonNode c = get("/v1/clinics");
      if (c != null && c.path("clinics").size() >= expected) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams did not list " + expected + " clinics within 5 minutes: " + c);
      }
      Thread.sleep(250);
    }
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static long raisedAtMillis(JsonNode at) {
    return at.isNumber() ? at.asLong() : Instant.parse(at.asText()).toEpochMilli();
  }

  // ------------------------------------------------------------------------------------------------- printing

  private static void header(Map<String, String> o, Map<String, String> streamsOverrides) {
    var runtime = ManagementFactory.getRuntimeMXBean();
    System.out.printf(Locale.ROOT, "EndToEndBench: Java %s, %d cores, Kafka %s (clients, streams and the broker:"
            + " the same jars), %s%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        AppInfoParser.getVersion(), load());
    System.out.println("bench JVM (gateway and streams in-process): " + String.join(" ", runtime.getInputArguments())
        + "; heap max " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; GC "
        + String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList()));
    System.out.println("broker JVM: -Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC then "
        + System.getProperty("dnregistry.broker.jvm.options", "(nothing added)"));
    System.out.println("options: " + o + "; streams settings given: " + streamsOverrides
        + " (others: the application's defaults)");
    System.out.println("command: java " + String.join(" ", runtime.getInputArguments()) + " -cp <bench classpath> "
        + EndToEndBench.class.getName() + " " + String.join(" ", o.entrySet().stream()
        .map(e -> "--" + e.getKey() + " " + e.getValue()).toList()));
  }

  /** The 1, 5 and 15 minute load averages of the machine. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
      return "load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "load average %.2f",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** Logback without a configuration logs at DEBUG; the console would be measured, not the registry. */
  private static void quietLogging() {
    var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
    context.getLogger("org.apache.kafka").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("io.javalin").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("org.dnregistry.ingest.access").setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("org.dnregistry.streams.http").setLevel(ch.qos.logback.classic.Level.WARN);
  }

  private static Path writeTokens(Path file, Map<String, String> clinicTokens) throws IOException {
    var sb = new StringBuilder("{\"tokens\": [{\"token\": \"" + ADMIN_TOKEN + "\", \"role\": \"admin\"}");
    clinicTokens.forEach((clinic, token) -> sb.append(",\n{\"token\": \"").append(token)
        .append("\", \"role\": \"clinic\", \"clinicId\": \"").append(clinic).append("\"}"));
    return Files.writeString(file, sb.append("]}").toString());
  }

  private static Map<String, String> options(String[] args) {
    var o = new java.util.LinkedHashMap<String, String>();
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
