package org.dnregistry.ingest.bulk;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: share of bytes read, events sent, events per second and the time left,
 * estimated from bytes (line lengths vary, bytes do not lie). Redrawn at most five times a second.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final long totalBytes;
  private final long startNanos;
  private final boolean enabled;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintStream out, long totalBytes, boolean enabled) {
    this.out = out;
    this.totalBytes = Math.max(1, totalBytes);
    this.enabled = enabled;
    this.startNanos = System.nanoTime();
  }

  void update(long bytesRead, long events) {
    long now = System.nanoTime();
    if (enabled && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(bytesRead, events, now);
    }
  }

  void finish(long bytesRead, long events) {
    if (enabled) {
      draw(bytesRead, events, System.nanoTime());
      out.println();
    }
  }

  private void draw(long bytesRead, long events, long now) {
    String line = render(Math.min(bytesRead, totalBytes), events, (now - startNanos) / 1e9);
    // Pad over what the previous, possibly longer, line left on screen.
    String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
    lastLength = line.length();
    out.print("\r" + padded);
    out.flush();
  }

  String render(long bytesRead, long events, double seconds) {
    double fraction = (double) bytesRead / totalBytes;
    int filled = (int) Math.round(fraction * WIDTH);
    double rate = seconds > 0 ? events / seconds : 0;
    String eta;
    if (bytesRead <= 0 || seconds <= 0) {
      eta = "--:--";
    } else {
      long left = Math.round(seconds * (totalBytes - bytesRead) / bytesRead);
      eta = left >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
          : String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60);
    }
    return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d events  %,.0f ev/s  ETA %s",
        "=".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, events, rate, eta);
  }
}
