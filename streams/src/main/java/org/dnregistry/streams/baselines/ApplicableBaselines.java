package org.dnregistry.streams.baselines;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.dnregistry.avro.Baseline;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.topics.Keys;

/** Which baselines a figure is compared with (FIGURES.md "Complications"). */
public final class ApplicableBaselines {
  private ApplicableBaselines() {}

  /**
   * The baselines for every indication, plus those of {@code indication} when it is a code (not ALL), sorted by
   * source. A baseline with impossible values (low > high, outside [0, 1]) is left out: it would fail every
   * comparison, and the validation of the input reports it.
   */
  public static List<Baseline> of(Collection<Baseline> all, String indication) {
    return all.stream()
        .filter(b -> FactChecks.baseline(Keys.baseline(b.getCategory(), b.getSource()), b).isEmpty())
        .filter(b -> b.getIndication() == null
            || (!Series.ALL.equals(indication) && b.getIndication().name().equals(indication)))
        .sorted(Comparator.comparing(Baseline::getSource))
        .toList();
  }
}
