package org.dnregistry.ingest.bulk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.Reader;
import org.dnregistry.ingest.validation.JsonSyntax;

/**
 * NDJSON import files: one event per line; blank lines are skipped. Each line is parsed here so a line that is not
 * JSON is reported with its own line number rather than failing the whole batch it would travel in.
 */
final class NdjsonSource implements EventSource {
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Numbers travel as written (7.10 stays 7.10): the importer forwards, the gateway judges.
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private final String file;
  private final Reader reader;
  private final LineReader lines;
  private long lineNumber;

  NdjsonSource(String file, Reader reader, int maxLineLength) {
    this.file = file;
    this.reader = reader;
    this.lines = new LineReader(reader, maxLineLength);
  }

  @Override
  public SourceLine next() throws IOException {
    while (true) {
      LineReader.Line line = lines.next();
      if (line == null) {
        return null;
      }
      lineNumber++;
      if (line.text() == null) {
        return SourceLine.failed(file, lineNumber, "line of " + line.length() + " characters is longer than the "
            + "limit for one event; skipped");
      }
      String text = line.text();
      if (text.isBlank()) {
        continue;
      }
      if (lineNumber == 1 && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      try {
        JsonNode node = JSON.readTree(text);
        // Re-written compactly: the batch is NDJSON again, one event per line whatever the input's spacing.
        return SourceLine.event(file, lineNumber, JSON.writeValueAsString(node));
      } catch (JsonProcessingException e) {
        var loc = e.getLocation();
        // The reason is fixed text: Jackson's own message would quote the line, which may hold a patient id.
        return SourceLine.failed(file, lineNumber, "not JSON" + (loc == null ? "" : " at column "
            + loc.getColumnNr()) + ": " + JsonSyntax.reason(e));
      }
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
