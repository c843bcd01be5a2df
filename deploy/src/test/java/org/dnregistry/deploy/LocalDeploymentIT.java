package org.dnregistry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dnregistry.simulate.SimulateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a newcomer meets it: the whole local stack with the simulated network shows
 * sentinel and status alerts within a minute of being ready, and a restart keeps the data.
 */
class LocalDeploymentIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void simulatedNetworkRaisesAlertsWithinAMinuteAndARestartKeepsTheData(@TempDir Path dataDir) throws Exception {
    var console = new ByteArrayOutputStream();
    var out = new PrintStream(console, true, StandardCharsets.UTF_8);
    var options = new LocalDeployment.Options(dataDir, Optional.empty(), 0, true,
        new SimulateCommand.Options(42, 2, 120, Duration.ZERO));

    long sessionsBefore;
    String viewer;
    try (var local = LocalDeployment.start(options, out)) {
      long ready = System.nanoTime();
      var endpoints = local.endpoints();
      assertThat(endpoints.madeTokens()).isTrue();
      JsonNode endpointsJson = JSON.readTree(dataDir.resolve("endpoints.json").toFile());
      assertThat(endpointsJson.get("bootstrapServers").asText()).isEqualTo(endpoints.bootstrapServers());
      assertThat(endpointsJson.get("schemaRegistryUrl").asText()).endsWith("/apis/ccompat/v7");
      assertThat(endpointsJson.get("ingestUrl").asText()).isEqualTo(endpoints.ingestUrl().toString());
      assertThat(endpointsJson.get("queryUrl").asText()).isEqualTo(endpoints.queryUrl().toString());

      // The tokens are the stack's passwords: owner-only from the file's creation on.
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(endpoints.tokensFile()))).isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dataDir.resolve("ingest").resolve("pseudonym.secret")))).isEqualTo("rw-------");
      // The local stack keeps /metrics open on loopback.
      assertThat(get(endpoints.queryUrl().resolve("/metrics"), null).statusCode()).isEqualTo(200);
      assertThat(get(endpoints.ingestUrl().resolve("/metrics"), null).statusCode()).isEqualTo(200);
      viewer = token(endpoints.tokensFile(), "viewer");
      URI query = endpoints.queryUrl();
      assertThat(get(query.resolve("/"), null).body()).contains("<html");

      JsonNode alerts = null;
      boolean sentinel = false;
      boolean status = false;
      while (!(sentinel && status) && System.nanoTime() - ready < Duration.ofSeconds(60).toNanos()) {
        Thread.sleep(1000);
        var response = get(query.resolve("/v1/alerts"), viewer);
        if (response.statusCode() != 200) {
          continue;
        }
        alerts = JSON.readTree(response.body()).path("alerts");
        for (JsonNode a : alerts) {
          sentinel |= a.path("kind").asText().equals("SENTINEL");
          status |= a.path("kind").asText().equals("SIGNAL") && a.path("clinicId").asText().equals("C3");
        }
      }
      double seconds = (System.nanoTime() - ready) / 1e9;
      System.out.printf("alerts on the dashboard %.1f s after the stack was ready%n", seconds);
      assertThat(sentinel).as("a SENTINEL alert within 60 s; alerts: %s", alerts).isTrue();
      assertThat(status).as("a SIGNAL alert for the elevated clinic C3 within 60 s; alerts: %s", alerts).isTrue();

      JsonNode network = complications(query, viewer);
      sessionsBefore = network.path("rows").get(0).path("sessions").asLong();
      assertThat(sessionsBefore).isGreaterThan(1000);
    }

    // Restart on the same data dir, without the simulator: the same tokens, the same facts, the same figures.
    var again = new LocalDeployment.Options(dataDir, Optional.empty(), 0, false, options.simulation());
    try (var local = LocalDeployment.start(again, out)) {
      assertThat(local.endpoints().madeTokens()).isFalse();
      assertThat(token(local.endpoints().tokensFile(), "viewer")).isEqualTo(viewer);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long sessionsAfter = -1;
      while (System.nanoTime() < deadline) {
        var response = get(local.endpoints().queryUrl().resolve("/v1/complications?window=all"), viewer);
        if (response.statusCode() == 200) {
          sessionsAfter = JSON.readTree(response.body()).path("rows").get(0).path("sessions").asLong();
          if (sessionsAfter >= sessionsBefore) {
            break;
          }
        }
        Thread.sleep(500);
      }
      // The live simulator may have added sessions between the last read and the stop; none may be lost.
      assertThat(sessionsAfter).isGreaterThanOrEqualTo(sessionsBefore);
    }
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("[5/5] ready in");
  }

  private JsonNode complications(URI query, String token) throws Exception {
    var response = get(query.resolve("/v1/complications?window=all"), token);
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(URI uri, String token) throws Exception {
    var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(Path tokensFile, String role) throws Exception {
    for (JsonNode t : JSON.readTree(Files.readString(tokensFile)).path("tokens")) {
      if (t.path("role").asText().equals(role)) {
        return t.path("token").asText();
      }
    }
    throw new AssertionError("no " + role + " token in " + tokensFile);
  }
}
