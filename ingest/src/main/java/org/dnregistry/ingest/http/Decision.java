package org.dnregistry.ingest.http;

import java.util.List;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.validation.Issue;

/** What to do with a parsed, authenticated request: write its facts, or refuse it with a reason. */
public sealed interface Decision {
  /** Every event is valid and allowed: write these facts (in request order). */
  record Write(List<Fact> facts) implements Decision {}

  /** 400: the body is not JSON/NDJSON. */
  record Malformed(ParsedBody.Malformed where) implements Decision {}

  /** 413: more events than one request may hold. */
  record TooManyEvents(int limit) implements Decision {}

  /** 403: events the token may not write. */
  record Forbidden(List<Issue> issues) implements Decision {}

  /**
   * 422: the first problems found ({@code issues}, at most {@link ParseLimits#maxCollectedIssues()}), how many
   * there are in all, and in how many of the request's events.
   */
  record Invalid(List<Issue> issues, int issueCount, int invalidEvents, int events) implements Decision {}
}
