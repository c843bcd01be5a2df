package org.dnregistry.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dnregistry.ingest.events.FieldKind;
import org.dnregistry.ingest.events.FieldSpec;

/**
 * Reads one JSON field value against its {@link FieldSpec}: returns the typed value, or null after recording
 * every problem with it. Pure apart from {@code now}, which bounds plausible dates.
 */
final class FieldReader {
  /** Clocks of clinic systems drift; an instant this far in the future is still accepted. */
  static final Duration INSTANT_SKEW = Duration.ofMinutes(5);
  /** A calendar day one day ahead is accepted: the sender's day may already have started. */
  static final long DATE_SKEW_DAYS = 1;
  /** The registry holds dry needling care from 1990 on; anything earlier is a typo. */
  static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?");
  private static final int MAX_TIME_LENGTH = 64;

  private final int index;
  private final Instant now;
  private final List<Issue> issues;

  FieldReader(int index, Instant now, List<Issue> issues) {
    this.index = index;
    this.now = now;
    this.issues = issues;
  }

  /** The typed value of a present, non-null JSON value; null if it is invalid (problems recorded). */
  Object read(FieldSpec spec, JsonNode value) {
    return read(spec, spec.name(), spec.kind(), value);
  }

  private Object read(FieldSpec spec, String field, FieldKind kind, JsonNode value) {
    return switch (kind) {
      case ID -> id(spec, field, value);
      case TEXT -> text(spec, field, value, true);
      case REGION -> region(spec, field, value);
      case CODE -> code(spec, field, value);
      case CODE_LIST -> list(spec, field, value, FieldKind.CODE);
      case TEXT_LIST -> list(spec, field, value, FieldKind.ID);
      case INTEGER -> integer(spec, field, value);
      case DECIMAL -> decimal(spec, field, value);
      case BOOLEAN -> bool(spec, field, value);
      case INSTANT -> instant(spec, field, value);
      case DATE -> date(spec, field, value);
    };
  }

  private void problem(String field, String message) {
    issues.add(new Issue(index, field, message));
  }

  private String string(FieldSpec spec, String field, JsonNode value, String expected) {
    if (!value.isTextual()) {
      problem(field, "expected " + expected + ", got " + Json.kind(value));
      return null;
    }
    return value.textValue();
  }

  private String id(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    Optional<String> problem = TextRules.idProblem(s, spec.maxLength());
    problem.ifPresent(p -> problem(field, p));
    return problem.isPresent() ? null : s;
  }

  private String text(FieldSpec spec, String field, JsonNode value, boolean multiLine) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    Optional<String> problem = TextRules.textProblem(s, spec.maxLength(), multiLine);
    problem.ifPresent(p -> problem(field, p));
    return problem.isPresent() ? null : s;
  }

  private String region(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    if (!REGION.matcher(s).matches()) {
      problem(field, "expected " + spec.expected() + ", got " + TextRules.quote(s));
      return null;
    }
    return s.toUpperCase(Locale.ROOT);
  }

  private String code(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    if (!spec.codes().contains(s)) {
      problem(field, TextRules.quote(s) + " is not a valid code; expected one of " + String.join(", ", spec.codes()));
      return null;
    }
    return s;
  }

  private List<String> list(FieldSpec spec, String field, JsonNode value, FieldKind itemKind) {
    if (!value.isArray()) {
      problem(field, "expected " + spec.expected() + ", got " + Json.kind(value));
      return null;
    }
    if (value.size() > spec.maxItems()) {
      problem(field, "expected at most " + spec.maxItems() + " entries, got " + value.size());
      return null;
    }
    int before = issues.size();
    var items = new ArrayList<String>();
    var firstIndex = new HashMap<String, Integer>();
    for (int i = 0; i < value.size(); i++) {
      String itemField = field + "[" + i + "]";
      JsonNode item = value.get(i);
      if (item.isNull()) {
        problem(itemField, "must not be null; expected " + itemExpected(spec, itemKind));
        continue;
      }
      Object v = itemKind == FieldKind.CODE ? code(spec, itemField, item) : listText(spec, itemField, item);
      if (v == null) {
        continue;
      }
      String s = (String) v;
      Integer seen = firstIndex.putIfAbsent(s, i);
      if (seen != null) {
        problem(itemField, "duplicate entry: same as " + field + "[" + seen + "]");
        continue;
      }
      items.add(s);
    }
    return issues.size() == before ? List.copyOf(items) : null;
  }

  private String listText(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, itemExpected(spec, FieldKind.ID));
    if (s == null) {
      return null;
    }
    Optional<String> problem = TextRules.idProblem(s, spec.maxLength());
    problem.ifPresent(p -> problem(field, p));
    return problem.isPresent() ? null : s;
  }

  private static String itemExpected(FieldSpec spec, FieldKind itemKind) {
    return itemKind == FieldKind.CODE ? "one of " + String.join(", ", spec.codes())
        : "a text of 1-" + spec.maxLength() + " characters";
  }

  private BigDecimal number(FieldSpec spec, String field, JsonNode value) {
    if (!value.isNumber()) {
      problem(field, "expected " + spec.expected() + ", got " + Json.kind(value));
      return null;
    }
    BigDecimal d = value.decimalValue();
    if (d.signum() == 0) {
      d = BigDecimal.ZERO; // 0E+999999999 is zero too; drop its exponent before any arithmetic.
    }
    // Compare before anything else: bounds checks are cheap even for 1e999999999, unlike scale arithmetic.
    // An exclusive minimum holds for the double the value is stored as too: 1e-400 > 0, but not as a double.
    boolean belowMin = spec.minExclusive() ? d.compareTo(spec.min()) <= 0 || d.doubleValue() <= spec.min().doubleValue()
        : d.compareTo(spec.min()) < 0;
    if (belowMin || d.compareTo(spec.max()) > 0) {
      problem(field, "expected " + spec.expected() + ", got " + Json.shortNumber(d));
      return null;
    }
    return d;
  }

  private Integer integer(FieldSpec spec, String field, JsonNode value) {
    BigDecimal d = number(spec, field, value);
    if (d == null) {
      return null;
    }
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      problem(field, "expected " + spec.expected() + ", got " + Json.shortNumber(d) + " (not a whole number)");
      return null;
    }
    return d.intValueExact();
  }

  private BigDecimal decimal(FieldSpec spec, String field, JsonNode value) {
    BigDecimal d = number(spec, field, value);
    if (d == null) {
      return null;
    }
    if (spec.maxDecimals() >= 0 && d.signum() != 0 && d.stripTrailingZeros().scale() > spec.maxDecimals()) {
      problem(field, "expected " + spec.expected() + ", got " + Json.shortNumber(d) + " (too many decimals)");
      return null;
    }
    return d;
  }

  private Boolean bool(FieldSpec spec, String field, JsonNode value) {
    if (!value.isBoolean()) {
      problem(field, "expected true or false, got " + Json.kind(value));
      return null;
    }
    return value.booleanValue();
  }

  private Instant instant(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    Instant t;
    try {
      if (s.length() > MAX_TIME_LENGTH) {
        throw new DateTimeParseException("too long", s, 0);
      }
      t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      String hint = looksLikeLocalDateTime(s) ? " (a zone such as Z or +02:00 is required)" : "";
      problem(field, "expected " + spec.expected() + ", got " + TextRules.quote(s) + hint);
      return null;
    }
    Instant earliest = EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (t.isBefore(earliest)) {
      problem(field, "must not be before " + earliest + ", got " + t);
      return null;
    }
    Instant latest = now.plus(INSTANT_SKEW);
    if (t.isAfter(latest)) {
      problem(field, "must not be in the future (more than " + INSTANT_SKEW.toMinutes() + " minutes after "
          + now.truncatedTo(ChronoUnit.SECONDS) + "), got " + t);
      return null;
    }
    // Avro timestamp-millis: keep what Kafka will hold, so the echo of a re-read matches.
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean looksLikeLocalDateTime(String s) {
    try {
      java.time.LocalDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private LocalDate date(FieldSpec spec, String field, JsonNode value) {
    String s = string(spec, field, value, spec.expected());
    if (s == null) {
      return null;
    }
    LocalDate d;
    try {
      if (!DATE.matcher(s).matches()) {
        throw new DateTimeParseException("not YYYY-MM-DD", s, 0);
      }
      d = LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      problem(field, "expected " + spec.expected() + " (a real calendar day), got " + TextRules.quote(s));
      return null;
    }
    if (d.isBefore(EARLIEST)) {
      problem(field, "must not be before " + EARLIEST + ", got " + d);
      return null;
    }
    LocalDate latest = now.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(DATE_SKEW_DAYS);
    if (d.isAfter(latest)) {
      problem(field, "must not be in the future (after " + latest + "), got " + d);
      return null;
    }
    return d;
  }
}
