package org.dnregistry.ingest.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured (JSON) line per request: method, path, status, time, the principal's label and the number of
 * events. Never the body, the token or any id from the events: access logs travel further than the data.
 */
final class AccessLog {
  static final String PRINCIPAL = "dnregistry.principal";
  static final String EVENTS = "dnregistry.events";
  private static final Logger log = LoggerFactory.getLogger("org.dnregistry.ingest.access");
  private static final int MAX_PATH = 200;

  private AccessLog() {}

  static String line(Context ctx, double ms) {
    String path = ctx.path();
    ObjectNode line = Responses.JSON.createObjectNode()
        .put("method", ctx.method().name())
        .put("path", path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path)
        .put("status", ctx.statusCode())
        .put("ms", Math.round(ms * 10) / 10.0);
    Object principal = ctx.attribute(PRINCIPAL);
    line.put("principal", principal == null ? "anonymous" : principal.toString());
    Object events = ctx.attribute(EVENTS);
    if (events != null) {
      line.put("events", (Integer) events);
    }
    return line.toString();
  }

  static void write(Context ctx, double ms) {
    if (log.isInfoEnabled()) {
      log.info(line(ctx, ms));
    }
  }
}
