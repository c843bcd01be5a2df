package org.dnregistry.streams.research;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.SuppressibleCount;

/**
 * The audit of REFERENCE section 4: take every relation a research record publishes; for every suppressed cell,
 * minimise and maximise it over non-negative values of all unknown cells that satisfy those relations. The minimum
 * must be 0 and the maximum at least 11, so a reader can neither tell a suppressed cell is small nor pin its value.
 * Cells a record never publishes but its relations imply (the non-responders: n - responders) are unknowns too: one
 * the relations pin must not be a count from 1 to 10. Solved exactly ({@link ExactLp}), independently of how
 * {@link Suppression} chose the cells.
 */
public final class SuppressionAudit {
  private static final long SMALLEST_SAFE_MAXIMUM = 11;

  private SuppressionAudit() {}

  /** The relation of a complications record: its 16 categories add up to ANY_MINOR + SERIOUS. */
  public static List<String> problems(ResearchComplicationMonth r) {
    var cells = new LinkedHashMap<String, SuppressibleCount>();
    var relation = new LinkedHashMap<String, Long>();
    for (ComplicationCategory c : ComplicationCategory.values()) {
      cells.put(c.name(), r.getEvents().get(c.name()));
      boolean total = c == ComplicationCategory.ANY_MINOR || c == ComplicationCategory.SERIOUS;
      relation.put(c.name(), total ? -1L : 1L);
    }
    cells.put("sessions", r.getSessions());
    return audit(r.getMonth() + " " + r.getIndication(), cells, Map.of(), List.of(relation));
  }

  /** The relation of an efficacy record: responders + non-responders = n; the non-responders are never published. */
  public static List<String> problems(ResearchEfficacyMonth r) {
    var cells = new LinkedHashMap<String, SuppressibleCount>();
    cells.put("n", r.getN());
    cells.put("responders", r.getResponders());
    return audit(r.getMonth() + " " + r.getIndication() + " " + r.getInstrument() + " " + r.getTimepoint(), cells,
        Map.of("nonResponders", true), List.of(Map.of("responders", 1L, "nonResponders", 1L, "n", -1L)));
  }

  /** A compliance record publishes no relation between its flags: each suppressed flag stands alone. */
  public static List<String> problems(ResearchComplianceMonth r) {
    return audit(r.getMonth() + " " + r.getIndication(), new LinkedHashMap<>(r.getFlags()), Map.of(), List.of());
  }

  /**
   * @param cells     published cells (a value, or suppressed)
   * @param hidden    cells never published that the relations name
   * @param relations each a sum with integer coefficients over cell names that equals 0
   */
  static List<String> audit(String record, Map<String, SuppressibleCount> cells, Map<String, Boolean> hidden,
      List<Map<String, Long>> relations) {
    var problems = new ArrayList<String>();
    var unknowns = new ArrayList<String>();
    cells.forEach((name, c) -> {
      if (c.getSuppressed() || c.getValue() == null) {
        unknowns.add(name);
      } else if (Suppression.isSmall(c.getValue())) {
        problems.add(record + ": " + name + " = " + c.getValue() + " is published");
      }
    });
    unknowns.addAll(hidden.keySet());
    long[][] a = new long[relations.size()][unknowns.size()];
    long[] b = new long[relations.size()];
    for (int i = 0; i < relations.size(); i++) {
      for (var term : relations.get(i).entrySet()) {
        int u = unknowns.indexOf(term.getKey());
        if (u >= 0) {
          a[i][u] += term.getValue();
        } else {
          b[i] -= term.getValue() * cells.get(term.getKey()).getValue();
        }
      }
    }
    for (int u = 0; u < unknowns.size(); u++) {
      String name = unknowns.get(u);
      ExactLp.Result min = ExactLp.minimise(a, b, u);
      if (!min.feasible()) {
        problems.add(record + ": the published cells contradict each other");
        return problems;
      }
      ExactLp.Result max = ExactLp.maximise(a, b, u);
      boolean pinned = max.bounded() && max.value().compareTo(min.value()) == 0;
      if (hidden.containsKey(name)) {
        if (pinned && max.value().compareTo(ExactLp.Rational.ZERO) > 0
            && max.value().compareTo(ExactLp.Rational.of(SMALLEST_SAFE_MAXIMUM)) < 0) {
          problems.add(record + ": " + name + " is pinned at " + max.value());
        }
        continue;
      }
      if (min.value().signum() != 0) {
        problems.add(record + ": suppressed " + name + " is at least " + min.value());
      }
      if (max.bounded() && max.value().compareTo(ExactLp.Rational.of(SMALLEST_SAFE_MAXIMUM)) < 0) {
        problems.add(record + ": suppressed " + name + " is at most " + max.value());
      }
    }
    return problems;
  }
}
