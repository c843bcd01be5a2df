package org.dnregistry.ingest.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An event whose every field passed validation, held as typed values: String (ids, texts, codes), Integer,
 * BigDecimal, Boolean, Instant (UTC, milliseconds), LocalDate and List of String. Absent optional fields are absent
 * from {@code values}. A retraction holds only its key fields.
 */
public record ValidEvent(EventType type, boolean retracted, Map<String, Object> values) {
  public ValidEvent {
    Objects.requireNonNull(type, "type");
    values = Map.copyOf(values);
  }

  public boolean has(String field) {
    return values.containsKey(field);
  }

  public String text(String field) {
    return (String) values.get(field);
  }

  public <E extends Enum<E>> E code(String field, Class<E> codes) {
    String name = (String) values.get(field);
    return name == null ? null : Enum.valueOf(codes, name);
  }

  public <E extends Enum<E>> List<E> codes(String field, Class<E> codes) {
    return texts(field).stream().map(name -> Enum.valueOf(codes, name)).toList();
  }

  @SuppressWarnings("unchecked")
  public List<String> texts(String field) {
    Object v = values.get(field);
    return v == null ? List.of() : (List<String>) v;
  }

  public Integer integer(String field) {
    return (Integer) values.get(field);
  }

  public BigDecimal decimal(String field) {
    return (BigDecimal) values.get(field);
  }

  public Double decimalAsDouble(String field) {
    BigDecimal d = decimal(field);
    return d == null ? null : d.doubleValue();
  }

  public Boolean bool(String field) {
    return (Boolean) values.get(field);
  }

  public Instant instant(String field) {
    return (Instant) values.get(field);
  }

  public LocalDate date(String field) {
    return (LocalDate) values.get(field);
  }

  @Override
  public String toString() {
    // Never print values: an episode holds the clear patientId until it is mapped to Avro.
    return "ValidEvent[" + type.wireName() + (retracted ? ", retracted" : "") + ", fields=" + values.keySet() + "]";
  }
}
