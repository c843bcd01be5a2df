package org.dnregistry.streams.surveillance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;

/** The reference of one monitored category for each indication; an indication without one adds nothing. */
public final class CategoryReferences {
  private static final Indication[] INDICATIONS = Indication.values();

  private final ComplicationCategory category;
  private final Reference[] byIndication;
  /** Indication ordinals that have a reference, and their p0, for the CUSUM's inner loop. */
  private final int[] covered;
  private final double[] p0;

  CategoryReferences(ComplicationCategory category, Reference[] byIndication) {
    this.category = Objects.requireNonNull(category, "category");
    if (byIndication.length != INDICATIONS.length) {
      throw new IllegalArgumentException("one reference (or null) per indication expected");
    }
    this.byIndication = byIndication.clone();
    this.covered = Arrays.stream(INDICATIONS).filter(i -> this.byIndication[i.ordinal()] != null)
        .mapToInt(Indication::ordinal).toArray();
    this.p0 = Arrays.stream(covered).mapToDouble(i -> this.byIndication[i].p0()).toArray();
  }

  /** References given explicitly, for tests and simulations; indications absent from the list have none. */
  public static CategoryReferences of(ComplicationCategory category, List<Reference> references) {
    var byIndication = new Reference[INDICATIONS.length];
    for (Reference r : references) {
      if (byIndication[r.indication().ordinal()] != null) {
        throw new IllegalArgumentException("two references for " + r.indication());
      }
      byIndication[r.indication().ordinal()] = r;
    }
    return new CategoryReferences(category, byIndication);
  }

  public ComplicationCategory category() {
    return category;
  }

  public Optional<Reference> reference(Indication indication) {
    return Optional.ofNullable(byIndication[indication.ordinal()]);
  }

  /** The references in indication order (what {@code /v1/surveillance} lists). */
  public List<Reference> references() {
    var list = new ArrayList<Reference>(covered.length);
    for (int i : covered) {
      list.add(byIndication[i]);
    }
    return List.copyOf(list);
  }

  /** True when no indication has a reference: the category's CUSUM stays at 0. */
  public boolean isEmpty() {
    return covered.length == 0;
  }

  int[] coveredOrdinals() {
    return covered;
  }

  double[] coveredP0() {
    return p0;
  }

  @Override
  public String toString() {
    return "CategoryReferences[" + category + ", " + references() + "]";
  }
}
