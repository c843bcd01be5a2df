package org.dnregistry.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Small helpers to describe client JSON in messages without echoing free text. */
final class Json {
  private Json() {}

  static String kind(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "the number " + shortNumber(node.decimalValue());
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "true" : "false";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A number for a message: never the plain form of a huge exponent, which could be megabytes long. */
  static String shortNumber(BigDecimal d) {
    String s = d.toString();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
