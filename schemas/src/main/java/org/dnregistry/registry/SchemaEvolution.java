package org.dnregistry.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Whether a current record schema may replace a released one. BACKWARD: consumers on the current schema read
 * records written with the released one (what the registry subjects enforce, and what compacted topics need:
 * they keep released-version records for ever). FORWARD: consumers still on the released schema read records
 * written with the current one (what lets clinics' producers upgrade before every consumer has).
 */
public final class SchemaEvolution {
  private SchemaEvolution() {}

  public enum Direction {
    /** The current schema reads data written with the released one. */
    BACKWARD,
    /** The released schema reads data written with the current one. */
    FORWARD
  }

  /** One reason the current schema breaks a reader; {@code field} is a path such as {@code Session.regions[]}. */
  public record Problem(String record, String release, Direction direction, String field, String kind,
      String detail) {
    @Override
    public String toString() {
      return record + " vs released " + release + ": " + direction + " broken at field " + field + ": " + kind
          + " (" + detail + ")";
    }
  }

  /** Every problem in both directions; empty when the change is safe. */
  public static List<Problem> check(Schema current, Schema released, String release) {
    var problems = new ArrayList<Problem>();
    problems.addAll(problems(current, released, release, Direction.BACKWARD));
    problems.addAll(problems(released, current, release, Direction.FORWARD));
    return problems;
  }

  /** Problems of one direction only. */
  public static List<Problem> check(Schema current, Schema released, String release, Direction direction) {
    return direction == Direction.BACKWARD
        ? problems(current, released, release, direction)
        : problems(released, current, release, direction);
  }

  private static List<Problem> problems(Schema reader, Schema writer, String release, Direction direction) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    var problems = new ArrayList<Problem>();
    for (Incompatibility i : result.getIncompatibilities()) {
      problems.add(new Problem(reader.getFullName(), release, direction, fieldPath(reader, i.getLocation()),
          explain(i, direction), i.getType() + ": " + i.getMessage()));
    }
    return problems;
  }

  private static String explain(Incompatibility i, Direction direction) {
    boolean backward = direction == Direction.BACKWARD;
    return switch (i.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE -> backward
          ? "a field was added without a default"
          : "a field without a default in the released schema was removed (or renamed)";
      case MISSING_ENUM_SYMBOLS -> backward
          ? "enum symbols were removed from an enum without a default"
          : "enum symbols were added to an enum without a default symbol";
      case MISSING_UNION_BRANCH -> backward ? "a union branch was removed" : "a union branch was added";
      case NAME_MISMATCH -> "a named type was renamed without an alias";
      case TYPE_MISMATCH, FIXED_SIZE_MISMATCH -> "a type was changed";
    };
  }

  /**
   * Turns Avro's JSON-pointer location ({@code /fields/3/type/items}, field numbers of the reader) into
   * {@code Record.field[]}; falls back to the raw location if the schema does not follow it.
   */
  static String fieldPath(Schema reader, String location) {
    try {
      var path = new StringBuilder(reader.getName());
      Schema s = reader;
      String[] parts = location.split("/");
      for (int k = 1; k < parts.length; k++) {
        String part = parts[k];
        switch (part) {
          case "fields" -> {
            Schema.Field f = s.getFields().get(Integer.parseInt(parts[++k]));
            path.append('.').append(f.name());
            s = f.schema();
          }
          case "items" -> {
            s = nonNull(s).getElementType();
            path.append("[]");
          }
          case "values" -> {
            s = nonNull(s).getValueType();
            path.append("{}");
          }
          case "type", "" -> { }
          case "symbols", "name", "size" -> path.append(" (").append(part).append(')');
          default -> {
            // A union branch number (of the writer's union): follow it when the reader is a union too.
            int branch = Integer.parseInt(part);
            if (s.getType() == Schema.Type.UNION && branch < s.getTypes().size()) {
              s = s.getTypes().get(branch);
            }
          }
        }
      }
      return path.toString();
    } catch (RuntimeException e) {
      return location;
    }
  }

  private static Schema nonNull(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s);
  }
}
