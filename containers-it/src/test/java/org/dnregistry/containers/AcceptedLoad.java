package org.dnregistry.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dnregistry.simulate.EventSink;

/**
 * Where the simulator's batches go in the fault test: POSTed as NDJSON to the ingest gateways in turn, and
 * recorded only once a gateway answered 202 (REFERENCE section 3: then every event is durably in Kafka). A batch
 * that is refused (503) or whose request fails is sent again, to the next gateway, until it is accepted: events
 * are upserts, so a batch that was written although its answer was lost counts once.
 */
final class AcceptedLoad implements EventSink {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Supplier<List<URI>> gateways;
  private final Secrets secrets;
  private final Instant giveUpAt;
  private final List<ObjectNode> accepted = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong requests202 = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private volatile Instant last202 = Instant.EPOCH;

  AcceptedLoad(Supplier<List<URI>> gateways, Secrets secrets, Duration patience) {
    this.gateways = gateways;
    this.secrets = secrets;
    this.giveUpAt = Instant.now().plus(patience);
  }

  @Override
  public void send(String clinicId, List<ObjectNode> events) throws InterruptedException {
    String token = clinicId == null ? secrets.admin() : secrets.clinics().get(clinicId);
    String body = events.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n"));
    while (true) {
      List<URI> urls = gateways.get();
      URI url = urls.get(Math.floorMod(next.getAndIncrement(), urls.size())).resolve("/v1/events");
      var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          synchronized (accepted) {
            accepted.addAll(events);
          }
          requests202.incrementAndGet();
          last202 = Instant.now();
          return;
        }
        if (response.statusCode() != 503) {
          throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
        }
      } catch (IOException e) {
        // The gateway or its connection failed; the next attempt goes to the other gateway.
      }
      retried.incrementAndGet();
      if (Instant.now().isAfter(giveUpAt)) {
        throw new IllegalStateException("no gateway accepted a batch before the test's deadline");
      }
      Thread.sleep(250);
    }
  }

  /** Every event answered 202 so far, in the order accepted. */
  List<ObjectNode> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  long acceptedRequests() {
    return requests202.get();
  }

  long retries() {
    return retried.get();
  }

  Instant last202() {
    return last202;
  }

  Map<String, Long> acceptedByType() {
    return accepted().stream().collect(Collectors.groupingBy(e -> e.path("type").asText(), Collectors.counting()));
  }
}
