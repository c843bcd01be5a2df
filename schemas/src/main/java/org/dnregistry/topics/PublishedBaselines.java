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
 * The published complication rates of CONTRACT.md section 5, the registry's default reference data.
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

  /** category,low,high,source,"citation" (the citation is the only quoted field). */
  private static Baseline parse(String line) {
    int quote = line.indexOf('"');
    String[] head = line.substring(0, quote - 1).split(",");
    String citation = line.substring(quote + 1, line.lastIndexOf('"'));
    return Baseline.newBuilder()
        .setCategory(ComplicationCategory.valueOf(head[0]))
        .setLow(Double.parseDouble(head[1]))
        .setHigh(Double.parseDouble(head[2]))
        .setSource(head[3])
        .setIndication(null)
        .setCitation(citation)
        .build();
  }
}
