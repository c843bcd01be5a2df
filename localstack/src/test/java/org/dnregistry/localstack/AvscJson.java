package org.dnregistry.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A record as JavaScript sees it through avsc, the Avro library of Confluent's Node client: timestamp-millis and
 * date as plain numbers (epoch milliseconds, epoch days), enums as strings, {@code [null, T]} unions unwrapped,
 * maps as objects. Bytes are base64, as {@code frames.js} prints them.
 */
final class AvscJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * JSON has one number type: JavaScript prints 40.0 as 40, which Jackson reads as an int. Numbers are equal when
   * their values are; everything else as Jackson compares it.
   */
  static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private AvscJson() {}

  static JsonNode of(IndexedRecord record) {
    return of(record, record.getSchema());
  }

  static boolean sameValues(JsonNode a, JsonNode b) {
    return a.equals(SAME_VALUE, b);
  }

  private static JsonNode of(Object value, Schema schema) {
    return switch (schema.getType()) {
      case RECORD -> {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), of(((IndexedRecord) value).get(field.pos()), field.schema()));
        }
        yield object;
      }
      case UNION -> value == null ? NODES.nullNode() : of(value, nonNullBranch(schema));
      case ENUM, STRING -> NODES.textNode(value.toString());
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Collection<?>) value) {
          array.add(of(item, schema.getElementType()));
        }
        yield array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        var sorted = new TreeMap<String, Object>();
        ((Map<?, ?>) value).forEach((k, v) -> sorted.put(k.toString(), v));
        sorted.forEach((k, v) -> object.set(k, of(v, schema.getValueType())));
        yield object;
      }
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      }
      case INT -> NODES.numberNode(value instanceof LocalDate day ? Math.toIntExact(day.toEpochDay()) : (int) value);
      case LONG -> NODES.numberNode(value instanceof Instant at ? at.toEpochMilli() : (long) value);
      case DOUBLE -> NODES.numberNode((double) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case NULL -> NODES.nullNode();
      default -> throw new IllegalArgumentException("no avsc form of " + schema.getType() + " here; add one");
    };
  }

  private static Schema nonNullBranch(Schema union) {
    var branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      // avsc wraps such unions ({"string": ...}); none of the registry's schemas has one.
      throw new IllegalArgumentException("not a [null, T] union: " + union);
    }
    return branches.get(0);
  }
}
