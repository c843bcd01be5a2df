package org.dnregistry.ingest.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.dnregistry.ingest.events.EventType;

/**
 * Why a text is not JSON, in words that never quote the text. Jackson's own messages echo what they choke on
 * ("Unrecognized token 'MRN0012345'"), and a body may hold a patient id exactly there; a 400 answer or an import
 * error report must not copy it. The position (line and column) is reported next to this reason.
 */
public final class JsonSyntax {
  /** Every field name of the contract's events (REFERENCE section 2). */
  private static final Set<String> FIELD_NAMES = java.util.stream.Stream.concat(
          Arrays.stream(EventType.values()).flatMap(t -> t.fields().keySet().stream()),
          java.util.stream.Stream.of(EventType.TYPE, EventType.RETRACTED))
      .collect(Collectors.toUnmodifiableSet());

  private JsonSyntax() {}

  /** The text between the first two {@code quote} characters of {@code s}, or null. */
  private static String between(String s, char quote) {
    int from = s.indexOf(quote);
    int to = from < 0 ? -1 : s.indexOf(quote, from + 1);
    return to < 0 ? null : s.substring(from + 1, to);
  }

  /** A fixed, input-free reason for a parse failure. */
  public static String reason(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "the JSON ends early (an object, array or string is not closed)";
    }
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      return m.startsWith("Document nesting depth") ? "the JSON is nested too deeply"
          : m.startsWith("Number value length") ? "a number has too many digits"
          : "the JSON exceeds a parser limit";
    }
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.startsWith("duplicate field")) {
      // A key is named only when it is one of the contract's field names: vocabulary, not data.
      String key = between(m, '\'');
      return key != null && FIELD_NAMES.contains(key) ? "the key \"" + key + "\" appears twice in one object"
          : "the same key appears twice in one object";
    }
    if (lower.startsWith("unexpected end-of-input")) {
      return "the JSON ends early (an object, array or string is not closed)";
    }
    if (lower.startsWith("unrecognized token")) {
      return "a word that is not JSON (texts need double quotes; true, false and null are lower case)";
    }
    if (lower.startsWith("illegal unquoted character")) {
      return "a control character (such as a line break) inside a string must be escaped";
    }
    if (lower.startsWith("invalid utf-8") || lower.contains("invalid utf-8")) {
      return "the body is not valid UTF-8";
    }
    if (lower.startsWith("non-standard token")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (lower.startsWith("unexpected close marker")) {
      return "a closing bracket or brace without its opening one";
    }
    if (lower.startsWith("invalid numeric value") || lower.contains("leading zero") || lower.contains("number")) {
      return "a number is not written as JSON allows";
    }
    if (lower.startsWith("unexpected character")) {
      return "an unexpected character (a missing comma, colon or quote?)";
    }
    if (lower.startsWith("trailing token")) {
      return "more than one JSON value (send a JSON array, or NDJSON with one event per line)";
    }
    return "not valid JSON";
  }
}
