package org.dnregistry.streams.episodes;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.dnregistry.avro.Outcome;

/** An outcome's score in exact hundredths of a point, and the UTC day it was recorded. */
public record OutcomeInfo(int hundredths, int day) {

  /** Scores carry at most two decimals, so hundredths are exact integers once rounded off the binary double. */
  public static OutcomeInfo of(Outcome o) {
    return new OutcomeInfo(Math.toIntExact(Math.round(o.getScore() * 100)),
        (int) LocalDate.ofInstant(o.getRecordedAt(), ZoneOffset.UTC).toEpochDay());
  }
}
