package org.dnregistry.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.quality.DataQualityKind;

/**
 * The JSON of the internal API between instances: day buckets, a day, a list of clinic ids. Counters travel as
 * JSON integers only (never through a double), and only the non-zero ones, so a bucket read from another instance
 * is exactly the one stored there:
 * <pre>
 * {"series": "network|ALL", "buckets": [{"day": "2026-11-20", "counters": {"sessions": 12,
 *   "events": {"BRUISING": 1}, "efficacy": {"NPRS|WEEK_4": [n, sumHundredths, sumSquaresHundredths, responders]},
 *   "flags": {"CHRONIC_CONDITION": 2}, "followUp": [eligible, complete]}}]}
 * </pre>
 * Decoding is strict: an unknown name, a missing field or a number that is not an exact long is an error, not a
 * zero.
 */
public final class BucketJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Timepoint[] TIMEPOINTS = Timepoint.values();

  private BucketJson() {}

  public static ObjectNode buckets(String series, List<BucketReader.DayBucket> buckets) {
    ObjectNode out = JSON.objectNode();
    out.put("series", series);
    ArrayNode list = out.putArray("buckets");
    for (BucketReader.DayBucket b : buckets) {
      ObjectNode item = list.addObject();
      item.put("day", b.day().toString());
      item.set("counters", counters(b.counters()));
    }
    return out;
  }

  public static List<BucketReader.DayBucket> buckets(JsonNode json, String expectedSeries) {
    if (!expectedSeries.equals(text(json, "series"))) {
      throw new IllegalArgumentException("buckets of series '" + json.path("series").asText() + "', asked for '"
          + expectedSeries + "'");
    }
    var out = new ArrayList<BucketReader.DayBucket>();
    for (JsonNode item : array(json, "buckets")) {
      out.add(new BucketReader.DayBucket(day(text(item, "day")), counters(field(item, "counters"))));
    }
    return out;
  }

  public static ObjectNode counters(DayCounters counters) {
    ObjectNode out = JSON.objectNode();
    out.put("sessions", counters.sessions());
    ObjectNode events = out.putObject("events");
    for (ComplicationCategory c : ComplicationCategory.values()) {
      if (counters.events(c) != 0) {
        events.put(c.name(), counters.events(c));
      }
    }
    ObjectNode efficacy = out.putObject("efficacy");
    for (Instrument instrument : Instrument.values()) {
      for (int t = 1; t < TIMEPOINTS.length; t++) {
        DayCounters.EfficacyCell cell = counters.efficacy(instrument, TIMEPOINTS[t]);
        if (!cell.isZero()) {
          efficacy.putArray(instrument.name() + "|" + TIMEPOINTS[t].name())
              .add(cell.n()).add(cell.sumHundredths()).add(cell.sumSquaresHundredths()).add(cell.responders());
        }
      }
    }
    ObjectNode flags = out.putObject("flags");
    for (GuidelineFlag f : GuidelineFlag.values()) {
      if (counters.flag(f) != 0) {
        flags.put(f.name(), counters.flag(f));
      }
    }
    out.putArray("followUp").add(counters.followUpEligible()).add(counters.followUpComplete());
    return out;
  }

  public static DayCounters counters(JsonNode json) {
    var b = DayCounters.builder().addSessions(exactLong(field(json, "sessions"), "sessions"));
    for (var e : entries(field(json, "events"), "events")) {
      b.addEvents(ComplicationCategory.valueOf(e.getKey()), exactLong(e.getValue(), "events." + e.getKey()));
    }
    for (var e : entries(field(json, "efficacy"), "efficacy")) {
      String[] parts = e.getKey().split("\\|", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("efficacy key must be INSTRUMENT|TIMEPOINT, was '" + e.getKey() + "'");
      }
      JsonNode cell = e.getValue();
      if (!cell.isArray() || cell.size() != 4) {
        throw new IllegalArgumentException("efficacy." + e.getKey() + " must be an array of 4 integers");
      }
      String at = "efficacy." + e.getKey();
      b.addEfficacy(Instrument.valueOf(parts[0]), Timepoint.valueOf(parts[1]), new DayCounters.EfficacyCell(
          exactLong(cell.get(0), at), exactLong(cell.get(1), at), exactLong(cell.get(2), at),
          exactLong(cell.get(3), at)));
    }
    for (var e : entries(field(json, "flags"), "flags")) {
      b.addFlag(GuidelineFlag.valueOf(e.getKey()), exactLong(e.getValue(), "flags." + e.getKey()));
    }
    JsonNode followUp = field(json, "followUp");
    if (!followUp.isArray() || followUp.size() != 2) {
      throw new IllegalArgumentException("followUp must be an array of 2 integers [eligible, complete]");
    }
    b.add(DayCounters.followUpEligibleIndex(), exactLong(followUp.get(0), "followUp"));
    b.add(DayCounters.followUpCompleteIndex(), exactLong(followUp.get(1), "followUp"));
    return b.build();
  }

  /** {@code {"counts": {"sessionsEpisodeUnknown": 1, ...}}}, every kind. */
  public static ObjectNode quality(DataQualityCounts counts) {
    ObjectNode out = JSON.objectNode();
    ObjectNode c = out.putObject("counts");
    for (DataQualityKind kind : DataQualityKind.values()) {
      c.put(kind.label(), counts.get(kind));
    }
    return out;
  }

  public static DataQualityCounts quality(JsonNode json) {
    JsonNode c = field(json, "counts");
    DataQualityCounts out = DataQualityCounts.ZERO;
    for (DataQualityKind kind : DataQualityKind.values()) {
      out = out.with(kind, exactLong(field(c, kind.label()), "counts." + kind.label()));
    }
    return out;
  }

  public static ObjectNode day(String series, Optional<LocalDate> day) {
    ObjectNode out = JSON.objectNode();
    out.put("series", series);
    if (day.isPresent()) {
      out.put("day", day.get().toString());
    } else {
      out.putNull("day");
    }
    return out;
  }

  public static Optional<LocalDate> day(JsonNode json, String expectedSeries) {
    if (!expectedSeries.equals(text(json, "series"))) {
      throw new IllegalArgumentException("day of series '" + json.path("series").asText() + "', asked for '"
          + expectedSeries + "'");
    }
    JsonNode day = field(json, "day");
    return day.isNull() ? Optional.empty() : Optional.of(day(day.asText()));
  }

  public static ObjectNode clinics(List<String> clinicIds) {
    ObjectNode out = JSON.objectNode();
    ArrayNode list = out.putArray("clinics");
    clinicIds.forEach(list::add);
    return out;
  }

  public static List<String> clinics(JsonNode json) {
    var out = new ArrayList<String>();
    for (JsonNode id : array(json, "clinics")) {
      if (!id.isTextual()) {
        throw new IllegalArgumentException("clinics must be strings, found " + id);
      }
      out.add(id.asText());
    }
    return out;
  }

  private static long exactLong(JsonNode n, String at) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(at + " must be an integer within a long, was " + n);
    }
    return n.longValue();
  }

  private static JsonNode field(JsonNode json, String name) {
    JsonNode v = json == null ? null : json.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode json, String name) {
    JsonNode v = field(json, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' must be a string, was " + v);
    }
    return v.asText();
  }

  private static JsonNode array(JsonNode json, String name) {
    JsonNode v = field(json, name);
    if (!v.isArray()) {
      throw new IllegalArgumentException("'" + name + "' must be an array, was " + v);
    }
    return v;
  }

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode object, String name) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("'" + name + "' must be an object, was " + object);
    }
    return List.copyOf(object.properties());
  }

  private static LocalDate day(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a yyyy-MM-dd day: '" + text + "'", e);
    }
  }
}
