package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** A request body split into its events, or why it could not be. */
public sealed interface ParsedBody {
  /**
   * The events in body order. An event at an index of {@code oversized} had more fields than
   * {@link ParseLimits#maxFieldsPerEvent()}: it was not kept (its place holds an empty object) and is refused.
   */
  record Events(List<JsonNode> events, Set<Integer> oversized) implements ParsedBody {
    public Events(List<JsonNode> events) {
      this(events, Set.of());
    }
  }

  /** More events than {@link ParseLimits#maxEvents()}; reading stopped there. */
  record TooManyEvents(int limit) implements ParsedBody {}

  /**
   * The body is not JSON/NDJSON. {@code line} and {@code column} are 1-based positions in the body (for NDJSON the
   * line is the NDJSON line), -1 when unknown. The message never quotes the body.
   */
  record Malformed(String message, int line, int column) implements ParsedBody {}
}
