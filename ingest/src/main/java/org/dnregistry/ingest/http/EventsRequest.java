package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.access.Principal;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.ingest.validation.Issue;
import org.dnregistry.ingest.validation.Validation;

/**
 * The decision for one request body, independent of HTTP: parse (400, 413 for too many events), check permissions
 * (403), validate every event (422), then map to Kafka facts. Nothing is written unless every event passes.
 */
public final class EventsRequest {
  private final EventValidator validator;
  private final FactMapper mapper;
  private final ParseLimits limits;

  public EventsRequest(EventValidator validator, FactMapper mapper) {
    this(validator, mapper, ParseLimits.defaults());
  }

  public EventsRequest(EventValidator validator, FactMapper mapper, ParseLimits limits) {
    this.validator = validator;
    this.mapper = mapper;
    this.limits = limits;
  }

  public ParseLimits limits() {
    return limits;
  }

  public Decision decide(Principal principal, BodyFormat format, byte[] body) {
    ParsedBody parsed = BodyParser.parse(body, format, limits);
    if (parsed instanceof ParsedBody.Malformed m) {
      return new Decision.Malformed(m);
    }
    if (parsed instanceof ParsedBody.TooManyEvents t) {
      return new Decision.TooManyEvents(t.limit());
    }
    var read = (ParsedBody.Events) parsed;
    List<JsonNode> events = read.events();
    List<Issue> forbidden = WritePermissions.forbidden(principal, events);
    if (!forbidden.isEmpty()) {
      return new Decision.Forbidden(forbidden);
    }
    var issues = new Issues(limits.maxCollectedIssues());
    var facts = new ArrayList<Fact>(events.size());
    for (int i = 0; i < events.size(); i++) {
      if (read.oversized().contains(i)) {
        issues.add(List.of(new Issue(i, null, "the event has more than " + limits.maxFieldsPerEvent()
            + " fields and list items (ingest.max.fields.per.event); it was not read")));
        continue;
      }
      Validation v = validator.validate(events.get(i), i);
      if (v instanceof Validation.Invalid invalid) {
        issues.add(invalid.issues());
      } else if (issues.count == 0) {
        facts.add(mapper.toFact(((Validation.Valid) v).event()));
      }
    }
    return issues.count == 0 ? new Decision.Write(facts)
        : new Decision.Invalid(List.copyOf(issues.kept), issues.count, issues.events, events.size());
  }

  /** The problems of a request: the first {@code max} kept for the answer, the rest only counted. */
  private static final class Issues {
    final int max;
    final List<Issue> kept = new ArrayList<>();
    int count;
    int events;

    Issues(int max) {
      this.max = max;
    }

    void add(List<Issue> ofOneEvent) {
      events++;
      count += ofOneEvent.size();
      for (Issue issue : ofOneEvent) {
        if (kept.size() == max) {
          return;
        }
        kept.add(issue);
      }
    }
  }
}
