package org.dnregistry.streams.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares two figure documents as FIGURES.md asks: same structure, same field names in the same order, same
 * strings and booleans, nulls equal, numbers equal within 1e-9 relative or 1e-12 absolute (an integer and a
 * double of the same value are equal).
 */
public final class JsonFigures {
  static final double RELATIVE = 1e-9;
  static final double ABSOLUTE = 1e-12;
  private static final int MAX_REPORTED = 10;

  private JsonFigures() {}

  /**
   * Throws an AssertionError listing (up to ten) differences, each with its JSON path and both values, and the
   * context (say scope, indication, window, asOf and seed) so that a failing property can be replayed.
   */
  public static void assertSameFigures(JsonNode expected, JsonNode actual, String context) {
    List<String> differences = differences(expected, actual);
    if (!differences.isEmpty()) {
      var message = new StringBuilder("figures differ (" + context + "), expected = oracle:");
      for (String d : differences.subList(0, Math.min(MAX_REPORTED, differences.size()))) {
        message.append("\n  ").append(d);
      }
      if (differences.size() > MAX_REPORTED) {
        message.append("\n  ... and ").append(differences.size() - MAX_REPORTED).append(" more");
      }
      throw new AssertionError(message.toString());
    }
  }

  /** Every difference found, as "path: expected X but was Y"; empty when the trees agree. */
  static List<String> differences(JsonNode expected, JsonNode actual) {
    var out = new ArrayList<String>();
    compare("$", expected, actual, out);
    return out;
  }

  static boolean numbersEqual(double expected, double actual) {
    if (expected == actual) {
      return true;
    }
    double diff = Math.abs(expected - actual);
    return diff <= ABSOLUTE || diff <= RELATIVE * Math.max(Math.abs(expected), Math.abs(actual));
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected == null || actual == null || expected.isMissingNode() || actual.isMissingNode()) {
      if (!(isAbsent(expected) && isAbsent(actual))) {
        out.add(path + ": expected " + show(expected) + " but was " + show(actual));
      }
      return;
    }
    if (expected.isNumber() && actual.isNumber()) {
      if (!numbersEqual(expected.doubleValue(), actual.doubleValue())) {
        out.add(path + ": expected " + expected + " but was " + actual);
      }
      return;
    }
    if (expected.getNodeType() != actual.getNodeType()) {
      out.add(path + ": expected " + show(expected) + " but was " + show(actual));
      return;
    }
    switch (expected.getNodeType()) {
      case OBJECT -> compareObjects(path, expected, actual, out);
      case ARRAY -> {
        if (expected.size() != actual.size()) {
          out.add(path + ": expected " + expected.size() + " elements but was " + actual.size());
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
          compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
        }
      }
      case NULL -> { }
      default -> {
        if (!expected.equals(actual)) {
          out.add(path + ": expected " + expected + " but was " + actual);
        }
      }
    }
  }

  private static void compareObjects(String path, JsonNode expected, JsonNode actual, List<String> out) {
    List<String> expectedNames = names(expected);
    List<String> actualNames = names(actual);
    if (!expectedNames.equals(actualNames)) {
      out.add(path + ": expected fields " + expectedNames + " but was " + actualNames);
    }
    for (String name : expectedNames) {
      if (actual.has(name)) {
        compare(path + "." + name, expected.get(name), actual.get(name), out);
      }
    }
  }

  private static List<String> names(JsonNode object) {
    var names = new ArrayList<String>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isMissingNode();
  }

  private static String show(JsonNode node) {
    if (isAbsent(node)) {
      return "(absent)";
    }
    return node.getNodeType() + " " + node;
  }
}
