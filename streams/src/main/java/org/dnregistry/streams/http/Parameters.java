package org.dnregistry.streams.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;

/**
 * The query parameters of one request, validated one by one with a 400 that names the parameter and what it
 * accepts. Unknown or repeated parameters are refused too: a misspelt {@code windw=30} silently falling back to
 * the default window would show a clinician the wrong figures.
 */
final class Parameters {
  static final List<String> WINDOWS = List.of("30", "90", "365", "all");
  static final String DEFAULT_WINDOW = "90";
  static final String ALL = "ALL";
  static final int DEFAULT_ALERT_LIMIT = 200;
  static final int MAX_ALERT_LIMIT = 1000;
  private static final int MAX_CLINIC_ID = 128;

  private final Map<String, String> values;

  private Parameters(Map<String, String> values) {
    this.values = values;
  }

  /** The parameters of a request to {@code path}, which accepts only {@code accepted}. Blank values count as absent. */
  static Parameters of(String path, Map<String, List<String>> query, List<String> accepted) {
    var values = new HashMap<String, String>();
    for (var e : query.entrySet()) {
      String name = e.getKey();
      if (!accepted.contains(name)) {
        throw ApiException.badParameter(name, "unknown parameter '" + name + "'; " + path + " accepts "
            + (accepted.isEmpty() ? "no parameters" : String.join(", ", accepted)));
      }
      List<String> given = e.getValue().stream().filter(v -> !v.isBlank()).toList();
      if (given.size() > 1) {
        throw ApiException.badParameter(name, "parameter '" + name + "' is given " + given.size() + " times; give it once");
      }
      if (given.size() == 1) {
        values.put(name, given.get(0).trim());
      }
    }
    return new Parameters(values);
  }

  /** {@code network} or {@code clinic:<id>}; by default network, or the clinic's own scope for a clinic token. */
  String scope(Principal who) {
    String scope = values.get("scope");
    if (scope == null) {
      return who.role() == Role.CLINIC ? "clinic:" + who.clinicId() : "network";
    }
    if (scope.equals("network")) {
      return scope;
    }
    if (scope.startsWith("clinic:")) {
      String id = scope.substring("clinic:".length());
      if (!id.isEmpty() && id.length() <= MAX_CLINIC_ID && id.chars().noneMatch(c -> c == '|' || Character.isISOControl(c))) {
        return scope;
      }
    }
    throw ApiException.badParameter("scope", "scope must be 'network' or 'clinic:<clinicId>' (was '" + scope + "')");
  }

  /** An indication code or ALL (the default). */
  String indication() {
    String indication = values.get("indication");
    if (indication == null || indication.equals(ALL)) {
      return ALL;
    }
    if (Arrays.stream(Indication.values()).anyMatch(i -> i.name().equals(indication))) {
      return indication;
    }
    throw ApiException.badParameter("indication", "indication must be ALL or one of "
        + Arrays.stream(Indication.values()).map(Enum::name).collect(Collectors.joining(", "))
        + " (was '" + indication + "')");
  }

  /** 30, 90 (the default), 365 or all. */
  String window() {
    String window = values.getOrDefault("window", DEFAULT_WINDOW);
    if (WINDOWS.contains(window)) {
      return window;
    }
    throw ApiException.badParameter("window", "window must be one of 30, 90, 365, all (days ending at asOf; was '"
        + window + "')");
  }

  /** The asOf day, YYYY-MM-DD; empty means the registry's default. */
  Optional<LocalDate> asOf() {
    return day("asOf");
  }

  /** An optional calendar day parameter (asOf, from, to). */
  Optional<LocalDate> day(String name) {
    String text = values.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name, name + " must be a calendar day YYYY-MM-DD, e.g. 2026-11-20 (was '"
          + text + "')");
    }
  }

  /** A complication category; required. */
  ComplicationCategory category() {
    String category = values.get("category");
    String allowed = Arrays.stream(ComplicationCategory.values()).map(Enum::name).collect(Collectors.joining(", "));
    if (category == null) {
      throw ApiException.badParameter("category", "category is required: one of " + allowed);
    }
    return Arrays.stream(ComplicationCategory.values())
        .filter(c -> c.name().equals(category))
        .findFirst()
        .orElseThrow(() -> ApiException.badParameter("category", "category must be one of " + allowed
            + " (was '" + category + "')"));
  }

  /** A baseline source; empty means the first applicable one. Checked against the baselines by the caller. */
  Optional<String> source() {
    return Optional.ofNullable(values.get("source"));
  }

  /** An ISO-8601 instant, or a day YYYY-MM-DD meaning its start (UTC); by default the epoch (every alert). */
  Instant since() {
    String since = values.get("since");
    if (since == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(since);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDay) {
        throw ApiException.badParameter("since", "since must be an ISO-8601 instant such as 2026-11-20T08:00:00Z"
            + " or a day such as 2026-11-20 (was '" + since + "')");
      }
    }
  }

  /** How many alerts at most, 1..1000, by default 200. */
  int limit() {
    String limit = values.get("limit");
    if (limit == null) {
      return DEFAULT_ALERT_LIMIT;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1 && n <= MAX_ALERT_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw ApiException.badParameter("limit", "limit must be a whole number from 1 to " + MAX_ALERT_LIMIT
        + " (was '" + limit + "')");
  }
}
