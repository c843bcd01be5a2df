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
 * The decision for one request body, independent of HTTP: parse (400), check permissions (403), validate every
 * event (422), then map to Kafka facts. Nothing is written unless every event passes.
 */
public final class EventsRequest {
  private final EventValidator validator;
  private final FactMapper mapper;

  public EventsRequest(EventValidator validator, FactMapper mapper) {
    this.validator = validator;
    this.mapper = mapper;
  }

  public Decision decide(Principal principal, BodyFormat format, byte[] body) {
    ParsedBody parsed = BodyParser.parse(body, format);
    if (parsed instanceof ParsedBody.Malformed m) {
      return new Decision.Malformed(m);
    }
    List<JsonNode> events = ((ParsedBody.Events) parsed).events();
    List<Issue> forbidden = WritePermissions.forbidden(principal, events);
    if (!forbidden.isEmpty()) {
      return new Decision.Forbidden(forbidden);
    }
    var issues = new ArrayList<Issue>();
    var facts = new ArrayList<Fact>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Validation v = validator.validate(events.get(i), i);
      if (v instanceof Validation.Invalid invalid) {
        issues.addAll(invalid.issues());
      } else if (issues.isEmpty()) {
        facts.add(mapper.toFact(((Validation.Valid) v).event()));
      }
    }
    return issues.isEmpty() ? new Decision.Write(facts) : new Decision.Invalid(issues, events.size());
  }
}
