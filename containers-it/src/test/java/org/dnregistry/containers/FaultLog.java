package org.dnregistry.containers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Prints what a test does to the cluster and what it verified, with wall-clock times, for the CI log. */
final class FaultLog {
  private final Instant start = Instant.now();

  void print(String format, Object... args) {
    LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    System.out.printf("[containers %s +%5.1fs] %s%n", now, Duration.between(start, Instant.now()).toMillis() / 1000.0,
        String.format(format, args));
    System.out.flush();
  }

  static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
