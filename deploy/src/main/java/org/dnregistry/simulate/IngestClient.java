package org.dnregistry.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Posts simulated events to an ingest gateway as NDJSON, with the right token per clinic. */
public final class IngestClient implements EventSink {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI eventsUri;
  private final String adminToken;
  private final Map<String, String> clinicTokens;

  public IngestClient(URI ingestUrl, String adminToken, Map<String, String> clinicTokens) {
    this.eventsUri = ingestUrl.resolve("/v1/events");
    this.adminToken = adminToken;
    this.clinicTokens = Map.copyOf(clinicTokens);
  }

  /** Reads the plain tokens from a tokens file of REFERENCE section 3 (the admin token and one per clinic). */
  public static IngestClient fromTokensFile(URI ingestUrl, Path tokensFile) throws IOException {
    JsonNode root = MAPPER.readTree(tokensFile.toFile());
    String admin = null;
    var clinics = new HashMap<String, String>();
    for (JsonNode t : root.path("tokens")) {
      switch (t.path("role").asText()) {
        case "admin" -> admin = t.path("token").asText();
        case "clinic" -> clinics.put(t.path("clinicId").asText(), t.path("token").asText());
        default -> { }
      }
    }
    if (admin == null) {
      throw new IllegalArgumentException(tokensFile + " has no admin token: the simulator writes clinics and practitioners");
    }
    return new IngestClient(ingestUrl, admin, clinics);
  }

  public boolean canWriteFor(String clinicId) {
    return clinicTokens.containsKey(clinicId);
  }

  @Override
  public void send(String clinicId, List<ObjectNode> events) throws InterruptedException {
    if (events.isEmpty()) {
      return;
    }
    String token = clinicId == null ? adminToken : clinicTokens.get(clinicId);
    if (token == null) {
      throw new IllegalStateException("no token for clinic " + clinicId);
    }
    String body = events.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n"));
    var request = HttpRequest.newBuilder(eventsUri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt >= 30) {
          throw new IllegalStateException("ingest at " + eventsUri + " unreachable: " + e.getMessage(), e);
        }
        Thread.sleep(1000);
        continue;
      }
      if (response.statusCode() == 202) {
        return;
      }
      if (response.statusCode() == 503 && attempt < 30) {
        long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.max(1, wait) * 1000);
        continue;
      }
      throw new IllegalStateException("ingest refused a simulated batch: HTTP " + response.statusCode() + " "
          + abbreviate(response.body()));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "..." : s;
  }
}
