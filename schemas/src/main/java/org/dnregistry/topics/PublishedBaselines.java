package org.dnregistry.topics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;

/**
 * The published complication rates of REFERENCE section 5, the registry's default reference data.
 * The figures and their sources live in {@code published-baselines.csv} beside this class, never in code.
 */
public final class PublishedBaselines {
  private static final String RESOURCE = "published-baselines.csv";

  private PublishedBaselines() {}

  public static List<Baseline> load() {
    var in = PublishedBaselines.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("missing resource " + RESOURCE);
    }
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      var rows = new ArrayList<Baseline>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(parse(line));
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * category,low,high,source,studySessions,"citation": the citation is the only quoted field and the last one;
   * studySessions is empty when the source is not a study.
   */
  static Baseline parse(String line) {
    int quote = line.indexOf('"');
    if (quote < 1 || line.charAt(quote - 1) != ',' || !line.endsWith("\"")) {
      throw new IllegalArgumentException("expected a quoted citation as the last field: " + line);
    }
    // -1 keeps a trailing empty field: an empty studySessions is a field, not the end of the line.
    String[] head = line.substring(0, quote - 1).split(",", -1);
    if (head.length != 5) {
      throw new IllegalArgumentException("expected category,low,high,source,studySessions before the citation, got "
          + head.length + " fields: " + line);
    }
    String citation = line.substring(quote + 1, line.length() - 1);
    return Baseline.newBuilder()
        .setCategory(ComplicationCategory.valueOf(head[0]))
        .setLow(Double.parseDouble(head[1]))
        .setHigh(Double.parseDouble(head[2]))
        .setSource(head[3])
        .setStudySessions(studySessions(head[4], line))
        .setIndication(null)
        .setCitation(citation)
        .build();
  }

  private static Long studySessions(String field, String line) {
    if (field.isEmpty()) {
      return null;
    }
    long n = Long.parseLong(field);
    if (n <= 0) {
      throw new IllegalArgumentException("studySessions must be positive, was " + n + ": " + line);
    }
    return n;
  }
}
