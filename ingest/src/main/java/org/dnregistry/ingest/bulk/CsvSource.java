package org.dnregistry.ingest.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/** CSV import files: a header row, then one event per record (see {@link CsvEvents}). */
final class CsvSource implements EventSource {
  private final String file;
  private final Path path;
  private final Reader reader;
  private final CsvReader csv;
  private CsvEvents events;
  private boolean headerFailed;

  CsvSource(String file, Path path, Reader reader, int maxRecordLength) {
    this.file = file;
    this.path = path;
    this.reader = reader;
    this.csv = new CsvReader(reader, maxRecordLength);
  }

  @Override
  public SourceLine next() throws IOException {
    if (headerFailed) {
      return null;
    }
    if (events == null) {
      CsvReader.Row header = csv.next();
      if (header == null) {
        return null;
      }
      if (header.error() != null) {
        headerFailed = true;
        return SourceLine.failed(file, header.line(), "header: " + header.error());
      }
      try {
        events = CsvEvents.forHeader(path, header.cells());
      } catch (IllegalArgumentException e) {
        headerFailed = true;
        return SourceLine.failed(file, header.line(), e.getMessage());
      }
    }
    CsvReader.Row row = csv.next();
    if (row == null) {
      return null;
    }
    if (row.error() != null) {
      return SourceLine.failed(file, row.line(), row.error());
    }
    try {
      return SourceLine.event(file, row.line(), NdjsonSource.JSON.writeValueAsString(events.event(row.cells())));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return SourceLine.failed(file, row.line(), e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
