package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.dnregistry.ingest.validation.Issue;

/** The JSON bodies of every answer of the gateway: always an object with a clear {@code message}. */
final class Responses {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APPLICATION_JSON = "application/json";

  private Responses() {}

  static void send(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType(APPLICATION_JSON).result(body.toString());
  }

  static ObjectNode accepted(int count) {
    return JSON.createObjectNode().put("accepted", count);
  }

  static ObjectNode error(String error, String message) {
    return JSON.createObjectNode().put("error", error).put("message", message);
  }

  /** REFERENCE section 3: {@code {"errors": [{"index", "field", "message"}]}}, capped at {@code max} entries. */
  static ObjectNode issues(String error, String message, List<Issue> issues, int max) {
    return issues(error, message, issues, issues.size(), max);
  }

  /** The same for the first problems of {@code count} in all. */
  static ObjectNode issues(String error, String message, List<Issue> issues, int count, int max) {
    ObjectNode body = error(error, message);
    ArrayNode list = body.putArray("errors");
    issues.stream().limit(max).forEach(i -> {
      ObjectNode e = list.addObject().put("index", i.index());
      if (i.field() == null) {
        e.putNull("field");
      } else {
        e.put("field", i.field());
      }
      e.put("message", i.message());
    });
    body.put("errorCount", count);
    if (count > Math.min(max, issues.size())) {
      body.put("truncated", true);
    }
    return body;
  }
}
