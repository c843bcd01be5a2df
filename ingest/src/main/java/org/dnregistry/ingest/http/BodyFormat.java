package org.dnregistry.ingest.http;

import java.util.Locale;
import java.util.Optional;

/** The two body formats of REFERENCE section 3, read from the Content-Type header. */
public enum BodyFormat {
  /** One event or an array of events. */
  JSON,
  /** One event per line. */
  NDJSON;

  public static final String ACCEPTED = "application/json or application/x-ndjson (charset utf-8)";

  /** The format of a Content-Type header value; empty when it is absent or not one we take. */
  public static Optional<BodyFormat> of(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String[] parts = contentType.split(";");
    String media = parts[0].trim().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim().toLowerCase(Locale.ROOT);
      if (param.startsWith("charset=")) {
        String charset = param.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return Optional.empty();
        }
      }
    }
    return switch (media) {
      case "application/json" -> Optional.of(JSON);
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"
          -> Optional.of(NDJSON);
      default -> Optional.empty();
    };
  }
}
