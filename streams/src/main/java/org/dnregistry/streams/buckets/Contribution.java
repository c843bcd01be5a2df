package org.dnregistry.streams.buckets;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.internal.DayContribution;

/**
 * What one counted fact adds to the day buckets: counters on one or more days of the four series of its clinic
 * and indication. An empty contribution is the same as none.
 */
public record Contribution(String clinicId, Indication indication, SortedMap<LocalDate, DayCounters> days) {

  public Contribution {
    Objects.requireNonNull(clinicId, "clinicId");
    Objects.requireNonNull(indication, "indication");
    var copy = new TreeMap<LocalDate, DayCounters>();
    days.forEach((day, counters) -> {
      if (!counters.isZero()) {
        copy.merge(day, counters, DayCounters::plus);
      }
    });
    days = Collections.unmodifiableSortedMap(copy);
  }

  public boolean isEmpty() {
    return days.isEmpty();
  }

  public static Builder builder(String clinicId, Indication indication) {
    return new Builder(clinicId, indication);
  }

  public org.dnregistry.avro.internal.Contribution toAvro() {
    var list = new ArrayList<DayContribution>(days.size());
    days.forEach((day, counters) -> list.add(new DayContribution(day, counters.toAvro())));
    return new org.dnregistry.avro.internal.Contribution(clinicId, indication, list);
  }

  public static Contribution fromAvro(org.dnregistry.avro.internal.Contribution avro) {
    var days = new TreeMap<LocalDate, DayCounters>();
    for (DayContribution d : avro.getDays()) {
      days.merge(d.getDay(), DayCounters.fromAvro(d.getCounters()), DayCounters::plus);
    }
    return new Contribution(avro.getClinicId(), avro.getIndication(), days);
  }

  /** Collects counters per day. */
  public static final class Builder {
    private final String clinicId;
    private final Indication indication;
    private final Map<LocalDate, DayCounters.Builder> days = new TreeMap<>();

    private Builder(String clinicId, Indication indication) {
      this.clinicId = clinicId;
      this.indication = indication;
    }

    public DayCounters.Builder on(LocalDate day) {
      return days.computeIfAbsent(day, d -> DayCounters.builder());
    }

    public Contribution build() {
      var built = new TreeMap<LocalDate, DayCounters>();
      days.forEach((day, b) -> built.put(day, b.build()));
      return new Contribution(clinicId, indication, built);
    }
  }
}
