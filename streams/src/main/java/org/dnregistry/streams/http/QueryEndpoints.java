package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.avro.ComplicationCategory;

/**
 * The /v1 endpoints, each a function of the caller and the query parameters. Every endpoint validates all its
 * parameters (400), then the caller's right to the scope (403), and only then asks whether the registry is
 * ready (503): a malformed request is wrong whether or not the stores are restoring.
 */
final class QueryEndpoints {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> FIGURE_PARAMETERS = List.of("scope", "indication", "window", "asOf");

  private final RegistryQueries queries;
  private final Clock clock;

  QueryEndpoints(RegistryQueries queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  JsonNode complications(Principal who, Map<String, List<String>> query) {
    return figures("/v1/complications", who, query, queries::complications);
  }

  JsonNode efficacy(Principal who, Map<String, List<String>> query) {
    return figures("/v1/efficacy", who, query, queries::efficacy);
  }

  /** One of the per-scope, per-indication figures of FIGURES.md. */
  @FunctionalInterface
  private interface Figures {
    JsonNode read(String scope, String indication, String window, java.time.LocalDate asOf);
  }

  /** Parameters are checked before authorisation, and both before readiness (400, then 403, then 503). */
  private JsonNode figures(String path, Principal who, Map<String, List<String>> query, Figures figures) {
    var p = Parameters.of(path, query, FIGURE_PARAMETERS);
    String scope = p.scope(who);
    String indication = p.indication();
    String window = p.window();
    var asOf = p.asOf();
    authorise(who, scope);
    requireReady();
    return figures.read(scope, indication, window, asOf.orElseGet(this::defaultAsOf));
  }

  JsonNode compliance(Principal who, Map<String, List<String>> query) {
    var p = Parameters.of("/v1/compliance", query, List.of("scope", "window", "asOf"));
    String scope = p.scope(who);
    String window = p.window();
    var asOf = p.asOf();
    authorise(who, scope);
    requireReady();
    return queries.compliance(scope, window, asOf.orElseGet(this::defaultAsOf));
  }

  JsonNode dataQuality(Principal who, Map<String, List<String>> query) {
    var p = Parameters.of("/v1/data-quality", query, List.of("scope", "asOf"));
    String scope = p.scope(who);
    var asOf = p.asOf();
    authorise(who, scope);
    requireReady();
    return queries.dataQuality(scope, asOf.orElseGet(this::defaultAsOf));
  }

  JsonNode surveillance(Principal who, Map<String, List<String>> query) {
    var p = Parameters.of("/v1/surveillance", query, List.of("scope", "category", "from", "to"));
    String scope = p.scope(who);
    ComplicationCategory category = p.category();
    var from = p.day("from");
    var to = p.day("to");
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw ApiException.badParameter("from", "from (" + from.get() + ") is after to (" + to.get() + ")");
    }
    authorise(who, scope);
    requireReady();
    return queries.surveillance(scope, category.name(), from.orElse(null), to.orElse(null));
  }

  /** One point per clinic the caller may see; a clinic token sees only its own point. */
  JsonNode funnel(Principal who, Map<String, List<String>> query) {
    var p = Parameters.of("/v1/funnel", query, List.of("indication", "category", "window", "asOf", "source"));
    String indication = p.indication();
    ComplicationCategory category = p.category();
    String window = p.window();
    var asOf = p.asOf();
    var source = p.source();
    requireReady();
    var baseline = Funnel.chooseBaseline(
        Funnel.applicableBaselines(queries.baselines(), category, indication), source, category, indication);
    LocalDate day = asOf.orElseGet(this::defaultAsOf);
    List<String> clinics = visibleClinics(who);
    var figures = new ArrayList<JsonNode>(clinics.size());
    for (String clinic : clinics) {
      figures.add(queries.complications("clinic:" + clinic, indication, window, day));
    }
    return Funnel.build(category, indication, window, day, baseline, clinics, figures);
  }

  JsonNode alerts(Principal who, Map<String, List<String>> query) {
    var p = Parameters.of("/v1/alerts", query, List.of("since", "limit"));
    var since = p.since();
    int limit = p.limit();
    requireReady();
    var page = AlertFeed.arrange(queries.alerts(since), who, limit);
    ObjectNode out = JSON.objectNode();
    out.put("since", since.toString());
    // Every alert the caller may see since `since`, however many the limit left out of the list.
    out.put("total", page.total());
    out.putArray("alerts").addAll(page.alerts());
    return out;
  }

  JsonNode clinics(Principal who, Map<String, List<String>> query) {
    Parameters.of("/v1/clinics", query, List.of());
    requireReady();
    ObjectNode out = JSON.objectNode();
    var list = out.putArray("clinics");
    visibleClinics(who).forEach(list::add);
    return out;
  }

  /** Baselines are published reference data, the same for every caller: by category (enum order), then source. */
  JsonNode baselines(Principal who, Map<String, List<String>> query) {
    Parameters.of("/v1/baselines", query, List.of());
    requireReady();
    var sorted = new ArrayList<>(queries.baselines());
    sorted.sort(Comparator.<JsonNode>comparingInt(b -> categoryOrder(b.path("category").asText()))
        .thenComparing(b -> b.path("source").asText())
        .thenComparing(b -> b.path("indication").asText("")));
    ObjectNode out = JSON.objectNode();
    out.putArray("baselines").addAll(sorted);
    return out;
  }

  /** Who the token belongs to, so the dashboard can offer only what the caller may read. */
  JsonNode me(Principal who, Map<String, List<String>> query) {
    Parameters.of("/v1/me", query, List.of());
    ObjectNode out = JSON.objectNode();
    out.put("role", who.role().name().toLowerCase(java.util.Locale.ROOT));
    out.put("clinicId", who.clinicId());
    out.put("defaultScope", who.role() == Role.CLINIC ? "clinic:" + who.clinicId() : "network");
    return out;
  }

  void requireReady() {
    if (!queries.ready()) {
      throw ApiException.notReady("the registry is starting or rebalancing its stores; retry shortly");
    }
  }

  private static void authorise(Principal who, String scope) {
    if (!who.mayRead(scope)) {
      throw ApiException.forbidden("a token of clinic " + who.clinicId() + " reads only scope clinic:" + who.clinicId()
          + " (asked for " + scope + ")");
    }
  }

  /** A clinic token sees its own clinic, even before the registry has seen any of its data. */
  private List<String> visibleClinics(Principal who) {
    return who.role() == Role.CLINIC ? List.of(who.clinicId()) : queries.clinics();
  }

  private LocalDate defaultAsOf() {
    return queries.defaultAsOf().orElseGet(() -> LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  private static int categoryOrder(String category) {
    for (ComplicationCategory c : ComplicationCategory.values()) {
      if (c.name().equals(category)) {
        return c.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }
}
