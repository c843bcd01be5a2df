package org.dnregistry.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.junit.jupiter.api.Test;

/** The seeded reference data of REFERENCE section 5, including each study's number of treatment sessions. */
class PublishedBaselinesTest {
  private final List<Baseline> baselines = PublishedBaselines.load();

  @Test
  void everyRowOfTheContractTableIsSeeded() {
    assertThat(baselines).hasSize(18);
    assertThat(baselines).extracting(b -> b.getCategory() + "|" + b.getSource()).doesNotHaveDuplicates()
        .contains("ANY_MINOR|Brady 2014", "ANY_MINOR|Boyce 2020", "BRUISING|Moghim", "SERIOUS|Boyce 2020",
            "PNEUMOTHORAX|Moghim");
  }

  @Test
  void studySessionsAreTheStudiesTreatmentCounts() {
    // REFERENCE section 5: Brady 2014 = 7,629; Boyce 2020 = 20,464; Moghim: none (a patient article, not a study).
    assertThat(baselines).allSatisfy(b -> {
      switch (b.getSource()) {
        case "Brady 2014" -> assertThat(b.getStudySessions()).isEqualTo(7_629L);
        case "Boyce 2020" -> assertThat(b.getStudySessions()).isEqualTo(20_464L);
        case "Moghim" -> assertThat(b.getStudySessions()).isNull();
        default -> throw new AssertionError("unexpected source " + b.getSource());
      }
    });
  }

  @Test
  void everyStudySessionsFigureIsCitedInItsRow() {
    assertThat(baselines).filteredOn(b -> b.getStudySessions() != null).allSatisfy(b ->
        assertThat(b.getCitation()).contains(String.format("%,d treatments", b.getStudySessions())));
  }

  @Test
  void theRatesAreTheContractsFigures() {
    Baseline anyMinor = find(ComplicationCategory.ANY_MINOR, "Boyce 2020");
    assertThat(anyMinor.getHigh()).isEqualTo(0.368);
    // The rates are the published counts over the study's sessions: 7,531 / 20,464 and 1,463 / 7,629.
    assertThat(7_531.0 / anyMinor.getStudySessions()).isCloseTo(anyMinor.getHigh(), org.assertj.core.data.Offset.offset(5e-4));
    Baseline brady = find(ComplicationCategory.ANY_MINOR, "Brady 2014");
    assertThat(1_463.0 / brady.getStudySessions()).isCloseTo(brady.getHigh(), org.assertj.core.data.Offset.offset(5e-5));
    Baseline moghim = find(ComplicationCategory.BRUISING, "Moghim");
    assertThat(moghim.getLow()).isEqualTo(0.15);
    assertThat(moghim.getHigh()).isEqualTo(0.20);
    assertThat(baselines).allSatisfy(b -> assertThat(b.getIndication()).isNull());
  }

  @Test
  void aMalformedRowIsRefusedWithTheLine() {
    assertThatThrownBy(() -> PublishedBaselines.parse("BRUISING,0.1,0.1,X,\"no studySessions column\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 4 fields")
        .hasMessageContaining("BRUISING,0.1,0.1,X");
    assertThatThrownBy(() -> PublishedBaselines.parse("BRUISING,0.1,0.1,X,0,\"c\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("studySessions must be positive");
    assertThat(PublishedBaselines.parse("BRUISING,0.1,0.1,X,,\"c\"").getStudySessions()).isNull();
  }

  private Baseline find(ComplicationCategory category, String source) {
    return baselines.stream().filter(b -> b.getCategory() == category && b.getSource().equals(source)).findFirst()
        .orElseThrow();
  }
}
