package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients of one clinic posting NDJSON batches (an episode and its dry needling sessions) as a clinic's system
 * would: a batch that was not answered 202 (503, a refused connection, a timeout) is sent again, the same events,
 * until it is. Remembers every session the gateway acknowledged; a batch in flight when the load stops is not.
 */
final class SessionLoad implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicReference<URI> gateway;
  private final String clinicId;
  private final String token;
  private final String prefix;
  private final int sessionsPerBatch;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger batches = new AtomicInteger();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();

  SessionLoad(URI gateway, String clinicId, String token, String prefix, int clients, int sessionsPerBatch) {
    this.gateway = new AtomicReference<>(gateway);
    this.clinicId = clinicId;
    this.token = token;
    this.prefix = prefix;
    this.sessionsPerBatch = sessionsPerBatch;
    for (int i = 0; i < clients; i++) {
      var t = new Thread(this::run, "load-" + prefix + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Where the clients post from now on (a restarted gateway may listen elsewhere). */
  void redirect(URI newGateway) {
    gateway.set(newGateway);
  }

  /** The session ids answered 202 so far. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** How often each answer came: {@code 202}, {@code 503}, {@code transport error}, ... */
  Map<String, Integer> statuses() {
    var out = new java.util.TreeMap<String, Integer>();
    statuses.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  void awaitAcknowledged(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acknowledged.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(n + " acknowledged sessions within " + timeout + "; answers so far " + statuses());
      }
      Thread.sleep(100);
    }
  }

  private void run() {
    while (running.get()) {
      int b = batches.incrementAndGet();
      String episodeId = prefix + "-e" + b;
      var ids = new ArrayList<String>();
      var body = new StringBuilder(episode(episodeId).toString()).append('\n');
      for (int s = 0; s < sessionsPerBatch; s++) {
        String id = prefix + "-s" + b + "-" + s;
        ids.add(id);
        body.append(session(id, episodeId)).append('\n');
      }
      while (running.get()) {
        String answer = post(body.toString());
        statuses.computeIfAbsent(answer, k -> new AtomicInteger()).incrementAndGet();
        if (answer.equals("202")) {
          acknowledged.addAll(ids);
          break;
        }
        pause(200);
      }
    }
  }

  private String post(String body) {
    var request = HttpRequest.newBuilder(gateway.get().resolve("/v1/events")).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      return Integer.toString(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return "transport error";
    }
  }

  private ObjectNode episode(String episodeId) {
    var e = JSON.createObjectNode().put("type", "episode").put("episodeId", episodeId).put("clinicId", clinicId)
        .put("patientId", "patient-" + episodeId).put("indication", "NECK_PAIN").put("chronicity", "CHRONIC")
        .put("startDate", today().minusDays(30).toString()).put("etiology", "MYOFASCIAL").put("plannedSessions", 6);
    e.putArray("priorCare").add("EXERCISE");
    return e;
  }

  private ObjectNode session(String sessionId, String episodeId) {
    var s = JSON.createObjectNode().put("type", "session").put("sessionId", sessionId).put("episodeId", episodeId)
        .put("clinicId", clinicId).put("practitionerId", "P-" + clinicId)
        .put("occurredAt", today().minusDays(5) + "T09:30:00Z").put("modality", "DRY_NEEDLING")
        .put("needleCount", 4).put("needleDiameterMm", 0.3).put("needleLengthMm", 30).put("durationMinutes", 30)
        .put("ultrasoundGuided", false).put("twitchResponse", true);
    s.putArray("regions").add("upper trapezius");
    s.putArray("cointerventions").add("EXERCISE");
    return s;
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the clients; a batch still unanswered stays unacknowledged. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
