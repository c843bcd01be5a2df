package org.dnregistry.ingest.bulk;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-line error report of an import: CSV with {@code file,line,field,message}, written as errors arrive so a
 * million bad lines cost no memory. Without a report file the first errors are shown on the console.
 */
final class ErrorReport implements Closeable {
  static final int CONSOLE_LIMIT = 20;

  private final BufferedWriter out;
  private final List<String> firstErrors = new ArrayList<>();
  private long count;

  ErrorReport(Path file) {
    try {
      this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      if (out != null) {
        out.write("file,line,field,message\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the error report " + file, e);
    }
  }

  void add(String file, long line, String field, String message) {
    count++;
    String row = csv(file) + "," + line + "," + csv(field == null ? "" : field) + "," + csv(message);
    if (firstErrors.size() < CONSOLE_LIMIT) {
      firstErrors.add(file + ":" + line + (field == null ? "" : " " + field) + ": " + message);
    }
    if (out != null) {
      try {
        out.write(row);
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the error report", e);
      }
    }
  }

  long count() {
    return count;
  }

  void printSummary(PrintStream console) {
    for (String e : firstErrors) {
      console.println("  " + e);
    }
    if (count > firstErrors.size()) {
      console.println("  ... and " + (count - firstErrors.size()) + " more");
    }
  }

  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
