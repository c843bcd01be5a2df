package org.dnregistry.streams.surveillance;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.topics.Keys;

/**
 * Which categories are monitored and, for each category and indication, which baseline is the reference
 * (REFERENCE section 4). Immutable: build a new one when a baseline changes.
 *
 * <p>The choice among the applicable baselines (that category, indication equal or null) ranks, in this order:
 * <ol>
 *   <li>a baseline with {@code studySessions} before one without: "a baseline without studySessions only when none
 *       of the applicable ones has it" is a statement about all applicable baselines, so an indication-specific
 *       baseline without a study size does not beat a general one with it;</li>
 *   <li>an indication-specific baseline before a general one;</li>
 *   <li>the larger {@code studySessions};</li>
 *   <li>the first {@code source} in {@link String#compareTo} order.</li>
 * </ol>
 * This is the only order that satisfies every clause of the contract's sentence at once. Baselines with impossible
 * values (those {@link FactChecks#baseline} rejects) are left out, as in the complications figures.
 */
public final class ReferenceRates {
  /**
   * Categories whose every event raises a SENTINEL alert at once (REFERENCE section 4): a rate test adds nothing to
   * that, so they are never monitored, even when they have a baseline (PNEUMOTHORAX has one).
   */
  public static final Set<ComplicationCategory> SENTINEL = EnumSet.of(ComplicationCategory.PNEUMOTHORAX,
      ComplicationCategory.INFECTION, ComplicationCategory.NERVE_INJURY, ComplicationCategory.NEEDLE_BREAKAGE,
      ComplicationCategory.FORGOTTEN_NEEDLE);

  private static final Indication[] INDICATIONS = Indication.values();

  static final Comparator<Baseline> PREFERENCE = Comparator
      .comparing((Baseline b) -> b.getStudySessions() == null)
      .thenComparing(b -> b.getIndication() == null)
      .thenComparing(b -> b.getStudySessions() == null ? 0L : b.getStudySessions(), Comparator.reverseOrder())
      .thenComparing(Baseline::getSource);

  private final Map<ComplicationCategory, CategoryReferences> byCategory;

  private ReferenceRates(Map<ComplicationCategory, CategoryReferences> byCategory) {
    this.byCategory = byCategory;
  }

  /** The monitored categories of {@code baselines} and their references for every indication. */
  public static ReferenceRates of(Collection<Baseline> baselines) {
    List<Baseline> valid = valid(baselines);
    var byCategory = new EnumMap<ComplicationCategory, CategoryReferences>(ComplicationCategory.class);
    for (ComplicationCategory category : monitoredOf(valid)) {
      var references = new Reference[INDICATIONS.length];
      for (Indication indication : INDICATIONS) {
        references[indication.ordinal()] = chooseFrom(valid, category, indication).orElse(null);
      }
      byCategory.put(category, new CategoryReferences(category, references));
    }
    return new ReferenceRates(byCategory);
  }

  /**
   * The reference of {@code category} for {@code indication}, or empty when no baseline applies (then that
   * indication adds nothing to the category's CUSUM).
   */
  public static Optional<Reference> choose(Collection<Baseline> baselines, ComplicationCategory category,
      Indication indication) {
    return chooseFrom(valid(baselines), category, indication);
  }

  /**
   * The monitored categories, in enum order: ANY_MINOR and SERIOUS always, and every adverse-event category with a
   * (sound) baseline for any indication, except the sentinel categories.
   */
  public static Set<ComplicationCategory> monitored(Collection<Baseline> baselines) {
    return monitoredOf(valid(baselines));
  }

  /** The monitored categories, in enum order. */
  public List<ComplicationCategory> categories() {
    return List.copyOf(byCategory.keySet());
  }

  public boolean isMonitored(ComplicationCategory category) {
    return byCategory.containsKey(category);
  }

  /** The references of a monitored category; throws for a category that is not monitored. */
  public CategoryReferences of(ComplicationCategory category) {
    CategoryReferences r = byCategory.get(category);
    if (r == null) {
      throw new IllegalArgumentException(category + " is not monitored; monitored: " + byCategory.keySet());
    }
    return r;
  }

  private static Optional<Reference> chooseFrom(List<Baseline> valid, ComplicationCategory category,
      Indication indication) {
    return valid.stream()
        .filter(b -> b.getCategory() == category)
        .filter(b -> b.getIndication() == null || b.getIndication() == indication)
        .min(PREFERENCE)
        .map(b -> new Reference(indication, b.getSource(), b.getHigh(), b.getStudySessions(),
            b.getIndication() != null));
  }

  private static Set<ComplicationCategory> monitoredOf(List<Baseline> valid) {
    var monitored = EnumSet.of(ComplicationCategory.ANY_MINOR, ComplicationCategory.SERIOUS);
    for (Baseline b : valid) {
      if (!SENTINEL.contains(b.getCategory())) {
        monitored.add(b.getCategory());
      }
    }
    return monitored;
  }

  private static List<Baseline> valid(Collection<Baseline> baselines) {
    return baselines.stream()
        .filter(b -> FactChecks.baseline(Keys.baseline(b.getCategory(), b.getSource()), b).isEmpty())
        .toList();
  }
}
