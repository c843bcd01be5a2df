package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonSourceTest {
  static List<SourceLine> read(String text, int max) throws IOException {
    var source = new NdjsonSource("f.ndjson", new StringReader(text), max);
    var lines = new ArrayList<SourceLine>();
    SourceLine l;
    while ((l = source.next()) != null) {
      lines.add(l);
    }
    return lines;
  }

  @Test
  void eachLineIsOneEventWrittenCompactly() throws IOException {
    var lines = read("{ \"type\" : \"session\", \"score\": 7.10 }\n{\"type\":\"outcome\"}\n", 1000);
    assertThat(lines).extracting(SourceLine::json)
        .containsExactly("{\"type\":\"session\",\"score\":7.10}", "{\"type\":\"outcome\"}");
    assertThat(lines).extracting(SourceLine::line).containsExactly(1L, 2L);
  }

  @Test
  void theErrorReportNeverQuotesTheLine() throws IOException {
    String mrn = "MRN00427731";
    var lines = read("{\"type\":\"episode\",\"patientId\": " + mrn + "}\n"
        + "{\"type\":\"episode\",\"" + mrn + "\":1,\"" + mrn + "\":2}\n"
        + "{\"type\":\"episode\",\"patientId\":\"" + mrn + "\"} " + mrn + "\n", 1000);
    assertThat(lines).hasSize(3).allSatisfy(l -> {
      assertThat(l.ok()).isFalse();
      assertThat(l.error()).contains("not JSON at column").doesNotContain(mrn).doesNotContain("MRN");
    });
  }

  @Test
  void blankLinesAreSkippedAndLineNumbersStayTrue() throws IOException {
    var lines = read("\n{\"a\":1}\r\n\n  \n{\"b\":2}", 1000);
    assertThat(lines).extracting(SourceLine::line).containsExactly(2L, 5L);
  }

  @Test
  void aLineThatIsNotJsonIsReportedWithItsLine() throws IOException {
    var lines = read("{\"a\":1}\n{\"a\":\n{\"b\":2}\n", 1000);
    assertThat(lines.get(1).ok()).isFalse();
    assertThat(lines.get(1).line()).isEqualTo(2);
    assertThat(lines.get(1).error()).contains("not JSON");
    assertThat(lines.get(2).json()).isEqualTo("{\"b\":2}");
  }

  @Test
  void duplicateKeysAreCaughtBeforeSending() throws IOException {
    assertThat(read("{\"a\":1,\"a\":2}", 1000).get(0).error()).contains("the same key appears twice")
        .doesNotContain("'a'");
    assertThat(read("{\"score\":1,\"score\":2}", 1000).get(0).error())
        .contains("the key \"score\" appears twice");
  }

  @Test
  void anOverlongLineIsSkippedWithoutBufferingIt() throws IOException {
    var lines = read("{\"a\":1}\n{\"x\":\"" + "y".repeat(5000) + "\"}\n{\"b\":2}\n", 100);
    assertThat(lines.get(1).error()).contains("longer than the limit");
    assertThat(lines.get(2).json()).isEqualTo("{\"b\":2}");
    assertThat(lines.get(2).line()).isEqualTo(3);
  }

  @Test
  void aByteOrderMarkIsIgnored() throws IOException {
    assertThat(read("\uFEFF{\"a\":1}\n", 100).get(0).json()).isEqualTo("{\"a\":1}");
  }
}
