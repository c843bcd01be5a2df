package org.dnregistry.streams.surveillance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnregistry.avro.ComplicationCategory.ANY_MINOR;
import static org.dnregistry.avro.ComplicationCategory.BLEEDING;
import static org.dnregistry.avro.ComplicationCategory.BRUISING;
import static org.dnregistry.avro.ComplicationCategory.DROWSINESS;
import static org.dnregistry.avro.ComplicationCategory.FATIGUE;
import static org.dnregistry.avro.ComplicationCategory.HEADACHE;
import static org.dnregistry.avro.ComplicationCategory.NAUSEA;
import static org.dnregistry.avro.ComplicationCategory.PAIN_AFTER;
import static org.dnregistry.avro.ComplicationCategory.PAIN_DURING;
import static org.dnregistry.avro.ComplicationCategory.PNEUMOTHORAX;
import static org.dnregistry.avro.ComplicationCategory.SERIOUS;
import static org.dnregistry.avro.ComplicationCategory.SYMPTOM_AGGRAVATION;
import static org.dnregistry.avro.ComplicationCategory.VASOVAGAL;

import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.topics.PublishedBaselines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reference choice of REFERENCE section 4. */
class ReferenceRatesTest {
  private static final List<Baseline> PUBLISHED = PublishedBaselines.load();

  static Baseline baseline(ComplicationCategory category, String source, double high, Long studySessions,
      Indication indication) {
    return Baseline.newBuilder().setCategory(category).setSource(source).setLow(high).setHigh(high)
        .setStudySessions(studySessions).setIndication(indication).build();
  }

  private static List<Baseline> publishedPlus(Baseline... more) {
    var all = new ArrayList<>(PUBLISHED);
    all.addAll(List.of(more));
    return all;
  }

  private static Reference reference(List<Baseline> baselines, ComplicationCategory category, Indication indication) {
    return ReferenceRates.choose(baselines, category, indication).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Indication.class)
  void withThePublishedBaselinesTheLargestStudyIsTheReferenceForEveryIndication(Indication indication) {
    // ANY_MINOR: Boyce 2020 (20,464 sessions) over Brady 2014 (7,629), though Brady's rate is lower.
    assertThat(reference(PUBLISHED, ANY_MINOR, indication))
        .isEqualTo(new Reference(indication, "Boyce 2020", 0.368, 20_464L, false));
    // BRUISING: Boyce over Brady; Moghim has no studySessions, so it is never chosen while a study applies.
    assertThat(reference(PUBLISHED, BRUISING, indication).source()).isEqualTo("Boyce 2020");
    assertThat(reference(PUBLISHED, BRUISING, indication).p0()).isEqualTo(0.077);
    assertThat(reference(PUBLISHED, BLEEDING, indication).p0()).isEqualTo(0.16);
    assertThat(reference(PUBLISHED, PAIN_DURING, indication).p0()).isEqualTo(0.059);
    // PAIN_AFTER: Brady 2014 (0.0219), not Moghim's 0.60-0.70 without a study size.
    assertThat(reference(PUBLISHED, PAIN_AFTER, indication).source()).isEqualTo("Brady 2014");
    assertThat(reference(PUBLISHED, PAIN_AFTER, indication).p0()).isEqualTo(0.0219);
    assertThat(reference(PUBLISHED, SERIOUS, indication).p0()).isEqualTo(0.000977);
    assertThat(reference(PUBLISHED, FATIGUE, indication).p0()).isEqualTo(0.0004);
  }

  @Test
  void thePublishedBaselinesMonitorElevenCategoriesAndNotTheSentinelOnes() {
    var rates = ReferenceRates.of(PUBLISHED);

    assertThat(rates.categories()).containsExactly(BRUISING, BLEEDING, PAIN_DURING, PAIN_AFTER, SYMPTOM_AGGRAVATION,
        DROWSINESS, HEADACHE, NAUSEA, FATIGUE, ANY_MINOR, SERIOUS);
    // PNEUMOTHORAX has a baseline (Moghim) but every pneumothorax is a SENTINEL alert already.
    assertThat(rates.isMonitored(PNEUMOTHORAX)).isFalse();
    assertThat(rates.isMonitored(VASOVAGAL)).isFalse();
    assertThat(rates.of(BRUISING).references()).hasSize(Indication.values().length)
        .allSatisfy(r -> assertThat(r.source()).isEqualTo("Boyce 2020"));
  }

  @Test
  void anAdverseEventCategoryIsMonitoredOnceItHasABaselineEvenForOneIndication() {
    var rates = ReferenceRates.of(publishedPlus(
        baseline(VASOVAGAL, "Neck study", 0.01, 500L, Indication.NECK_PAIN)));

    assertThat(rates.isMonitored(VASOVAGAL)).isTrue();
    assertThat(rates.of(VASOVAGAL).references()).singleElement()
        .isEqualTo(new Reference(Indication.NECK_PAIN, "Neck study", 0.01, 500L, true));
    assertThat(rates.of(VASOVAGAL).reference(Indication.KNEE_PAIN)).isEmpty();
  }

  @Test
  void anIndicationSpecificBaselineIsPreferredEvenFromASmallerStudy() {
    var baselines = publishedPlus(baseline(BRUISING, "Neck study", 0.2, 3_000L, Indication.NECK_PAIN));

    assertThat(reference(baselines, BRUISING, Indication.NECK_PAIN))
        .isEqualTo(new Reference(Indication.NECK_PAIN, "Neck study", 0.2, 3_000L, true));
    assertThat(reference(baselines, BRUISING, Indication.KNEE_PAIN).source()).isEqualTo("Boyce 2020");
  }

  @Test
  void aBaselineWithoutStudySessionsLosesToAnyApplicableOneWithItEvenWhenSpecific() {
    // "a baseline without studySessions only when none of the applicable ones has it" (REFERENCE section 4).
    var baselines = publishedPlus(baseline(BRUISING, "Knee note", 0.5, null, Indication.KNEE_PAIN));

    assertThat(reference(baselines, BRUISING, Indication.KNEE_PAIN).source()).isEqualTo("Boyce 2020");
  }

  @Test
  void withoutAnyStudySessionsTheSpecificThenTheFirstSourceIsChosenAndP0IsItsHigh() {
    var general = List.of(baseline(BRUISING, "Zeta", 0.1, null, null), baseline(BRUISING, "Alpha", 0.3, null, null));
    assertThat(reference(general, BRUISING, Indication.HIP_PAIN).source()).isEqualTo("Alpha");

    var withSpecific = new ArrayList<>(general);
    withSpecific.add(baseline(BRUISING, "Zulu hip", 0.05, null, Indication.HIP_PAIN));
    assertThat(reference(withSpecific, BRUISING, Indication.HIP_PAIN).source()).isEqualTo("Zulu hip");

    // p0 is the baseline's high, not its low: Moghim alone gives 0.20 for bruising.
    var moghim = PUBLISHED.stream().filter(b -> b.getSource().equals("Moghim")).toList();
    assertThat(reference(moghim, BRUISING, Indication.HIP_PAIN).p0()).isEqualTo(0.20);
  }

  @Test
  void equalStudySessionsAreBrokenByTheFirstSourceInStringOrder() {
    var baselines = List.of(baseline(BLEEDING, "beta 2021", 0.2, 1_000L, null),
        baseline(BLEEDING, "Beta 2021", 0.3, 1_000L, null), baseline(BLEEDING, "alpha 2019", 0.1, 1_000L, null));

    // String order: upper case before lower case ("Beta" < "alpha" < "beta").
    assertThat(reference(baselines, BLEEDING, Indication.OTHER).source()).isEqualTo("Beta 2021");
  }

  @Test
  void aLargerStudyWinsAmongTheSpecificOnes() {
    var baselines = List.of(baseline(BLEEDING, "Small neck", 0.2, 100L, Indication.NECK_PAIN),
        baseline(BLEEDING, "Large neck", 0.3, 900L, Indication.NECK_PAIN),
        baseline(BLEEDING, "Huge general", 0.1, 90_000L, null));

    assertThat(reference(baselines, BLEEDING, Indication.NECK_PAIN).source()).isEqualTo("Large neck");
    assertThat(reference(baselines, BLEEDING, Indication.TMJ_PAIN).source()).isEqualTo("Huge general");
  }

  @Test
  void aBaselineOfAnotherIndicationOrCategoryDoesNotApply() {
    var baselines = List.of(baseline(BLEEDING, "Neck", 0.2, 100L, Indication.NECK_PAIN),
        baseline(BRUISING, "Any", 0.1, 100L, null));

    assertThat(ReferenceRates.choose(baselines, BLEEDING, Indication.KNEE_PAIN)).isEmpty();
  }

  @Test
  void aBaselineWithImpossibleValuesIsLeftOut() {
    var bad = Baseline.newBuilder().setCategory(BRUISING).setSource("Huge but wrong").setLow(0.3).setHigh(0.2)
        .setStudySessions(1_000_000L).build();
    var zeroStudy = baseline(BRUISING, "Zero study", 0.9, 0L, null);

    assertThat(reference(publishedPlus(bad, zeroStudy), BRUISING, Indication.NECK_PAIN).source())
        .isEqualTo("Boyce 2020");
    assertThat(ReferenceRates.monitored(List.of(bad))).containsExactly(ANY_MINOR, SERIOUS);
  }

  @Test
  void withoutBaselinesOnlyAnyMinorAndSeriousAreMonitoredAndTheyHaveNoReference() {
    var rates = ReferenceRates.of(List.of());

    assertThat(rates.categories()).containsExactly(ANY_MINOR, SERIOUS);
    assertThat(rates.of(ANY_MINOR).isEmpty()).isTrue();
    assertThat(rates.of(ANY_MINOR).references()).isEmpty();
    assertThatThrownBy(() -> rates.of(BRUISING)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BRUISING is not monitored");
  }
}
