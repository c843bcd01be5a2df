package org.dnregistry.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.avro.Instrument;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.FieldSpec;
import org.dnregistry.ingest.events.Presence;
import org.dnregistry.ingest.events.ScoreRanges;
import org.dnregistry.ingest.events.ValidEvent;

/**
 * Validates one ingest event (REFERENCE section 2) and reports every problem, not only the first: a clinic fixing
 * its export wants the whole list. A pure function of the JSON and the clock.
 */
public final class EventValidator {
  private static final int MAX_FIELD_NAME_IN_MESSAGE = 64;

  private final Clock clock;

  public EventValidator(Clock clock) {
    this.clock = clock;
  }

  public Validation validate(JsonNode node, int index) {
    var issues = new ArrayList<Issue>();
    if (node == null || !node.isObject()) {
      issues.add(new Issue(index, null, "expected a JSON object with a \"type\" field, got "
          + (node == null ? "nothing" : Json.kind(node))));
      return new Validation.Invalid(issues);
    }
    Optional<EventType> type = type(node, index, issues);
    if (type.isEmpty()) {
      return new Validation.Invalid(issues);
    }
    boolean retracted = retracted(node, index, issues);
    unknownFields(node, type.get(), index, issues);

    var reader = new FieldReader(index, clock.instant(), issues);
    var values = new HashMap<String, Object>();
    for (FieldSpec spec : type.get().fields().values()) {
      // A retraction needs only the fact's key; its other fields, if sent, are ignored.
      if (retracted && spec.presence() != Presence.KEY) {
        continue;
      }
      JsonNode value = node.get(spec.name());
      if (value == null || value.isNull()) {
        if (spec.required()) {
          issues.add(new Issue(index, spec.name(), (value == null ? "is required" : "must not be null")
              + (retracted ? " in a retraction" : "") + "; expected " + spec.expected()));
        }
        continue;
      }
      Object typed = reader.read(narrowed(type.get(), spec, node), value);
      if (typed != null) {
        values.put(spec.name(), typed);
      }
    }
    if (!retracted) {
      crossFieldRules(type.get(), values, index, issues);
    }
    return issues.isEmpty()
        ? new Validation.Valid(new ValidEvent(type.get(), retracted, values))
        : new Validation.Invalid(issues);
  }

  /** A score is checked against its own instrument's range when the instrument is known. */
  private static FieldSpec narrowed(EventType type, FieldSpec spec, JsonNode event) {
    if (type != EventType.OUTCOME || !spec.name().equals("score")) {
      return spec;
    }
    JsonNode instrument = event.get("instrument");
    if (instrument == null || !instrument.isTextual()) {
      return spec;
    }
    for (Instrument i : Instrument.values()) {
      if (i.name().equals(instrument.textValue())) {
        return spec.withMax(ScoreRanges.max(i), "for " + i.name());
      }
    }
    return spec;
  }

  private static Optional<EventType> type(JsonNode node, int index, List<Issue> issues) {
    JsonNode t = node.get(EventType.TYPE);
    if (t == null || t.isNull()) {
      issues.add(new Issue(index, EventType.TYPE, "is required; expected one of " + EventType.wireNames()));
      return Optional.empty();
    }
    if (!t.isTextual()) {
      issues.add(new Issue(index, EventType.TYPE, "expected one of " + EventType.wireNames() + ", got "
          + Json.kind(t)));
      return Optional.empty();
    }
    Optional<EventType> type = EventType.fromWire(t.textValue());
    if (type.isEmpty()) {
      issues.add(new Issue(index, EventType.TYPE, TextRules.quote(t.textValue())
          + " is not an event type; expected one of " + EventType.wireNames()));
    }
    return type;
  }

  private static boolean retracted(JsonNode node, int index, List<Issue> issues) {
    JsonNode r = node.get(EventType.RETRACTED);
    if (r == null || r.isNull()) {
      return false;
    }
    if (!r.isBoolean()) {
      issues.add(new Issue(index, EventType.RETRACTED, "expected true or false, got " + Json.kind(r)));
      return false;
    }
    return r.booleanValue();
  }

  private static void unknownFields(JsonNode node, EventType type, int index, List<Issue> issues) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equals(EventType.TYPE) || name.equals(EventType.RETRACTED) || type.fields().containsKey(name)) {
        continue;
      }
      issues.add(new Issue(index, shortName(name), "unknown field for type " + type.wireName()
          + "; known fields: " + String.join(", ", type.fields().keySet()) + ", " + EventType.RETRACTED));
    }
  }

  private static String shortName(String name) {
    String printable = TextRules.quote(name);
    printable = printable.substring(1, printable.length() - 1);
    return printable.length() <= MAX_FIELD_NAME_IN_MESSAGE ? printable
        : printable.substring(0, MAX_FIELD_NAME_IN_MESSAGE) + "...";
  }

  private static void crossFieldRules(EventType type, Map<String, Object> values, int index, List<Issue> issues) {
    switch (type) {
      case BASELINE -> {
        BigDecimal low = (BigDecimal) values.get("low");
        BigDecimal high = (BigDecimal) values.get("high");
        if (low != null && high != null && low.compareTo(high) > 0) {
          issues.add(new Issue(index, "low", "must not be greater than high (" + Json.shortNumber(low) + " > "
              + Json.shortNumber(high) + ")"));
        }
      }
      default -> { }
    }
  }
}
