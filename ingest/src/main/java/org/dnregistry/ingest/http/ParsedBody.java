package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A request body split into its events, or where it could not be parsed. */
public sealed interface ParsedBody {
  record Events(List<JsonNode> events) implements ParsedBody {}

  /**
   * The body is not JSON/NDJSON. {@code line} and {@code column} are 1-based positions in the body (for NDJSON the
   * line is the NDJSON line), -1 when unknown.
   */
  record Malformed(String message, int line, int column) implements ParsedBody {}
}
