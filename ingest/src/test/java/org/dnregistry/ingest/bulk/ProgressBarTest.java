package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  final ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 1000, true);

  @Test
  void showsShareRateAndTimeLeftFromBytes() {
    String line = bar.render(250, 5_000, 10);
    assertThat(line).contains(" 25.0%").contains("5,000 events").contains("500 ev/s").contains("ETA 0:30");
    assertThat(line).startsWith("[" + "=".repeat(8) + " ".repeat(22) + "]");
  }

  @Test
  void longImportsShowHours() {
    assertThat(bar.render(1, 10, 10)).contains("ETA 2:46:30");
  }

  @Test
  void beforeAnythingIsReadTheTimeLeftIsUnknown() {
    assertThat(bar.render(0, 0, 0)).contains("ETA --:--").contains("0.0%");
  }

  @Test
  void finishEndsTheLine() {
    var out = new ByteArrayOutputStream();
    var b = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), 10, true);
    b.finish(10, 3);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("\r[").contains("100.0%").endsWith("\n");
  }

  @Test
  void quietMeansNothingIsPrinted() {
    var out = new ByteArrayOutputStream();
    var b = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), 10, false);
    b.update(5, 1);
    b.finish(10, 3);
    assertThat(out.size()).isZero();
  }
}
