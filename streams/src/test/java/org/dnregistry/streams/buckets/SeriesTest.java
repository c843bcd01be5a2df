package org.dnregistry.streams.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class SeriesTest {
  @Test
  void dayOfBucketReadsBackEveryDayBucketKeyWrites() {
    String series = Series.of(Series.scopeOfClinic("c-1"), Series.ALL);
    int checked = 0;
    for (LocalDate d = LocalDate.of(1899, 1, 1); d.isBefore(LocalDate.of(2101, 1, 1)); d = d.plusDays(1)) {
      assertEquals(d, Series.dayOfBucket(Series.bucketKey(series, d)));
      checked++;
    }
    for (LocalDate d : new LocalDate[] {LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(10_000, 1, 1),
        LocalDate.of(-1, 6, 30)}) {
      assertEquals(d, Series.dayOfBucket(Series.bucketKey(Series.of(Series.NETWORK, "LOW_BACK"), d)));
      checked++;
    }
    System.out.printf("dayOfBucket: %,d bucket keys read back to their day%n", checked);
  }

  @Test
  void dayOfBucketRejectsWhatTheParserRejects() {
    for (String day : new String[] {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-105", "20x4-01-01",
        "2024-04-31", "2024/01/01"}) {
      assertThrows(DateTimeParseException.class, () -> Series.dayOfBucket("network|ALL|" + day), day);
    }
  }
}
