package org.dnregistry.ingest.bulk;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF or CR LF) with a bound on their length: a line longer than the bound is skipped to its end and
 * reported, instead of being buffered whole, so one giant line cannot exhaust memory.
 */
final class LineReader {
  /** A line: its text, or null when it was longer than the bound (then {@code length} says how long). */
  record Line(String text, long length) {}

  private final Reader in;
  private final int maxLength;
  private final char[] buffer = new char[8192];
  private int pos;
  private int limit;
  private boolean eof;

  LineReader(Reader in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /** The next line without its line end, or null at the end of the input. */
  Line next() throws IOException {
    var sb = new StringBuilder();
    long length = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      char c = buffer[pos++];
      if (c == '\n') {
        break;
      }
      length++;
      if (!tooLong) {
        if (sb.length() >= maxLength) {
          tooLong = true;
          sb.setLength(0);
        } else {
          sb.append(c);
        }
      }
    }
    if (tooLong) {
      return new Line(null, length);
    }
    int n = sb.length();
    if (n > 0 && sb.charAt(n - 1) == '\r') {
      sb.setLength(n - 1);
    }
    return new Line(sb.toString(), length);
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
