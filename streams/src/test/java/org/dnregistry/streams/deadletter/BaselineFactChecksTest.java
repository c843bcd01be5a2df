package org.dnregistry.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.junit.jupiter.api.Test;

/** A baseline from a direct Avro producer is held to ingest's rules, studySessions included. */
class BaselineFactChecksTest {
  private static Baseline.Builder bruising() {
    return Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("Boyce 2020").setLow(0.077)
        .setHigh(0.077);
  }

  @Test
  void studySessionsMayBeAbsentOrPositive() {
    assertThat(FactChecks.baseline("BRUISING|Boyce 2020", bruising().build())).isEmpty();
    assertThat(FactChecks.baseline("BRUISING|Boyce 2020", bruising().setStudySessions(20_464L).build())).isEmpty();
  }

  @Test
  void studySessionsOfZeroOrLessIsAProblem() {
    assertThat(FactChecks.baseline("BRUISING|Boyce 2020", bruising().setStudySessions(0L).build()))
        .containsExactly("studySessions must be positive, was 0");
    assertThat(FactChecks.baseline("BRUISING|Boyce 2020", bruising().setStudySessions(-5L).build()))
        .containsExactly("studySessions must be positive, was -5");
  }
}
