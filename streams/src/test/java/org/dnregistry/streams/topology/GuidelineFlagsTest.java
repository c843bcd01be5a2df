package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.clinic;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;
import static org.dnregistry.streams.testing.Events.practitioner;
import static org.dnregistry.streams.testing.Events.session;

import java.time.LocalDate;
import java.util.List;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.Etiology;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.PriorCare;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.testing.RegistryDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every guideline flag rule of FIGURES.md, on the day and in the clinic it is counted. */
class GuidelineFlagsTest {
  static final LocalDate START = LocalDate.of(2026, 2, 1);
  static final LocalDate DAY = LocalDate.of(2026, 2, 10);
  static final String C1 = "clinic:C1|ALL";

  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  private long flag(GuidelineFlag flag, LocalDate day) {
    return d.bucket(C1, day).flag(flag);
  }

  @ParameterizedTest
  @CsvSource({
      "CHRONIC_LOW_BACK_PAIN, DEGENERATIVE, 1",
      "CHRONIC_LOW_BACK_PAIN, MYOFASCIAL, 0",
      "CHRONIC_LOW_BACK_PAIN, , 0",
      "ACUTE_LOW_BACK_PAIN, DEGENERATIVE, 0",
      "OSTEOARTHRITIS, , 1",
      "PATELLOFEMORAL_PAIN, MYOFASCIAL, 1",
      "HEADACHE, , 1",
      "NECK_PAIN, DEGENERATIVE, 0"})
  void notRecommendedIndication(Indication indication, Etiology etiology, long expected) {
    d.put(episode("C1", "E1", indication, START).setEtiology(etiology).build());
    assertThat(flag(GuidelineFlag.NOT_RECOMMENDED_INDICATION, START)).isEqualTo(expected);
  }

  @Test
  void chronicConditionAndContraindicationAreEpisodeFlagsOnTheStartDate() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).setChronicity(Chronicity.CHRONIC)
        .setContraindications(List.of(Contraindication.ANTICOAGULANTS)).build());
    d.put(episode("C1", "E2", Indication.NECK_PAIN, START).setChronicity(Chronicity.SUBACUTE).build());
    assertThat(flag(GuidelineFlag.CHRONIC_CONDITION, START)).isEqualTo(1);
    assertThat(flag(GuidelineFlag.CONTRAINDICATION_PRESENT, START)).isEqualTo(1);
    assertThat(d.bucket("network|NECK_PAIN", START).flag(GuidelineFlag.CHRONIC_CONDITION)).isEqualTo(1);

    d.put(episode("C1", "E1", Indication.NECK_PAIN, START.plusDays(1)).setChronicity(Chronicity.CHRONIC).build());
    assertThat(flag(GuidelineFlag.CHRONIC_CONDITION, START)).isZero();
    assertThat(flag(GuidelineFlag.CHRONIC_CONDITION, START.plusDays(1))).isEqualTo(1);
    assertThat(flag(GuidelineFlag.CONTRAINDICATION_PRESENT, START.plusDays(1))).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "NECK_PAIN, NSAID_OR_ACETAMINOPHEN SELF_CARE_EDUCATION, 0",
      "NECK_PAIN, NSAID_OR_ACETAMINOPHEN, 1",
      "NECK_PAIN, SELF_CARE_EDUCATION HEAT, 1",
      "NECK_PAIN, '', 1",
      "CHRONIC_LOW_BACK_PAIN, NSAID_OR_ACETAMINOPHEN SELF_CARE_EDUCATION, 1",
      "ACUTE_LOW_BACK_PAIN, NSAID_OR_ACETAMINOPHEN SELF_CARE_EDUCATION, 1",
      "ACUTE_LOW_BACK_PAIN, NSAID_OR_ACETAMINOPHEN SELF_CARE_EDUCATION HEAT, 0"})
  void conservativeCareNotTried(Indication indication, String priorCare, long expected) {
    List<PriorCare> prior = priorCare.isBlank() ? List.of()
        : java.util.Arrays.stream(priorCare.split(" ")).map(PriorCare::valueOf).toList();
    d.put(episode("C1", "E1", indication, START).setPriorCare(prior).build());
    assertThat(flag(GuidelineFlag.CONSERVATIVE_CARE_NOT_TRIED, START)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      ", , 0", "0.25, 25, 0", "0.36, 40, 0", "0.24, , 1", "0.37, 30, 1", ", 24.9, 1", "0.3, 40.5, 1", "0.16, 13, 1"})
  void needleSpecOutOfRange(Double diameter, Double length, long expected) {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).setNeedleDiameterMm(diameter).setNeedleLengthMm(length).build());
    assertThat(flag(GuidelineFlag.NEEDLE_SPEC_OUT_OF_RANGE, DAY)).isEqualTo(expected);
  }

  @Test
  void sessionFlagsAreForDryNeedlingSessionsOnly() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 10).build());
    d.put(clinic("C1", "NY").build());
    d.put(session("C1", "S1", "E1", noon(DAY)).setModality(Modality.MANUAL_THERAPY).setNeedleDiameterMm(0.1).build());
    var b = d.bucket(C1, DAY);
    assertThat(b.sessions()).isEqualTo(1);
    assertThat(b.hasFlags()).isFalse();
  }

  @Test
  void neckPainWithoutExerciseOrManualTherapy() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    d.put(episode("C1", "E2", Indication.SHOULDER_PAIN, START).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).setCointerventions(List.of(Cointervention.TENS)).build());
    d.put(session("C1", "S2", "E1", noon(DAY)).setCointerventions(List.of(Cointervention.EXERCISE)).build());
    d.put(session("C1", "S3", "E1", noon(DAY)).setCointerventions(List.of(Cointervention.MANUAL_THERAPY)).build());
    d.put(session("C1", "S4", "E2", noon(DAY)).build());
    assertThat(flag(GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE, DAY)).isEqualTo(1);

    // The episode's indication decides: correcting it to neck pain flags the shoulder session too.
    d.put(episode("C1", "E2", Indication.NECK_PAIN, START).build());
    assertThat(flag(GuidelineFlag.NECK_PAIN_WITHOUT_EXERCISE, DAY)).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({"59.5, 1", "60, 1", "60.5, 0", "100, 0"})
  void practitionerTrainingAtOrBelow60Hours(double hours, long expected) {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(practitioner("P1", "C1", Profession.CHIROPRACTOR, hours).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isEqualTo(expected);
  }

  @Test
  void aPractitionerArrivingLateOrBeingCorrectedOrRetractedChangesTheSessionFlag() {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(session("C1", "S2", "E1", noon(DAY)).setPractitionerId("P2").build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isZero();

    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 20).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isEqualTo(1);
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 120).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isZero();
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 20).build());
    d.retractPractitioner("P1");
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isZero();
    assertThat(d.bucket(C1, DAY).sessions()).isEqualTo(2);
  }

  /** Issue 10 (harden): a practitioner counts for a session only if registered for the session's clinic. */
  @Test
  void aPractitionerOfAnotherClinicAddsNoFlagUntilRegisteredForTheSessionsClinic() {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(clinic("C1", "KS").build());
    d.put(practitioner("P1", "C2", Profession.PHYSICAL_THERAPIST, 20).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isZero();
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero();

    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 20).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isEqualTo(1);
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isEqualTo(1);

    d.put(practitioner("P1", "C2", Profession.PHYSICAL_THERAPIST, 20).build());
    assertThat(flag(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H, DAY)).isZero();
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero();
    assertThat(d.bucket(C1, DAY).sessions()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
      "PHYSICAL_THERAPIST, NY, 1", "PHYSICAL_THERAPIST, HI, 1", "PHYSICAL_THERAPIST, ID, 1",
      "PHYSICAL_THERAPIST, KS, 1", "PHYSICAL_THERAPIST, SD, 1", "PHYSICAL_THERAPIST, CO, 0",
      "CHIROPRACTOR, NY, 0", "PHYSICIAN, NY, 0"})
  void outsideScopeOfPractice(Profession profession, String state, long expected) {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(practitioner("P1", "C1", profession, 100).build());
    d.put(clinic("C1", state).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isEqualTo(expected);
  }

  @Test
  void outsideScopeOfPracticeResolvesWhenTheClinicOrThePractitionerArrivesLast() {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 100).build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero(); // clinic unknown
    d.put(clinic("C1", "KS").build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isEqualTo(1);
    d.put(clinic("C1", "CO").build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero();
    d.put(clinic("C1", "KS").build());
    d.put(practitioner("P1", "C1", Profession.ACUPUNCTURIST, 100).build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero();
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 100).build());
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isEqualTo(1);
    d.retractClinic("C1");
    assertThat(flag(GuidelineFlag.OUTSIDE_SCOPE_OF_PRACTICE, DAY)).isZero();
  }

  @Test
  void lowAdherenceCountsOnTheEarliestDischargeDayWhenSessionsAreBelowEightyPercentOfPlanned() {
    LocalDate discharge = LocalDate.of(2026, 4, 1);
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).setPlannedSessions(10).build());
    for (int i = 0; i < 7; i++) {
      d.put(session("C1", "S" + i, "E1", noon(DAY.plusDays(i))).setModality(i % 2 == 0 ? Modality.DRY_NEEDLING
          : Modality.EXERCISE).build());
    }
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge)).isZero(); // no discharge outcome yet

    d.put(outcome("C1", "E1", Instrument.ODI, Timepoint.DISCHARGE, 20, noon(discharge.plusDays(2))).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.DISCHARGE, 2, noon(discharge)).build());
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge)).isEqualTo(1);
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge.plusDays(2))).isZero();

    // 8 of 10 is exactly 80%: not low.
    d.put(session("C1", "S7", "E1", noon(DAY.plusDays(7))).build());
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge)).isZero();
    d.retractSession("C1", "E1", "S7");
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge)).isEqualTo(1);

    // The earliest discharge day moves when that outcome goes.
    d.retractOutcome(org.dnregistry.topics.Keys.outcome("C1", "E1", Instrument.NPRS, Timepoint.DISCHARGE));
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge)).isZero();
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, discharge.plusDays(2))).isEqualTo(1);
  }

  @Test
  void sessionsOfAnotherClinicsEpisodeWithTheSameIdDoNotCountTowardsAdherence() {
    d.put(episode("C1", "E1", Indication.KNEE_PAIN, START).setPlannedSessions(1).build());
    d.put(session("C2", "S1", "E1", noon(DAY)).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.DISCHARGE, 2, noon(DAY)).build());
    assertThat(flag(GuidelineFlag.LOW_ADHERENCE, DAY)).isEqualTo(1);
  }
}
