package org.dnregistry.ingest.events;

import java.math.BigDecimal;
import org.dnregistry.avro.Instrument;

/**
 * Valid score ranges of the outcome instruments (REFERENCE section 2): NPRS 0-10 (numeric pain rating scale),
 * NDI 0-50 raw points (Neck Disability Index), ODI 0-100 (Oswestry Disability Index), PSFS 0-10 (Patient-Specific
 * Functional Scale, mean item score). All start at 0.
 */
public final class ScoreRanges {
  private ScoreRanges() {}

  public static BigDecimal max(Instrument instrument) {
    return switch (instrument) {
      case NPRS, PSFS -> BigDecimal.TEN;
      case NDI -> BigDecimal.valueOf(50);
      case ODI -> BigDecimal.valueOf(100);
    };
  }
}
