package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.SuppressibleCount;
import org.junit.jupiter.api.Test;

/** The suppression rules by example; {@code SuppressionAuditTest} checks every outcome against the exact audit. */
class SuppressionTest {
  @Test
  void countsFromOneToTenAreSuppressedAndZeroAndElevenAreShown() {
    assertThat(Suppression.of(0)).isEqualTo(new SuppressibleCount(0L, false));
    assertThat(Suppression.of(1)).isEqualTo(new SuppressibleCount(null, true));
    assertThat(Suppression.of(10)).isEqualTo(new SuppressibleCount(null, true));
    assertThat(Suppression.of(11)).isEqualTo(new SuppressibleCount(11L, false));
  }

  private static Map<ComplicationCategory, Long> counts(Object... pairs) {
    var m = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((ComplicationCategory) pairs[i], ((Number) pairs[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void aZeroCellIsNeverAComplementSoTheTotalsHideWhenNoOtherCategoryCanHide() {
    // The defect this replaces: BLEEDING (0) was the complement, and 45 - 40 pinned PAIN_AFTER at 5.
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 40, ComplicationCategory.PAIN_AFTER, 5,
        ComplicationCategory.ANY_MINOR, 45));
    assertThat(out.get(ComplicationCategory.BLEEDING)).isEqualTo(new SuppressibleCount(0L, false));
    assertThat(out.get(ComplicationCategory.PAIN_AFTER).getSuppressed()).isTrue();
    // BRUISING (40) is the only other non-zero category: 5 + 40 = 45 >= 11, so it is the complement.
    assertThat(out.get(ComplicationCategory.BRUISING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.ANY_MINOR)).isEqualTo(new SuppressibleCount(45L, false));
    assertThat(out.get(ComplicationCategory.SERIOUS)).isEqualTo(new SuppressibleCount(0L, false));
  }

  @Test
  void complementsAreAddedSmallestFirstUntilTheSuppressedTotalIsElevenOrMore() {
    // 1 + 1 = 2 would be pinned by the total; the smallest non-zero shown cells are added until >= 11.
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 1, ComplicationCategory.BLEEDING, 1,
        ComplicationCategory.PAIN_DURING, 12, ComplicationCategory.PAIN_AFTER, 30, ComplicationCategory.ANY_MINOR, 44));
    assertThat(out.get(ComplicationCategory.BRUISING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.BLEEDING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.PAIN_DURING).getSuppressed()).isTrue(); // 1 + 1 + 12 = 14
    assertThat(out.get(ComplicationCategory.PAIN_AFTER)).isEqualTo(new SuppressibleCount(30L, false));
    assertThat(out.get(ComplicationCategory.ANY_MINOR)).isEqualTo(new SuppressibleCount(44L, false));
  }

  @Test
  void withNoNonZeroCategoryLeftToHideInTheTotalsAreSuppressed() {
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 3, ComplicationCategory.ANY_MINOR, 3));
    assertThat(out.get(ComplicationCategory.BRUISING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.ANY_MINOR).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.SERIOUS).getSuppressed()).isTrue();
  }

  @Test
  void aSmallMinorOrSeriousTotalHidesBoth() {
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 30, ComplicationCategory.BLEEDING, 2,
        ComplicationCategory.PNEUMOTHORAX, 1, ComplicationCategory.ANY_MINOR, 32, ComplicationCategory.SERIOUS, 1));
    assertThat(out.get(ComplicationCategory.ANY_MINOR).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.SERIOUS).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.BLEEDING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.PNEUMOTHORAX).getSuppressed()).isTrue();
  }

  @Test
  void respondersAreSuppressedWhenRespondersOrNonRespondersAreSmall() {
    assertThat(Suppression.responders(40, 35).getSuppressed()).isTrue();  // 5 non-responders
    assertThat(Suppression.responders(40, 5).getSuppressed()).isTrue();
    assertThat(Suppression.responders(40, 0).getSuppressed()).isFalse();
    assertThat(Suppression.responders(40, 40).getSuppressed()).isFalse();
    assertThat(Suppression.responders(40, 20)).isEqualTo(new SuppressibleCount(20L, false));
  }
}
