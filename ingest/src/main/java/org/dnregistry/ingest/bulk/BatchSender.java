package org.dnregistry.ingest.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends batches of events to the gateway as NDJSON and deals with every answer: a 422 drops the lines it names
 * (into the error report) and re-sends the rest; a 413 splits the batch; a 503 waits for Retry-After and tries
 * again; a refused token stops the import. Re-sending is always safe: events are upserts by natural id.
 */
final class BatchSender {
  /** Sleeping is injectable so tests need not wait for Retry-After. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  static final int MAX_NETWORK_ATTEMPTS = 6;

  private final HttpClient client;
  private final URI endpoint;
  private final String token;
  private final ErrorReport report;
  private final Sleeper sleeper;
  private final Duration maxWait;
  private long accepted;
  private long rejected;
  private long requests;

  BatchSender(HttpClient client, URI endpoint, String token, ErrorReport report, Sleeper sleeper, Duration maxWait) {
    this.client = client;
    this.endpoint = endpoint;
    this.token = token;
    this.report = report;
    this.sleeper = sleeper;
    this.maxWait = maxWait;
  }

  long accepted() {
    return accepted;
  }

  long rejected() {
    return rejected;
  }

  long requests() {
    return requests;
  }

  void send(List<SourceLine> batch) throws ImportStopped {
    Deque<List<SourceLine>> work = new ArrayDeque<>();
    work.push(batch);
    while (!work.isEmpty()) {
      List<SourceLine> chunk = work.pop();
      if (chunk.isEmpty()) {
        continue;
      }
      HttpResponse<String> r = post(chunk);
      switch (r.statusCode()) {
        case 200, 201, 202 -> accepted += chunk.size();
        case 422 -> work.push(dropInvalid(chunk, body(r)));
        case 400 -> work.push(dropUnparseable(chunk, body(r)));
        case 413 -> {
          if (chunk.size() == 1) {
            reject(chunk.get(0), null, "the event is larger than the gateway's body limit");
          } else {
            int half = chunk.size() / 2;
            work.push(chunk.subList(half, chunk.size()));
            work.push(chunk.subList(0, half));
          }
        }
        case 401 -> throw new ImportStopped("the gateway refused the token (401): " + message(r)
            + ". Check --token; nothing more was sent.");
        case 403 -> throw new ImportStopped("the token may not write these events (403): " + message(r)
            + firstError(body(r)) + ". A clinic token writes only its own clinic's clinical events; reference data "
            + "(clinic, practitioner, baseline) needs an admin token. Nothing from " + describe(chunk.get(0))
            + " on was imported.");
        default -> throw new ImportStopped("the gateway answered " + r.statusCode() + " (" + message(r)
            + ") at " + describe(chunk.get(0)) + "; is --url the ingest gateway?");
      }
    }
  }

  private List<SourceLine> dropInvalid(List<SourceLine> chunk, JsonNode body) throws ImportStopped {
    Set<Integer> bad = new HashSet<>();
    for (JsonNode e : body.path("errors")) {
      int i = e.path("index").asInt(-1);
      if (i >= 0 && i < chunk.size()) {
        bad.add(i);
        SourceLine l = chunk.get(i);
        report.add(l.file(), l.line(), e.path("field").isTextual() ? e.get("field").asText() : null,
            e.path("message").asText("invalid"));
      }
    }
    if (bad.isEmpty()) {
      throw new ImportStopped("the gateway rejected a batch (422) without naming an event: " + body);
    }
    rejected += bad.size();
    var rest = new ArrayList<SourceLine>(chunk.size() - bad.size());
    for (int i = 0; i < chunk.size(); i++) {
      if (!bad.contains(i)) {
        rest.add(chunk.get(i));
      }
    }
    return rest;
  }

  private List<SourceLine> dropUnparseable(List<SourceLine> chunk, JsonNode body) {
    int line = body.path("line").asInt(-1);
    String message = body.path("message").asText("not JSON");
    if (line >= 1 && line <= chunk.size()) {
      reject(chunk.get(line - 1), null, message);
      var rest = new ArrayList<>(chunk);
      rest.remove(line - 1);
      return rest;
    }
    chunk.forEach(l -> reject(l, null, message));
    return List.of();
  }

  private void reject(SourceLine l, String field, String message) {
    rejected++;
    report.add(l.file(), l.line(), field, message);
  }

  private HttpResponse<String> post(List<SourceLine> chunk) throws ImportStopped {
    var body = new StringBuilder();
    for (SourceLine l : chunk) {
      body.append(l.json()).append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
    long waited = 0;
    int networkFailures = 0;
    while (true) {
      HttpResponse<String> r;
      try {
        requests++;
        r = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (++networkFailures >= MAX_NETWORK_ATTEMPTS) {
          throw new ImportStopped("cannot reach the gateway at " + endpoint + " (" + e + ") after "
              + networkFailures + " attempts");
        }
        sleep(Duration.ofSeconds(1L << Math.min(networkFailures - 1, 4)));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImportStopped("interrupted");
      }
      int status = r.statusCode();
      if (status == 503 || status == 429) {
        Duration wait = retryAfter(r);
        waited += wait.toMillis();
        if (waited > maxWait.toMillis()) {
          throw new ImportStopped("the gateway stayed unavailable (" + status + ": " + message(r) + ") for more than "
              + maxWait.toSeconds() + " s at " + describe(chunk.get(0)));
        }
        sleep(wait);
        continue;
      }
      if (status == 500 || status == 502 || status == 504) {
        if (++networkFailures >= MAX_NETWORK_ATTEMPTS) {
          throw new ImportStopped("the gateway keeps failing (" + status + ": " + message(r) + ") at "
              + describe(chunk.get(0)));
        }
        sleep(Duration.ofSeconds(1L << Math.min(networkFailures - 1, 4)));
        continue;
      }
      return r;
    }
  }

  private void sleep(Duration d) throws ImportStopped {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportStopped("interrupted");
    }
  }

  static Duration retryAfter(HttpResponse<String> r) {
    try {
      long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElse("1").trim());
      return Duration.ofSeconds(Math.max(1, Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static JsonNode body(HttpResponse<String> r) {
    try {
      return NdjsonSource.JSON.readTree(r.body());
    } catch (IOException e) {
      return NdjsonSource.JSON.createObjectNode().put("message", r.body());
    }
  }

  private static String message(HttpResponse<String> r) {
    JsonNode b = body(r);
    String m = b.path("message").asText("");
    if (m.isEmpty()) {
      m = r.body() == null ? "" : r.body();
    }
    return m.length() > 300 ? m.substring(0, 300) + "..." : m;
  }

  private static String firstError(JsonNode body) {
    JsonNode first = body.path("errors").path(0);
    return first.isMissingNode() ? "" : " (first: " + first.path("message").asText() + ")";
  }

  private static String describe(SourceLine l) {
    return l.file() + ":" + l.line();
  }
}
