package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  static List<CsvReader.Row> rows(String csv, int max) throws IOException {
    var reader = new CsvReader(new StringReader(csv), max);
    var rows = new ArrayList<CsvReader.Row>();
    CsvReader.Row r;
    while ((r = reader.next()) != null) {
      rows.add(r);
    }
    return rows;
  }

  static List<CsvReader.Row> rows(String csv) throws IOException {
    return rows(csv, 10_000);
  }

  @Test
  void plainFieldsAndLineNumbers() throws IOException {
    var rows = rows("a,b,c\n1,2,3\n4,5,6\n");
    assertThat(rows).extracting(CsvReader.Row::cells)
        .containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"), List.of("4", "5", "6"));
    assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 3L);
  }

  @Test
  void crLfAndNoFinalLineEnd() throws IOException {
    assertThat(rows("a,b\r\n1,2")).extracting(CsvReader.Row::cells)
        .containsExactly(List.of("a", "b"), List.of("1", "2"));
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
    var rows = rows("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n");
    assertThat(rows.get(1).cells()).containsExactly("x, y", "say \"hi\"");
    assertThat(rows.get(2).cells()).containsExactly("multi\nline", "z");
    // A record knows the line it starts on, even after a line break inside quotes.
    assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 2L, 3L, 5L);
  }

  @Test
  void emptyCellsAreEmptyStrings() throws IOException {
    assertThat(rows("a,,c,\n").get(0).cells()).containsExactly("a", "", "c", "");
  }

  @Test
  void blankLinesAreSkippedButCounted() throws IOException {
    var rows = rows("a\n\n\r\nb\n");
    assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1L, 4L);
  }

  @Test
  void anUnclosedQuoteIsReportedAtTheRecordStart() throws IOException {
    var rows = rows("a,b\n1,\"open\n2,3\n");
    assertThat(rows.get(1).error()).contains("never closed");
    assertThat(rows.get(1).line()).isEqualTo(2);
  }

  /** Issue 10 (harden): the error report names where, never what: a cell may hold a patient id. */
  @Test
  void errorsNeverQuoteTheRecord() throws IOException {
    for (String csv : List.of("\"patient-4711\"x,c\n", "1,\"patient-4711\n", "patient-4711".repeat(20) + "\n")) {
      String error = rows(csv, 100).get(0).error();
      assertThat(error).as(csv).isNotNull().doesNotContain("patient").doesNotContain("4711");
    }
  }

  @Test
  void textAfterAClosingQuoteIsAnError() throws IOException {
    var rows = rows("\"a\"b,c\nok,row\n");
    assertThat(rows.get(0).error()).contains("after a closing quote");
    assertThat(rows.get(1).cells()).containsExactly("ok", "row");
  }

  @Test
  void aRecordOverTheBoundIsSkippedAndReadingGoesOn() throws IOException {
    var rows = rows("short\n" + "x".repeat(500) + "\nnext\n", 100);
    assertThat(rows.get(1).error()).contains("longer than 100");
    assertThat(rows.get(1).cells()).isEmpty();
    assertThat(rows.get(2).cells()).containsExactly("next");
    assertThat(rows.get(2).line()).isEqualTo(3);
  }
}
