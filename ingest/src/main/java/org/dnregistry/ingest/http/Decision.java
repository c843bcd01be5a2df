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

  /** 403: events the token may not write. */
  record Forbidden(List<Issue> issues) implements Decision {}

  /** 422: every problem of every event. */
  record Invalid(List<Issue> issues, int events) implements Decision {}
}
