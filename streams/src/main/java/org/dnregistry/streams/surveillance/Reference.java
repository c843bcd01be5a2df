package org.dnregistry.streams.surveillance;

import java.util.Objects;
import org.dnregistry.avro.Indication;

/**
 * The reference rate of one category for one indication: the chosen baseline's source and {@code p0}, its
 * {@code high} (REFERENCE section 4).
 *
 * @param indication    the indication it applies to
 * @param source        the chosen baseline's source
 * @param p0            events per session expected in control: the baseline's {@code high}
 * @param studySessions the chosen baseline's study size, null when it has none
 * @param specific      true when the baseline names this indication, false when it applies to every indication
 */
public record Reference(Indication indication, String source, double p0, Long studySessions, boolean specific) {
  public Reference {
    Objects.requireNonNull(indication, "indication");
    Objects.requireNonNull(source, "source");
    if (!(p0 >= 0 && p0 <= 1)) {
      throw new IllegalArgumentException("p0 must be a rate in [0, 1], was " + p0);
    }
  }
}
