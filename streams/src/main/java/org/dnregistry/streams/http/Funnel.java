package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.streams.stats.FunnelLimits;

/**
 * The funnel plot of one complication category: every clinic's rate against its number of sessions, with the
 * 95% and 99.8% limits around a baseline (Spiegelhalter 2005). The points are read from each clinic's own
 * complications figures, so the funnel and the per-clinic tables can never disagree.
 */
final class Funnel {
  /** Enough points for a smooth curve on a dashboard; they are spread logarithmically by FunnelLimits. */
  static final int CURVE_POINTS = 80;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Funnel() {}

  /**
   * Baselines of {@code category} that apply to {@code indication} (those without an indication, and for a
   * single indication those of that indication), sorted by source, as FIGURES.md orders them.
   */
  static List<JsonNode> applicableBaselines(List<JsonNode> baselines, ComplicationCategory category, String indication) {
    var applicable = new ArrayList<JsonNode>();
    for (JsonNode b : baselines) {
      if (!category.name().equals(b.path("category").asText())) {
        continue;
      }
      JsonNode only = b.get("indication");
      boolean forAll = only == null || only.isNull();
      if (forAll || (!indication.equals(Parameters.ALL) && indication.equals(only.asText()))) {
        applicable.add(b);
      }
    }
    applicable.sort(Comparator.comparing(b -> b.path("source").asText()));
    return applicable;
  }

  /** The baseline to draw: the one of {@code source}, or by default the first applicable; empty when none applies. */
  static Optional<JsonNode> chooseBaseline(List<JsonNode> applicable, Optional<String> source,
                                           ComplicationCategory category, String indication) {
    if (source.isEmpty()) {
      return applicable.stream().findFirst();
    }
    return Optional.of(applicable.stream()
        .filter(b -> b.path("source").asText().equals(source.get()))
        .findFirst()
        .orElseThrow(() -> ApiException.badParameter("source", "no baseline of " + category + " for indication "
            + indication + " has source '" + source.get() + "'; "
            + (applicable.isEmpty() ? "it has no baseline"
                : "available: " + String.join(", ", applicable.stream().map(b -> b.path("source").asText()).toList())))));
  }

  /**
   * The funnel JSON: {indication, category, window, asOf, baseline (with its centre) or null, points, limits}.
   *
   * @param complicationsOfClinic the complications figures (FIGURES.md JSON) of each clinic, in clinic order
   */
  static ObjectNode build(ComplicationCategory category, String indication, String window, LocalDate asOf,
                          Optional<JsonNode> baseline, List<String> clinics, List<JsonNode> complicationsOfClinic) {
    Double centre = baseline.map(b -> (b.path("low").asDouble() + b.path("high").asDouble()) / 2).orElse(null);
    ObjectNode out = JSON.objectNode();
    out.put("indication", indication);
    out.put("category", category.name());
    out.put("window", window);
    out.put("asOf", asOf.toString());
    if (baseline.isPresent()) {
      ObjectNode b = baseline.get().deepCopy();
      b.put("centre", centre);
      out.set("baseline", b);
    } else {
      out.putNull("baseline");
    }
    ArrayNode points = out.putArray("points");
    long maxSessions = 0;
    for (int i = 0; i < clinics.size(); i++) {
      JsonNode row = rowOf(complicationsOfClinic.get(i), category);
      long sessions = row.path("sessions").asLong(0);
      long events = row.path("events").asLong(0);
      ObjectNode p = points.addObject();
      p.put("clinicId", clinics.get(i));
      p.put("sessions", sessions);
      p.put("events", events);
      if (sessions > 0) {
        double rate = (double) events / sessions;
        p.put("rate", rate);
        if (centre != null) {
          p.put("flag", FunnelFlag.of(rate, FunnelLimits.around(centre, sessions)).name());
        } else {
          p.putNull("flag");
        }
      } else {
        p.putNull("rate");
        p.putNull("flag");
      }
      maxSessions = Math.max(maxSessions, sessions);
    }
    ArrayNode limits = out.putArray("limits");
    if (centre != null && maxSessions > 0) {
      for (FunnelLimits l : FunnelLimits.curve(centre, maxSessions, CURVE_POINTS)) {
        limits.addObject()
            .put("sessions", l.sessions())
            .put("lower95", l.lower95())
            .put("upper95", l.upper95())
            .put("lower998", l.lower998())
            .put("upper998", l.upper998());
      }
    }
    return out;
  }

  private static JsonNode rowOf(JsonNode complications, ComplicationCategory category) {
    for (JsonNode row : complications.path("rows")) {
      if (category.name().equals(row.path("category").asText())) {
        return row;
      }
    }
    return JSON.objectNode();
  }
}
