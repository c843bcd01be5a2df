package org.dnregistry.streams.buckets;

import java.time.LocalDate;

/** A window of days ending at asOf: the last 30, 90 or 365 days (asOf included), or every day up to asOf. */
public enum Window {
  DAYS_30("30", 30), DAYS_90("90", 90), DAYS_365("365", 365), ALL("all", 0);

  private final String label;
  private final int days;

  Window(String label, int days) {
    this.label = label;
    this.days = days;
  }

  public String label() {
    return label;
  }

  public static Window parse(String label) {
    for (Window w : values()) {
      if (w.label.equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException("window must be 30, 90, 365 or all, was '" + label + "'");
  }

  /** The first day in the window: asOf - W + 1; null for {@code all} (no first day). */
  public LocalDate firstDay(LocalDate asOf) {
    return this == ALL ? null : asOf.minusDays(days - 1L);
  }
}
