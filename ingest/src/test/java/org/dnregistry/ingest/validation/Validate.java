package org.dnregistry.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.ValidEvent;
import org.dnregistry.ingest.http.BodyFormat;
import org.dnregistry.ingest.http.BodyParser;
import org.dnregistry.ingest.http.ParsedBody;

/** Runs the validator the way the gateway does: on JSON text parsed by the gateway's own parser. */
final class Validate {
  static final EventValidator VALIDATOR = new EventValidator(TestEvents.CLOCK);

  private Validate() {}

  static JsonNode parse(String json) {
    ParsedBody parsed = BodyParser.parse(json.getBytes(StandardCharsets.UTF_8), BodyFormat.JSON);
    assertThat(parsed).isInstanceOf(ParsedBody.Events.class);
    return ((ParsedBody.Events) parsed).events().get(0);
  }

  static List<Issue> issues(JsonNode event) {
    Validation v = VALIDATOR.validate(parse(event.toString()), 0);
    return v instanceof Validation.Invalid i ? i.issues() : List.of();
  }

  static List<Issue> issues(String json) {
    Validation v = VALIDATOR.validate(parse(json), 0);
    return v instanceof Validation.Invalid i ? i.issues() : List.of();
  }

  static ValidEvent valid(JsonNode event) {
    Validation v = VALIDATOR.validate(parse(event.toString()), 0);
    assertThat(v).as("validation of %s", event).isInstanceOf(Validation.Valid.class);
    return ((Validation.Valid) v).event();
  }

  /** Exactly one issue, on {@code field}, whose message contains every fragment. */
  static Issue onlyIssue(JsonNode event, String field, String... fragments) {
    List<Issue> issues = issues(event);
    assertThat(issues).as("issues of %s", event).hasSize(1);
    Issue issue = issues.get(0);
    assertThat(issue.field()).isEqualTo(field);
    assertThat(issue.message()).contains(fragments);
    return issue;
  }
}
