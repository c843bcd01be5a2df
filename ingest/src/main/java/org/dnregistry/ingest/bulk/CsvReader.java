package org.dnregistry.ingest.bulk;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes, {@code ""} for a quote inside
 * one, line breaks allowed inside quotes, LF or CR LF record ends. Each record knows the line it starts on. A record
 * longer than a bound is reported and skipped rather than buffered.
 */
final class CsvReader {
  /** One record: its cells and first line, or the reason it could not be read. */
  record Row(long line, List<String> cells, String error) {}

  private final Reader in;
  private final int maxRecordLength;
  private final char[] buffer = new char[8192];
  private int pos;
  private int limit;
  private boolean eof;
  private long line = 1;
  private int pushedBack = -1;

  CsvReader(Reader in, int maxRecordLength) {
    this.in = in;
    this.maxRecordLength = maxRecordLength;
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  Row next() throws IOException {
    while (true) {
      int first = read();
      if (first < 0) {
        return null;
      }
      if (first == '\n') {
        line++;
        continue;
      }
      if (first == '\r') {
        int n = read();
        line++;
        if (n != '\n') {
          unread(n);
        }
        continue;
      }
      unread(first);
      return record();
    }
  }

  private Row record() throws IOException {
    long start = line;
    var cells = new ArrayList<String>();
    var cell = new StringBuilder();
    int length = 0;
    boolean quoted = false;
    boolean inQuotes = false;
    boolean afterQuote = false;
    String error = null;
    while (true) {
      int c = read();
      if (c < 0) {
        if (inQuotes && error == null) {
          error = "a quoted field opened here is never closed";
        }
        cells.add(cell.toString());
        break;
      }
      if (++length > maxRecordLength && error == null) {
        error = "record longer than " + maxRecordLength + " characters; skipped";
      }
      if (inQuotes) {
        if (c == '"') {
          int n = read();
          if (n == '"') {
            append(cell, '"', error);
          } else {
            unread(n);
            inQuotes = false;
            afterQuote = true;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          append(cell, (char) c, error);
        }
        continue;
      }
      if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
        quoted = false;
        afterQuote = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          int n = read();
          if (n != '\n') {
            unread(n);
          }
        }
        line++;
        cells.add(cell.toString());
        break;
      } else if (c == '"' && cell.length() == 0 && !quoted) {
        quoted = true;
        inQuotes = true;
      } else {
        if (afterQuote && error == null) {
          error = "text after a closing quote in field " + (cells.size() + 1);
        }
        append(cell, (char) c, error);
      }
    }
    return error == null ? new Row(start, List.copyOf(cells), null) : new Row(start, List.of(), error);
  }

  private static void append(StringBuilder cell, char c, String error) {
    if (error == null) {
      cell.append(c);
    }
  }

  private int read() throws IOException {
    if (pushedBack >= 0) {
      int c = pushedBack;
      pushedBack = -1;
      return c;
    }
    if (pos == limit) {
      if (eof) {
        return -1;
      }
      int n = in.read(buffer);
      if (n <= 0) {
        eof = true;
        return -1;
      }
      pos = 0;
      limit = n;
    }
    return buffer[pos++];
  }

  private void unread(int c) {
    if (c >= 0) {
      pushedBack = c;
    }
  }
}
