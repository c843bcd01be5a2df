package org.dnregistry.streams.surveillance;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.function.BiConsumer;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;

/**
 * A scope's surveillance counts read from its day buckets: the series of every indication (not ALL, since each
 * indication has its own reference rate), sessions and events by category, day by day. The scope's task reads
 * its own store; the query API reads through whichever instance owns the scope.
 */
public final class ScopeBuckets {
  /** Visits the non-empty days of one series, in any order. */
  @FunctionalInterface
  public interface Days {
    void forEach(String series, BiConsumer<LocalDate, DayCounters> day);
  }

  private ScopeBuckets() {}

  public static ScopeCounts read(String scope, Days days) {
    var counts = ScopeCounts.builder();
    for (Indication indication : Indication.values()) {
      days.forEach(Series.of(scope, indication.name()), (day, c) -> {
        if (c.sessions() == 0) {
          return; // outcomes or flags only: nothing to monitor
        }
        var events = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
        for (ComplicationCategory category : ComplicationCategory.values()) {
          if (c.events(category) != 0) {
            events.put(category, c.events(category));
          }
        }
        counts.add(day, indication, c.sessions(), events);
      });
    }
    return counts.build();
  }
}
