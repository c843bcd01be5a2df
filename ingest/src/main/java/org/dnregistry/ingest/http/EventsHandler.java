package org.dnregistry.ingest.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.dnregistry.access.Principal;
import org.dnregistry.access.Role;
import org.dnregistry.access.Tokens;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.kafka.EventWriter;
import org.dnregistry.ingest.kafka.FactsRejectedException;
import org.dnregistry.ingest.kafka.WriteUnavailableException;
import org.dnregistry.ingest.metrics.IngestMetrics;
import org.dnregistry.ingest.metrics.IngestMetrics.Rejection;

/**
 * {@code POST /v1/events} (REFERENCE section 3). Checks run cheapest first and in the order a client can act on:
 * token (401), viewer (403), content type (415), size (413), arrival in time (408), syntax (400), number of events
 * (413), per-event permissions (403), fields (422); then the whole request goes to Kafka in one transaction and is
 * answered 202 only once committed.
 */
final class EventsHandler implements Handler {
  /** How much of an oversized body is read and discarded so the client gets a clean 413 rather than a reset. */
  private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

  private final Tokens tokens;
  private final EventsRequest request;
  private final EventWriter writer;
  private final IngestMetrics metrics;
  private final long maxBodyBytes;
  private final int maxReportedIssues;
  private final BodyLimits limits;
  private final InFlightBudget inFlight;

  EventsHandler(Tokens tokens, EventsRequest request, EventWriter writer, IngestMetrics metrics, BodyLimits limits) {
    this.tokens = tokens;
    this.request = request;
    this.writer = writer;
    this.metrics = metrics;
    this.limits = limits;
    this.maxBodyBytes = limits.maxBodyBytes();
    this.maxReportedIssues = request.limits().maxCollectedIssues();
    this.inFlight = new InFlightBudget(limits.maxInFlightBytes());
  }

  @Override
  public void handle(Context ctx) throws IOException {
    Optional<Principal> principal = tokens.authenticateHeader(ctx.header("Authorization"));
    if (principal.isEmpty()) {
      metrics.rejected(Rejection.UNAUTHORIZED);
      ctx.header("WWW-Authenticate", "Bearer realm=\"dnregistry\"");
      Responses.send(ctx, 401, Responses.error("unauthorized", ctx.header("Authorization") == null
          ? "no bearer token: send Authorization: Bearer <token>"
          : "unknown bearer token"));
      return;
    }
    Principal who = principal.get();
    ctx.attribute(AccessLog.PRINCIPAL, who.label());
    if (who.role() == Role.VIEWER) {
      metrics.rejected(Rejection.FORBIDDEN);
      Responses.send(ctx, 403, Responses.error("forbidden", "a viewer token may read figures but not write events"));
      return;
    }
    Optional<BodyFormat> format = BodyFormat.of(ctx.header("Content-Type"));
    String encoding = ctx.header("Content-Encoding");
    if (format.isEmpty() || (encoding != null && !encoding.equalsIgnoreCase("identity"))) {
      metrics.rejected(Rejection.UNSUPPORTED_MEDIA_TYPE);
      String got = format.isEmpty() ? "Content-Type " + describe(ctx.header("Content-Type"))
          : "Content-Encoding " + describe(encoding);
      Responses.send(ctx, 415, Responses.error("unsupported_media_type",
          "the body must be " + BodyFormat.ACCEPTED + " without Content-Encoding; got " + got));
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      tooLarge(ctx);
      return;
    }
    long reserved = declared >= 0 ? declared : maxBodyBytes;
    if (!inFlight.tryReserve(reserved)) {
      metrics.rejected(Rejection.QUEUE_FULL);
      ctx.header("Retry-After", "1");
      Responses.send(ctx, 503, Responses.error("unavailable", "the gateway is busy with other large requests; "
          + "nothing was written").put("retryAfterSeconds", 1));
      return;
    }
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    try {
      done = readAndAnswer(ctx, who, format.get());
    } finally {
      done.whenComplete((v, e) -> inFlight.release(reserved));
    }
  }

  private CompletableFuture<Void> readAndAnswer(Context ctx, Principal who, BodyFormat format) {
    BoundedBody.Read read;
    long deadline = System.nanoTime() + limits.bodyTimeout().toNanos();
    try {
      read = BoundedBody.read(ctx.req().getInputStream(), maxBodyBytes, ctx.req().getContentLengthLong(), deadline);
    } catch (IOException e) {
      // The client stopped sending (or sent a broken chunked body): nothing to decide on.
      metrics.rejected(Rejection.MALFORMED);
      Responses.send(ctx, 400, Responses.error("malformed_body", "the body could not be read completely"));
      return CompletableFuture.completedFuture(null);
    }
    if (read instanceof BoundedBody.Read.TooLarge) {
      tooLarge(ctx);
      return CompletableFuture.completedFuture(null);
    }
    if (read instanceof BoundedBody.Read.TimedOut) {
      metrics.rejected(Rejection.TIMEOUT);
      // The rest of the body is not waited for: the connection closes after this answer.
      ctx.header("Connection", "close");
      double seconds = limits.bodyTimeout().toMillis() / 1000.0;
      Responses.send(ctx, 408, Responses.error("request_timeout", String.format(java.util.Locale.ROOT,
          "the body did not arrive within %.1f s (ingest.body.timeout.ms); nothing was written; send smaller "
              + "requests, or faster", seconds)).put("timeoutSeconds", seconds));
      return CompletableFuture.completedFuture(null);
    }
    return answer(ctx, request.decide(who, format, ((BoundedBody.Read.Body) read).bytes()));
  }

  private void tooLarge(Context ctx) {
    try {
      drain(ctx.req().getInputStream());
    } catch (IOException e) {
      // Nothing more to read: the answer stays 413.
    }
    metrics.rejected(Rejection.TOO_LARGE);
    ctx.header("Connection", "close");
    Responses.send(ctx, 413, Responses.error("payload_too_large", "the body is larger than the limit of "
        + maxBodyBytes + " bytes; send the events in several smaller requests").put("limitBytes", maxBodyBytes));
  }

  /** Answers the request; the future completes when the answer is final (after the Kafka write, if any). */
  private CompletableFuture<Void> answer(Context ctx, Decision decision) {
    if (decision instanceof Decision.Malformed m) {
      metrics.rejected(Rejection.MALFORMED);
      var body = Responses.error("malformed_body", m.where().message());
      if (m.where().line() > 0) {
        body.put("line", m.where().line());
      }
      if (m.where().column() > 0) {
        body.put("column", m.where().column());
      }
      Responses.send(ctx, 400, body);
    } else if (decision instanceof Decision.TooManyEvents t) {
      metrics.rejected(Rejection.TOO_MANY_EVENTS);
      Responses.send(ctx, 413, Responses.error("too_many_events", "the request holds more than " + t.limit()
          + " events, the limit of one request (ingest.max.events.per.request); send them in several requests; "
          + "nothing was written").put("limitEvents", t.limit()));
    } else if (decision instanceof Decision.Forbidden f) {
      metrics.rejected(Rejection.FORBIDDEN);
      Responses.send(ctx, 403, Responses.issues("forbidden", f.issues().size() + " event(s) may not be written with "
          + "this token; nothing was written", f.issues(), maxReportedIssues));
    } else if (decision instanceof Decision.Invalid inv) {
      metrics.rejected(Rejection.INVALID);
      ctx.attribute(AccessLog.EVENTS, inv.events());
      Responses.send(ctx, 422, Responses.issues("invalid_events", inv.issueCount() + " problem(s) in "
          + inv.invalidEvents() + " of " + inv.events() + " event(s); nothing was written", inv.issues(),
          inv.issueCount(), maxReportedIssues));
    } else {
      return write(ctx, ((Decision.Write) decision).facts());
    }
    return CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> write(Context ctx, List<Fact> facts) {
    ctx.attribute(AccessLog.EVENTS, facts.size());
    if (facts.isEmpty()) {
      Responses.send(ctx, 202, Responses.accepted(0));
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> answered = writer.write(facts).handle((ok, error) -> {
      if (error == null) {
        countAccepted(facts);
        Responses.send(ctx, 202, Responses.accepted(facts.size()));
        return null;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof FactsRejectedException rejected) {
        // This request's own records were refused; retrying it unchanged would fail again.
        metrics.rejected(Rejection.WRITE_FAILED);
        Responses.send(ctx, 500, Responses.error("write_failed", rejected.getMessage()));
        return null;
      }
      var unavailable = cause instanceof WriteUnavailableException u ? u
          : new WriteUnavailableException(WriteUnavailableException.Reason.KAFKA_UNAVAILABLE,
              "the events could not be written; nothing was accepted", 1, cause);
      metrics.rejected(switch (unavailable.reason()) {
        case QUEUE_FULL -> Rejection.QUEUE_FULL;
        case KAFKA_UNAVAILABLE -> Rejection.KAFKA_UNAVAILABLE;
        case REGISTRY_UNAVAILABLE -> Rejection.REGISTRY_UNAVAILABLE;
        case SHUTTING_DOWN -> Rejection.SHUTTING_DOWN;
      });
      ctx.header("Retry-After", Integer.toString(unavailable.retryAfterSeconds()));
      Responses.send(ctx, 503, Responses.error("unavailable", unavailable.getMessage())
          .put("retryAfterSeconds", unavailable.retryAfterSeconds()));
      return null;
    });
    ctx.future(() -> answered);
    return answered;
  }

  private void countAccepted(List<Fact> facts) {
    Map<String, Long> byType = facts.stream()
        .collect(Collectors.groupingBy(f -> f.type().wireName(), Collectors.counting()));
    byType.forEach((type, n) -> metrics.accepted(type, n.intValue()));
  }

  private static String describe(String header) {
    if (header == null) {
      return "(none)";
    }
    String s = header.length() > 80 ? header.substring(0, 80) + "..." : header;
    return "'" + s.chars().mapToObj(c -> Character.isISOControl(c) ? "?" : String.valueOf((char) c))
        .collect(Collectors.joining()) + "'";
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[65536];
    long total = 0;
    try {
      int n;
      while (total < MAX_DRAIN_BYTES && (n = in.read(buffer)) != -1) {
        total += n;
      }
    } catch (IOException e) {
      // The client gave up; the 413 is still the right answer.
    }
  }
}
