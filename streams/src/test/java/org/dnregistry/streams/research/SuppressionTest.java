package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.SuppressibleCount;
import org.junit.jupiter.api.Test;

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
  void aSingleSuppressedCategoryTakesTheSmallestOtherCategoryWithItTiesByEnumOrder() {
    // PAIN_AFTER suppressed (5); the smallest other category cell is 0, first in enum order: BLEEDING.
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 40, ComplicationCategory.PAIN_AFTER, 5,
        ComplicationCategory.ANY_MINOR, 45));
    assertThat(out.get(ComplicationCategory.PAIN_AFTER).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.BLEEDING).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.BRUISING)).isEqualTo(new SuppressibleCount(40L, false));
    assertThat(out.values().stream().filter(SuppressibleCount::getSuppressed).count()).isEqualTo(2);
    assertThat(out.get(ComplicationCategory.ANY_MINOR)).isEqualTo(new SuppressibleCount(45L, false));
    assertThat(out.get(ComplicationCategory.SERIOUS)).isEqualTo(new SuppressibleCount(0L, false));
  }

  @Test
  void whenEveryOtherCategoryIsLargeTheSmallestOfThemIsSuppressed() {
    var m = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
    for (ComplicationCategory c : ComplicationCategory.values()) {
      m.put(c, 50L + c.ordinal());
    }
    m.put(ComplicationCategory.HEADACHE, 3L);
    m.put(ComplicationCategory.OTHER, 20L);
    m.put(ComplicationCategory.NAUSEA, 20L);
    var out = Suppression.events(m);
    assertThat(out.get(ComplicationCategory.HEADACHE).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.NAUSEA).getSuppressed()).isTrue(); // before OTHER in enum order
    assertThat(out.get(ComplicationCategory.OTHER).getSuppressed()).isFalse();
  }

  @Test
  void twoSuppressedCategoriesNeedNoComplementAndMinorAndSeriousGoTogether() {
    var out = Suppression.events(counts(ComplicationCategory.BRUISING, 30, ComplicationCategory.BLEEDING, 2,
        ComplicationCategory.PNEUMOTHORAX, 1, ComplicationCategory.ANY_MINOR, 32, ComplicationCategory.SERIOUS, 1));
    assertThat(out.values().stream().filter(SuppressibleCount::getSuppressed).count()).isEqualTo(4);
    assertThat(out.get(ComplicationCategory.ANY_MINOR).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.SERIOUS).getSuppressed()).isTrue();
    assertThat(out.get(ComplicationCategory.BRUISING).getSuppressed()).isFalse();
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
