package org.dnregistry.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnregistry.ingest.validation.JsonSyntax;

/**
 * Parses a request body into JSON trees without interpreting them. Strict: duplicate keys and trailing garbage
 * are errors (a silently dropped duplicate {@code score} would be a wrong fact), and numbers are kept as exact
 * decimals so that "at most two decimals" can be checked exactly.
 *
 * <p>Streaming, so the {@link ParseLimits} hold while reading: no more than {@code maxEvents} trees are built, and an
 * event with more than {@code maxFieldsPerEvent} fields is skipped token by token instead of being built. Error
 * messages give a position and a fixed reason, never the text they stopped at (see {@link JsonSyntax}).
 */
public final class BodyParser {
  /** Events are flat objects; anything deeper is not an event and only costs stack. */
  private static final int MAX_NESTING = 16;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING)
        .maxNumberLength(100)
        .build());
  }

  private BodyParser() {}

  public static ParsedBody parse(byte[] body, BodyFormat format) {
    return parse(body, format, ParseLimits.defaults());
  }

  public static ParsedBody parse(byte[] body, BodyFormat format, ParseLimits limits) {
    return format == BodyFormat.JSON ? json(body, limits) : ndjson(body, limits);
  }

  /** Signals a trailing value after the document, reported like Jackson's own syntax errors. */
  private static final class TrailingContent extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    TrailingContent(JsonParser p) {
      super(null, null, false, false);
      this.line = p.currentTokenLocation().getLineNr();
      this.column = p.currentTokenLocation().getColumnNr();
    }
  }

  private static ParsedBody json(byte[] body, ParseLimits limits) {
    if (isBlank(body, 0, body.length)) {
      return new ParsedBody.Malformed("the body is empty; expected a JSON event or an array of events", 1, 1);
    }
    var events = new ArrayList<JsonNode>();
    var oversized = new HashSet<Integer>();
    try (JsonParser p = MAPPER.getFactory().createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw new JsonEOFException(p, null, "Unexpected end-of-input in an array");
          }
          if (events.size() == limits.maxEvents()) {
            return new ParsedBody.TooManyEvents(limits.maxEvents());
          }
          add(p, limits, events, oversized);
        }
      } else {
        add(p, limits, events, oversized);
      }
      if (p.nextToken() != null) {
        throw new TrailingContent(p);
      }
    } catch (JsonProcessingException e) {
      return malformed(e, 0);
    } catch (TrailingContent t) {
      return new ParsedBody.Malformed("not valid JSON at line " + t.line + ", column " + t.column + ": "
          + trailingReason(), t.line, t.column);
    } catch (IOException e) {
      return new ParsedBody.Malformed("the body could not be read as JSON", -1, -1);
    }
    return new ParsedBody.Events(events, Set.copyOf(oversized));
  }

  /** One event per line; blank lines (such as a final newline) are skipped, and CR LF line ends are accepted. */
  private static ParsedBody ndjson(byte[] body, ParseLimits limits) {
    var events = new ArrayList<JsonNode>();
    var oversized = new HashSet<Integer>();
    int line = 0;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '\n', start);
      int stop = end < 0 ? body.length : end;
      line++;
      int contentEnd = stop > start && body[stop - 1] == '\r' ? stop - 1 : stop;
      if (!isBlank(body, start, contentEnd)) {
        if (events.size() == limits.maxEvents()) {
          return new ParsedBody.TooManyEvents(limits.maxEvents());
        }
        try (JsonParser p = MAPPER.getFactory().createParser(body, start, contentEnd - start)) {
          p.nextToken();
          add(p, limits, events, oversized);
          if (p.nextToken() != null) {
            throw new TrailingContent(p);
          }
        } catch (JsonProcessingException e) {
          return malformed(e, line);
        } catch (TrailingContent t) {
          return new ParsedBody.Malformed("NDJSON line " + line + ", column " + t.column + ": not a JSON value: "
              + trailingReason(), line, t.column);
        } catch (IOException e) {
          return new ParsedBody.Malformed("NDJSON line " + line + ": could not be read as JSON", line, -1);
        }
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return new ParsedBody.Events(events, Set.copyOf(oversized));
  }

  private static String trailingReason() {
    return "more than one JSON value (send a JSON array, or NDJSON with one event per line)";
  }

  /** Reads the value at the parser's current token as the next event. */
  private static void add(JsonParser p, ParseLimits limits, List<JsonNode> events, Set<Integer> oversized)
      throws IOException {
    var budget = new Budget(limits.maxFieldsPerEvent());
    JsonNode event = value(p, budget);
    if (budget.exceeded) {
      oversized.add(events.size());
      events.add(NODES.objectNode());
    } else {
      events.add(event);
    }
  }

  /** Fields and items still allowed in the event being read; once exceeded, the rest is skipped, not built. */
  private static final class Budget {
    int left;
    boolean exceeded;

    Budget(int max) {
      this.left = max;
    }

    boolean take() {
      if (--left < 0) {
        exceeded = true;
      }
      return !exceeded;
    }
  }

  /** The tree of the value at the current token, built as ObjectMapper.readTree would build it. */
  private static JsonNode value(JsonParser p, Budget budget) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (budget.take()) {
            object.set(name, value(p, budget));
          } else {
            p.skipChildren();
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (budget.take()) {
            array.add(value(p, budget));
          } else {
            p.skipChildren();
          }
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("unexpected token " + t);
    }
  }

  private static ParsedBody.Malformed malformed(JsonProcessingException e, int ndjsonLine) {
    var location = e.getLocation();
    int line = location == null ? -1 : location.getLineNr();
    int column = location == null ? -1 : location.getColumnNr();
    String why = JsonSyntax.reason(e);
    if (ndjsonLine > 0) {
      return new ParsedBody.Malformed("NDJSON line " + ndjsonLine + (column > 0 ? ", column " + column : "")
          + ": not a JSON value: " + why, ndjsonLine, column);
    }
    return new ParsedBody.Malformed("not valid JSON at line " + line + ", column " + column + ": " + why,
        line, column);
  }

  private static int indexOf(byte[] b, byte value, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }
}
