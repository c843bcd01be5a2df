package org.dnregistry.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the query API of one streams instance (REFERENCE section 6) with a viewer token. */
final class QueryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String token;

  QueryClient(String viewerToken) {
    this.token = viewerToken;
  }

  /** An answer: its status and, for 200, the body. */
  record Answer(int status, JsonNode body) {}

  Answer get(String baseUrl, String pathAndQuery) throws InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token).GET().build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.statusCode() == 200 ? JSON.readTree(r.body()) : null);
    } catch (IOException e) {
      return new Answer(-1, null);
    }
  }

  /** A clinic's complications over all days and indications, as counts, or empty when not answered with 200. */
  Optional<Recount.ClinicCounts> clinicCounts(String baseUrl, String clinicId) throws InterruptedException {
    Answer a = get(baseUrl, "/v1/complications?scope=clinic:" + clinicId + "&indication=ALL&window=all");
    if (a.status() != 200) {
      return Optional.empty();
    }
    long sessions = 0;
    var events = new TreeMap<String, Long>();
    for (JsonNode row : a.body().path("rows")) {
      sessions = Math.max(sessions, row.path("sessions").asLong());
      long n = row.path("events").asLong();
      if (n > 0) {
        events.put(row.path("category").asText(), n);
      }
    }
    return Optional.of(new Recount.ClinicCounts(sessions, events));
  }
}
