package org.dnregistry.streams.buckets;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dnregistry.avro.internal.DayContribution;

/**
 * A signed change to one day of one series (the series is the record key). Produced when a fact's contribution
 * changes: new minus old, per series and day, zero changes left out.
 */
public record SeriesDelta(LocalDate day, DayCounters change) {

  public SeriesDelta {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(change, "change");
  }

  /** A change keyed by the series it applies to. */
  public record Keyed(String series, SeriesDelta delta) {}

  /** The non-zero changes, series by series, that replacing {@code before} with {@code after} implies. */
  public static List<Keyed> between(Contribution before, Contribution after) {
    Map<String, Map<LocalDate, DayCounters>> net = new LinkedHashMap<>();
    if (after != null) {
      add(net, after, false);
    }
    if (before != null) {
      add(net, before, true);
    }
    var out = new ArrayList<Keyed>();
    net.forEach((series, days) -> days.forEach((day, change) -> {
      if (!change.isZero()) {
        out.add(new Keyed(series, new SeriesDelta(day, change)));
      }
    }));
    return out;
  }

  private static void add(Map<String, Map<LocalDate, DayCounters>> net, Contribution c, boolean subtract) {
    for (String series : Series.touchedBy(c.clinicId(), c.indication())) {
      Map<LocalDate, DayCounters> days = net.computeIfAbsent(series, s -> new LinkedHashMap<>());
      c.days().forEach((day, counters) ->
          days.merge(day, subtract ? counters.negate() : counters, DayCounters::plus));
    }
  }

  public DayContribution toAvro() {
    return new DayContribution(day, change.toAvro());
  }

  public static SeriesDelta fromAvro(DayContribution avro) {
    return new SeriesDelta(avro.getDay(), DayCounters.fromAvro(avro.getCounters()));
  }
}
