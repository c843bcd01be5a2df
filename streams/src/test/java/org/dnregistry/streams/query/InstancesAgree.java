package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.streams.oracle.JsonFigures;
import org.dnregistry.streams.oracle.Oracle;

/**
 * Asks every instance of an application the same questions over the query API and checks that they answer the
 * same JSON, and the JSON of the oracle: complications, efficacy, compliance, clinics and funnels.
 */
public final class InstancesAgree {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<URI> instances;
  private final String token;

  /** @param instances the base URLs ({@code http://host:port}) */
  public InstancesAgree(List<URI> instances, String token) {
    this.instances = List.copyOf(instances);
    this.token = token;
  }

  public Reply get(URI instance, String pathAndQuery) {
    var request = HttpRequest.newBuilder(instance.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET()
        .header("Authorization", "Bearer " + token).build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The one answer of every instance (each a 200): the same JSON tree from all. */
  public JsonNode same(String pathAndQuery) {
    JsonNode first = null;
    for (URI instance : instances) {
      Reply r = get(instance, pathAndQuery);
      if (r.status() != 200) {
        throw new AssertionError(instance + pathAndQuery + " answered " + r.status() + ": " + r.body());
      }
      JsonNode json = r.json();
      if (first == null) {
        first = json;
      } else if (!first.equals(json)) {
        throw new AssertionError("instances disagree on " + pathAndQuery + ":\n  " + instances.get(0) + ": " + first
            + "\n  " + instance + ": " + json);
      }
    }
    return first;
  }

  /**
   * Complications and efficacy for every scope of the oracle, the given indications and windows; compliance for
   * every scope and window; on each of {@code asOfs} (null: the default asOf, not sent). Returns the number of
   * answers compared.
   */
  public int figures(Oracle oracle, List<LocalDate> asOfs, List<String> indications, List<String> windows,
      LocalDate today) {
    int compared = 0;
    for (LocalDate asOf : asOfs) {
      LocalDate day = asOf != null ? asOf : oracle.defaultAsOf().orElse(today);
      String at = asOf == null ? "" : "&asOf=" + asOf;
      for (String scope : oracle.scopes()) {
        for (String window : windows) {
          for (String indication : indications) {
            String q = "?scope=" + scope + "&indication=" + indication + "&window=" + window + at;
            JsonFigures.assertSameFigures(oracle.complications(scope, indication, window, day),
                same("/v1/complications" + q), "complications" + q);
            JsonFigures.assertSameFigures(oracle.efficacy(scope, indication, window, day), same("/v1/efficacy" + q),
                "efficacy" + q);
            compared += 2 * instances.size();
          }
          String q = "?scope=" + scope + "&window=" + window + at;
          JsonFigures.assertSameFigures(oracle.compliance(scope, window, day), same("/v1/compliance" + q),
              "compliance" + q);
          compared += instances.size();
        }
      }
    }
    return compared;
  }

  /**
   * The clinics every instance lists (the same list): every clinic with counted sessions is there, and nothing
   * the history never named.
   */
  public List<String> clinics(Oracle oracle, LocalDate today) {
    var listed = new ArrayList<String>();
    same("/v1/clinics").path("clinics").forEach(c -> listed.add(c.asText()));
    LocalDate day = oracle.defaultAsOf().orElse(today);
    var named = new TreeSet<String>();
    for (String scope : oracle.scopes()) {
      if (scope.startsWith("clinic:")) {
        String clinic = scope.substring("clinic:".length());
        named.add(clinic);
        if (oracle.complications(scope, "ALL", "all", day).path("rows").get(0).path("sessions").asLong() > 0) {
          assertThat(listed).as("clinics listed").contains(clinic);
        }
      }
    }
    assertThat(named).as("clinics named in the history").containsAll(listed);
    return listed;
  }

  /**
   * The funnel of each category (default asOf) from every instance (the same JSON), its points those of the
   * listed clinics, each point's counts those of the oracle's complications of that clinic. Returns the funnels.
   */
  public List<JsonNode> funnels(Oracle oracle, List<String> clinics, List<ComplicationCategory> categories,
      String window, LocalDate today) {
    LocalDate day = oracle.defaultAsOf().orElse(today);
    var out = new ArrayList<JsonNode>();
    for (ComplicationCategory category : categories) {
      String q = "/v1/funnel?category=" + category + "&window=" + window + "&indication=ALL";
      JsonNode funnel = same(q);
      var ids = new ArrayList<String>();
      for (JsonNode point : funnel.path("points")) {
        String clinic = point.path("clinicId").asText();
        ids.add(clinic);
        JsonNode row = oracle.complications("clinic:" + clinic, "ALL", window, day).path("rows")
            .get(category.ordinal());
        assertThat(point.path("sessions").asLong()).as(q + " sessions of " + clinic)
            .isEqualTo(row.path("sessions").asLong());
        assertThat(point.path("events").asLong()).as(q + " events of " + clinic)
            .isEqualTo(row.path("events").asLong());
      }
      assertThat(ids).as(q + " clinics").containsExactlyElementsOf(clinics);
      out.add(funnel);
    }
    return out;
  }
}
