package org.dnregistry.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a request body into JSON trees without interpreting them. Strict: duplicate keys and trailing garbage
 * are errors (a silently dropped duplicate {@code score} would be a wrong fact), and numbers are kept as exact
 * decimals so that "at most two decimals" can be checked exactly.
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

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING)
        .maxNumberLength(100)
        .build());
  }

  private BodyParser() {}

  public static ParsedBody parse(byte[] body, BodyFormat format) {
    return format == BodyFormat.JSON ? json(body) : ndjson(body);
  }

  private static ParsedBody json(byte[] body) {
    if (isBlank(body, 0, body.length)) {
      return new ParsedBody.Malformed("the body is empty; expected a JSON event or an array of events", 1, 1);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return malformed(e, 0);
    } catch (IOException e) {
      return new ParsedBody.Malformed("cannot read the body: " + e.getMessage(), -1, -1);
    }
    if (root.isArray()) {
      var events = new ArrayList<JsonNode>(root.size());
      root.forEach(events::add);
      return new ParsedBody.Events(events);
    }
    return new ParsedBody.Events(List.of(root));
  }

  /** One event per line; blank lines (such as a final newline) are skipped, and CR LF line ends are accepted. */
  private static ParsedBody ndjson(byte[] body) {
    var events = new ArrayList<JsonNode>();
    int line = 0;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '\n', start);
      int stop = end < 0 ? body.length : end;
      line++;
      int contentEnd = stop > start && body[stop - 1] == '\r' ? stop - 1 : stop;
      if (!isBlank(body, start, contentEnd)) {
        try {
          events.add(MAPPER.readTree(body, start, contentEnd - start));
        } catch (JsonProcessingException e) {
          return malformed(e, line);
        } catch (IOException e) {
          return new ParsedBody.Malformed("line " + line + ": cannot read: " + e.getMessage(), line, -1);
        }
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return new ParsedBody.Events(events);
  }

  private static ParsedBody.Malformed malformed(JsonProcessingException e, int ndjsonLine) {
    var location = e.getLocation();
    int line = location == null ? -1 : location.getLineNr();
    int column = location == null ? -1 : location.getColumnNr();
    String what = e.getOriginalMessage();
    if (ndjsonLine > 0) {
      return new ParsedBody.Malformed("NDJSON line " + ndjsonLine + (column > 0 ? ", column " + column : "")
          + ": not a JSON value: " + what, ndjsonLine, column);
    }
    return new ParsedBody.Malformed("not valid JSON at line " + line + ", column " + column + ": " + what,
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
