package org.dnregistry.ingest.events;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One field of an ingest event: its JSON name, kind, whether it is required, and the bounds it must respect.
 * Validation, the CSV importer and the error messages are all driven by these declarations, so a rule is written
 * once. Bounds that do not apply to a kind are null (numbers) or 0 (lengths, counts).
 */
public record FieldSpec(
    String name,
    FieldKind kind,
    Presence presence,
    List<String> codes,
    BigDecimal min,
    BigDecimal max,
    boolean minExclusive,
    int maxDecimals,
    int maxLength,
    int maxItems,
    String rangeNote) {

  /** Longest id: keys such as {@code clinicId|episodeId|INSTRUMENT|TIMEPOINT} stay short and printable. */
  public static final int ID_MAX_LENGTH = 64;

  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(presence, "presence");
    codes = List.copyOf(codes);
  }

  public static FieldSpec id(String name, Presence presence) {
    return new FieldSpec(name, FieldKind.ID, presence, List.of(), null, null, false, -1, ID_MAX_LENGTH, 0, null);
  }

  public static FieldSpec text(String name, Presence presence, int maxLength) {
    return new FieldSpec(name, FieldKind.TEXT, presence, List.of(), null, null, false, -1, maxLength, 0, null);
  }

  public static FieldSpec region(String name, Presence presence) {
    return new FieldSpec(name, FieldKind.REGION, presence, List.of(), null, null, false, -1, 6, 0, null);
  }

  public static FieldSpec code(String name, Presence presence, Class<? extends Enum<?>> codes) {
    return new FieldSpec(name, FieldKind.CODE, presence, namesOf(codes), null, null, false, -1, 0, 0, null);
  }

  public static FieldSpec codeList(String name, Class<? extends Enum<?>> codes) {
    List<String> names = namesOf(codes);
    return new FieldSpec(name, FieldKind.CODE_LIST, Presence.OPTIONAL, names, null, null, false, -1, 0, names.size(), null);
  }

  public static FieldSpec textList(String name, int maxLength, int maxItems) {
    return new FieldSpec(name, FieldKind.TEXT_LIST, Presence.OPTIONAL, List.of(), null, null, false, -1, maxLength,
        maxItems, null);
  }

  public static FieldSpec integer(String name, Presence presence, long min, long max) {
    return new FieldSpec(name, FieldKind.INTEGER, presence, List.of(), BigDecimal.valueOf(min),
        BigDecimal.valueOf(max), false, 0, 0, 0, null);
  }

  /** A decimal in [min, max] with at most {@code maxDecimals} decimals (-1: any). */
  public static FieldSpec decimal(String name, Presence presence, String min, String max, int maxDecimals) {
    return new FieldSpec(name, FieldKind.DECIMAL, presence, List.of(), new BigDecimal(min), new BigDecimal(max),
        false, maxDecimals, 0, 0, null);
  }

  /** A decimal in (0, max]: sizes that must be positive. */
  public static FieldSpec positiveDecimal(String name, Presence presence, String max) {
    return new FieldSpec(name, FieldKind.DECIMAL, presence, List.of(), BigDecimal.ZERO, new BigDecimal(max),
        true, -1, 0, 0, null);
  }

  public static FieldSpec bool(String name, Presence presence) {
    return new FieldSpec(name, FieldKind.BOOLEAN, presence, List.of(), null, null, false, -1, 0, 0, null);
  }

  public static FieldSpec instant(String name, Presence presence) {
    return new FieldSpec(name, FieldKind.INSTANT, presence, List.of(), null, null, false, -1, 0, 0, null);
  }

  public static FieldSpec date(String name, Presence presence) {
    return new FieldSpec(name, FieldKind.DATE, presence, List.of(), null, null, false, -1, 0, 0, null);
  }

  /** The same field with a narrower maximum that depends on another field, e.g. a score's instrument. */
  public FieldSpec withMax(BigDecimal narrowerMax, String note) {
    return new FieldSpec(name, kind, presence, codes, min, narrowerMax, minExclusive, maxDecimals, maxLength, maxItems,
        note);
  }

  public boolean required() {
    return presence != Presence.OPTIONAL;
  }

  /** What a valid value looks like, for error messages. */
  public String expected() {
    return switch (kind) {
      case ID -> "an id of 1-" + maxLength + " characters without '|', control characters or surrounding spaces";
      case TEXT -> "a text of at most " + maxLength + " characters";
      case REGION -> "a US state or region code such as CO or CA-ON";
      case CODE -> "one of " + String.join(", ", codes);
      case CODE_LIST -> "an array of distinct codes, each one of " + String.join(", ", codes);
      case TEXT_LIST -> "an array of at most " + maxItems + " distinct texts of at most " + maxLength + " characters";
      case INTEGER -> "a whole number from " + min.toPlainString() + " to " + max.toPlainString();
      case DECIMAL -> "a number " + (minExclusive ? "greater than " + min.toPlainString() + " and up to "
          : "from " + min.toPlainString() + " to ") + max.toPlainString()
          + (rangeNote == null ? "" : " " + rangeNote)
          + (maxDecimals >= 0 ? " with at most " + maxDecimals + " decimals" : "");
      case BOOLEAN -> "true or false";
      case INSTANT -> "an ISO-8601 instant with a zone, such as 2024-05-01T09:30:00Z";
      case DATE -> "a date YYYY-MM-DD";
    };
  }

  private static List<String> namesOf(Class<? extends Enum<?>> codes) {
    return Arrays.stream(codes.getEnumConstants()).map(Enum::name).toList();
  }
}
