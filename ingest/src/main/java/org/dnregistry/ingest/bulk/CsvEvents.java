package org.dnregistry.ingest.bulk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.FieldKind;
import org.dnregistry.ingest.events.FieldSpec;

/**
 * Turns CSV rows into ingest JSON events. The type comes from a {@code type} column or, without one, from the file
 * name ({@code sessions.csv}, {@code adverse_events.csv}, {@code adverse-events.csv}). An empty cell is an absent
 * field; list fields are separated by {@code ;}; numbers and booleans become JSON numbers and booleans when they
 * read as such, and otherwise stay text so the gateway reports them with its usual message.
 */
final class CsvEvents {
  static final String LIST_SEPARATOR = ";";
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final List<String> header;
  private final int typeColumn;
  private final EventType fileType;

  private CsvEvents(List<String> header, int typeColumn, EventType fileType) {
    this.header = header;
    this.typeColumn = typeColumn;
    this.fileType = fileType;
  }

  /** The converter for a file with this header, or why the file cannot be read as events. */
  static CsvEvents forHeader(Path file, List<String> rawHeader) {
    List<String> header = rawHeader.stream().map(String::strip).toList();
    if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
      header = new java.util.ArrayList<>(header);
      header.set(0, header.get(0).substring(1));
      header = List.copyOf(header);
    }
    int typeColumn = header.indexOf(EventType.TYPE);
    EventType fileType = typeColumn >= 0 ? null : typeFromFileName(file).orElseThrow(() ->
        new IllegalArgumentException("no '" + EventType.TYPE + "' column and the file name does not name a type "
            + "(e.g. sessions.csv, adverse_events.csv); types: " + EventType.wireNames()));
    return new CsvEvents(header, typeColumn, fileType);
  }

  /** {@code sessions.csv} -> session, {@code adverse-events.csv} -> adverse_event. */
  static Optional<EventType> typeFromFileName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.indexOf('.');
    String base = (dot < 0 ? name : name.substring(0, dot)).replace('-', '_');
    for (EventType t : EventType.values()) {
      if (base.equals(t.wireName()) || base.equals(t.wireName() + "s")) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The event of one row. */
  ObjectNode event(List<String> cells) {
    if (cells.size() > header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells but the header has " + header.size());
    }
    ObjectNode event = NODES.objectNode();
    EventType type = fileType;
    if (typeColumn >= 0) {
      String t = typeColumn < cells.size() ? cells.get(typeColumn).strip() : "";
      type = EventType.fromWire(t).orElse(null);
      if (!t.isEmpty()) {
        event.put(EventType.TYPE, t);
      }
    } else {
      event.put(EventType.TYPE, type.wireName());
    }
    for (int i = 0; i < cells.size(); i++) {
      String name = header.get(i);
      String cell = cells.get(i);
      if (i == typeColumn || cell.isEmpty()) {
        continue;
      }
      if (name.equals(EventType.RETRACTED)) {
        putBoolean(event, name, cell.strip());
        continue;
      }
      FieldSpec spec = type == null ? null : type.fields().get(name);
      if (spec == null) {
        event.put(name, cell); // an unknown column: the gateway names it in its answer
        continue;
      }
      put(event, spec, cell);
    }
    return event;
  }

  private static void put(ObjectNode event, FieldSpec spec, String cell) {
    String v = spec.kind() == FieldKind.TEXT ? cell : cell.strip();
    if (v.isEmpty()) {
      return;
    }
    switch (spec.kind()) {
      case CODE_LIST, TEXT_LIST -> {
        ArrayNode list = event.putArray(spec.name());
        for (String item : v.split(LIST_SEPARATOR, -1)) {
          String s = item.strip();
          if (!s.isEmpty()) {
            list.add(s);
          }
        }
      }
      case INTEGER, DECIMAL -> {
        BigDecimal number = number(v);
        if (number == null) {
          event.put(spec.name(), v);
        } else {
          event.set(spec.name(), NODES.numberNode(number));
        }
      }
      case BOOLEAN -> putBoolean(event, spec.name(), v);
      default -> event.put(spec.name(), v);
    }
  }

  private static void putBoolean(ObjectNode event, String name, String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "1" -> event.put(name, true);
      case "false", "no", "n", "0" -> event.put(name, false);
      default -> event.put(name, v);
    }
  }

  private static BigDecimal number(String v) {
    if (v.length() > 40) {
      return null;
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
