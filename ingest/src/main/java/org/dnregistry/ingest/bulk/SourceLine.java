package org.dnregistry.ingest.bulk;

/**
 * One event read from an import file, as a single-line JSON text, or why the line could not be read. {@code line}
 * is the 1-based line where the event starts in {@code file}.
 */
public record SourceLine(String file, long line, String json, String error) {
  public static SourceLine event(String file, long line, String json) {
    return new SourceLine(file, line, json, null);
  }

  public static SourceLine failed(String file, long line, String error) {
    return new SourceLine(file, line, null, error);
  }

  public boolean ok() {
    return error == null;
  }
}
