package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.access.Tokens;

/**
 * The internal API: each instance's answer for the partitions it holds, for the other instances of the
 * application (see {@link InternalQueries}). It answers for every clinic, so it takes the deployment's internal
 * secret ({@link InternalToken#HEADER}) or a bearer token of a network-wide role (viewer, admin: an operator
 * checking one instance); a clinic token is refused (403), whatever clinic it names.
 */
final class InternalEndpoints {
  static final String BUCKETS = "/internal/v1/buckets";
  static final String LATEST_SESSION_DAY = "/internal/v1/latest-session-day";
  static final String CLINICS = "/internal/v1/clinics";
  static final String REFERENCE_CLINICS = "/internal/v1/reference-clinics";
  static final String QUALITY = "/internal/v1/quality";
  static final String QUALITY_OF_CLINICS = "/internal/v1/quality-of-clinics";
  static final Set<String> ROUTES = Set.of(BUCKETS, LATEST_SESSION_DAY, CLINICS, REFERENCE_CLINICS, QUALITY,
      QUALITY_OF_CLINICS);

  private final InternalApi api;
  private final Tokens tokens;
  private final RegistryQueries registry;

  InternalEndpoints(InternalApi api, Tokens tokens, RegistryQueries registry) {
    this.api = api;
    this.tokens = tokens;
    this.registry = registry;
  }

  Handler buckets() {
    return answer(ctx -> {
      String series = series(ctx);
      LocalDate from = day(ctx, "from", false);
      LocalDate to = day(ctx, "to", true);
      return api.queries().buckets(series, from, to);
    });
  }

  Handler latestSessionDay() {
    return answer(ctx -> api.queries().latestSessionDay(series(ctx)));
  }

  Handler clinicsWithFigures() {
    return answer(ctx -> api.queries().clinicsWithFigures(partitions(ctx)));
  }

  Handler referenceClinics() {
    return answer(ctx -> api.queries().referenceClinics(partitions(ctx)));
  }

  Handler quality() {
    return answer(ctx -> {
      String scope = single(ctx, "scope");
      if (scope == null || !scope.startsWith("clinic:") || scope.length() == "clinic:".length()) {
        throw ApiException.badParameter("scope", "scope must be clinic:<id>, was '" + scope + "'");
      }
      return api.queries().quality(scope);
    });
  }

  Handler qualityOfClinics() {
    return answer(ctx -> api.queries().qualityOfClinics(partitions(ctx)));
  }

  private interface Answer {
    JsonNode of(Context ctx);
  }

  private Handler answer(Answer answer) {
    return ctx -> {
      authorise(ctx);
      ctx.header("Cache-Control", "no-store");
      JsonNode body = answer.of(ctx);
      if (!registry.ready()) {
        // Read first, then check: a store that restored or moved while it was read must not pass as an answer.
        throw ApiException.notReady("this instance is starting or rebalancing its stores; retry shortly");
      }
      ctx.json(body);
    };
  }

  private void authorise(Context ctx) {
    String secret = ctx.header(InternalToken.HEADER);
    if (secret != null) {
      if (api.token() == null || !api.token().matches(secret)) {
        throw ApiException.unauthorized("unknown " + InternalToken.HEADER);
      }
      return;
    }
    String authorization = ctx.header("Authorization");
    Principal who = tokens.authenticateHeader(authorization).orElseThrow(() -> ApiException.unauthorized(
        authorization == null ? "missing " + InternalToken.HEADER + " or Authorization: Bearer <token>"
            : "unknown token"));
    if (who.role() == Role.CLINIC) {
      throw ApiException.forbidden("the internal API answers for every clinic: not for a clinic token");
    }
  }

  private static String series(Context ctx) {
    String series = single(ctx, "series");
    if (series == null || series.indexOf('|') <= 0) {
      throw ApiException.badParameter("series", "series must be <scope>|<indication>, was '" + series + "'");
    }
    return series;
  }

  /** {@code partitions=0,2}: distinct partition numbers, at least one. */
  private static List<Integer> partitions(Context ctx) {
    String text = single(ctx, "partitions");
    if (text == null || text.isBlank()) {
      throw ApiException.badParameter("partitions", "partitions is required: partition numbers, comma-separated");
    }
    var out = new ArrayList<Integer>();
    for (String part : text.split(",", -1)) {
      int p;
      try {
        p = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badParameter("partitions", "not a partition number: '" + part + "'");
      }
      if (p < 0 || out.contains(p)) {
        throw ApiException.badParameter("partitions", "partitions must be distinct and not negative: " + text);
      }
      out.add(p);
    }
    return out;
  }

  private static LocalDate day(Context ctx, String name, boolean required) {
    String text = single(ctx, name);
    if (text == null) {
      if (required) {
        throw ApiException.badParameter(name, name + " is required (yyyy-MM-dd)");
      }
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name, name + " must be a day yyyy-MM-dd, was '" + text + "'");
    }
  }

  private static String single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      throw ApiException.badParameter(name, name + " given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}
