package org.dnregistry.streams.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** The JSON bodies of FIGURES.md, field for field and in its order (absent values are null, never omitted). */
public final class Responses {
  private Responses() {}

  @JsonPropertyOrder({"scope", "indication", "window", "asOf", "rows"})
  public record Complications(String scope, String indication, String window, String asOf,
      List<ComplicationRow> rows) {}

  @JsonPropertyOrder({"category", "sessions", "events", "rate", "ciLow", "ciHigh", "baselines"})
  public record ComplicationRow(String category, long sessions, long events, Double rate, Double ciLow, Double ciHigh,
      List<BaselineRow> baselines) {}

  @JsonPropertyOrder({"source", "low", "high", "pUpper", "pLower", "status"})
  public record BaselineRow(String source, double low, double high, Double pUpper, Double pLower, String status) {}

  @JsonPropertyOrder({"scope", "indication", "window", "asOf", "rows"})
  public record Efficacy(String scope, String indication, String window, String asOf, List<EfficacyRow> rows) {}

  @JsonPropertyOrder({"instrument", "timepoint", "n", "meanChange", "sd", "ciLow", "ciHigh", "mcid", "responders",
      "responderRate", "responderCiLow", "responderCiHigh", "status"})
  public record EfficacyRow(String instrument, String timepoint, long n, Double meanChange, Double sd, Double ciLow,
      Double ciHigh, double mcid, long responders, Double responderRate, Double responderCiLow,
      Double responderCiHigh, String status) {}

  /** {@code counts} and {@code total} hold every GuidelineFlag, in enum order. */
  @JsonPropertyOrder({"scope", "window", "asOf", "rows", "total"})
  public record Compliance(String scope, String window, String asOf, List<ComplianceRow> rows,
      Map<String, Long> total) {}

  @JsonPropertyOrder({"clinicId", "counts"})
  public record ComplianceRow(String clinicId, Map<String, Long> counts) {}

  /** {@code counts} holds every data-quality kind, in declaration order. */
  @JsonPropertyOrder({"scope", "asOf", "counts", "followUp"})
  public record DataQuality(String scope, String asOf, Map<String, Long> counts, FollowUp followUp) {}

  /**
   * The CUSUM path of one scope and category: a row per calendar day of the path within the days asked for.
   * {@code monitored} is false for a category without surveillance (a sentinel category, or one without any
   * baseline): then there are no references and no rows; {@code monitoredCategories} lists those that have.
   */
  @JsonPropertyOrder({"scope", "category", "R", "h", "monitored", "monitoredCategories", "references", "days"})
  public record Surveillance(String scope, String category, @JsonProperty("R") double rateRatio,
      @JsonProperty("h") double threshold, boolean monitored, List<String> monitoredCategories,
      List<SurveillanceReference> references, List<SurveillanceDay> days) {}

  @JsonPropertyOrder({"indication", "source", "p0"})
  public record SurveillanceReference(String indication, String source, double p0) {}

  @JsonPropertyOrder({"day", "sessions", "events", "expected", "s", "signal"})
  public record SurveillanceDay(String day, long sessions, long events, double expected, double s, boolean signal) {}

  /** Of the episodes whose baseline is at least {@code dueAfterDays} before asOf, how many completed follow-up. */
  @JsonPropertyOrder({"dueAfterDays", "episodes", "completed", "completeness"})
  public record FollowUp(int dueAfterDays, long episodes, long completed, Double completeness) {}
}
