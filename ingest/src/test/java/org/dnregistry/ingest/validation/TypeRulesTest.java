package org.dnregistry.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.validation.Validate.issues;
import static org.dnregistry.ingest.validation.Validate.onlyIssue;
import static org.dnregistry.ingest.validation.Validate.valid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of each event type of REFERENCE section 2, each with a failing case. */
class TypeRulesTest {

  @Nested
  class Episodes {
    ObjectNode e = TestEvents.of(EventType.EPISODE);

    @Test
    void indicationMustBeACode() {
      onlyIssue(e.put("indication", "BACK_PAIN"), "indication", "not a valid code", "CHRONIC_LOW_BACK_PAIN",
          "TMJ_PAIN", "OTHER");
    }

    @Test
    void chronicityMustBeACode() {
      onlyIssue(e.put("chronicity", "LONG"), "chronicity", "ACUTE, SUBACUTE, CHRONIC");
    }

    @Test
    void etiologyMustBeACode() {
      onlyIssue(e.put("etiology", "GENETIC"), "etiology", "MYOFASCIAL", "TRAUMATIC");
    }

    @Test
    void priorCareEntriesMustBeCodes() {
      e.putArray("priorCare").add("NSAID_OR_ACETAMINOPHEN").add("MASSAGE");
      onlyIssue(e, "priorCare[1]", "'MASSAGE' is not a valid code", "SELF_CARE_EDUCATION");
    }

    @Test
    void priorCareMustNotRepeat() {
      e.putArray("priorCare").add("HEAT").add("HEAT");
      onlyIssue(e, "priorCare[1]", "duplicate");
    }

    @Test
    void contraindicationsMustBeCodes() {
      e.putArray("contraindications").add("DIABETES");
      onlyIssue(e, "contraindications[0]", "PREGNANCY", "NERVE_INJURY");
    }

    @Test
    void contraindicationsMustNotRepeat() {
      e.putArray("contraindications").add("PREGNANCY").add("ANTICOAGULANTS").add("PREGNANCY");
      onlyIssue(e, "contraindications[2]", "duplicate", "contraindications[0]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 201, 10_000})
    void plannedSessionsIsFrom1To200(int n) {
      onlyIssue(e.put("plannedSessions", n), "plannedSessions", "a whole number from 1 to 200");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 24, 200})
    void plannedSessionsBoundsAreIncluded(int n) {
      assertThat(valid(e.put("plannedSessions", n)).integer("plannedSessions")).isEqualTo(n);
    }

    @Test
    void patientIdIsRequiredAndAnId() {
      onlyIssue(e.put("patientId", "x".repeat(65)), "patientId", "at most 64");
    }

    @Test
    void startDateIsADate() {
      onlyIssue(e.put("startDate", "March 1st"), "startDate", "YYYY-MM-DD");
    }
  }

  @Nested
  class Sessions {
    ObjectNode s = TestEvents.of(EventType.SESSION);

    @Test
    void modalityMustBeACode() {
      onlyIssue(s.put("modality", "CUPPING"), "modality", "DRY_NEEDLING");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 201})
    void needleCountIsPositiveAndBounded(int n) {
      onlyIssue(s.put("needleCount", n), "needleCount", "from 1 to 200");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.25, 1.01, 5})
    void needleDiameterIsPositiveAndBounded(double mm) {
      onlyIssue(s.put("needleDiameterMm", mm), "needleDiameterMm", "greater than 0 and up to 1");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -30, 150.5})
    void needleLengthIsPositiveAndBounded(double mm) {
      onlyIssue(s.put("needleLengthMm", mm), "needleLengthMm", "greater than 0 and up to 150");
    }

    @Test
    void needleSizesMayHaveManyDecimals() {
      assertThat(valid(s.put("needleDiameterMm", 0.225)).decimal("needleDiameterMm"))
          .isEqualByComparingTo("0.225");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 241})
    void durationIsPositiveAndBounded(int minutes) {
      onlyIssue(s.put("durationMinutes", minutes), "durationMinutes", "from 1 to 240");
    }

    @Test
    void ultrasoundGuidedIsABoolean() {
      onlyIssue(s.put("ultrasoundGuided", "no"), "ultrasoundGuided", "true or false");
    }

    @Test
    void twitchResponseIsABoolean() {
      onlyIssue(s.put("twitchResponse", 0), "twitchResponse", "true or false");
    }

    @Test
    void cointerventionsMustBeCodes() {
      s.putArray("cointerventions").add("ACUPRESSURE");
      onlyIssue(s, "cointerventions[0]", "EXERCISE, MANUAL_THERAPY, TENS, HEAT, ICE, EDUCATION");
    }

    @Test
    void regionsMustNotRepeat() {
      s.putArray("regions").add("neck").add("neck");
      onlyIssue(s, "regions[1]", "duplicate");
    }

    @Test
    void occurredAtIsAnInstant() {
      onlyIssue(s.put("occurredAt", "2025-03-02"), "occurredAt", "ISO-8601 instant");
    }

    @Test
    void practitionerIdIsAnId() {
      onlyIssue(s.put("practitionerId", "P|1"), "practitionerId", "'|'");
    }
  }

  @Nested
  class Outcomes {
    ObjectNode o = TestEvents.of(EventType.OUTCOME);

    @ParameterizedTest
    @CsvSource({"NPRS,10", "NDI,50", "ODI,100", "PSFS,10", "NPRS,0", "ODI,0"})
    void scoresUpToTheInstrumentMaximumAreValid(String instrument, String score) {
      String json = o.put("instrument", instrument).toString().replace("\"score\":7.0", "\"score\":" + score);
      assertThat(issues(json)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"NPRS,10.01,10", "NDI,50.5,50", "ODI,100.01,100", "PSFS,11,10", "NPRS,50,10"})
    void aScoreAboveTheInstrumentMaximumIsRejected(String instrument, String score, String max) {
      String json = o.put("instrument", instrument).toString().replace("\"score\":7.0", "\"score\":" + score);
      assertThat(issues(json)).singleElement().satisfies(i -> {
        assertThat(i.field()).isEqualTo("score");
        assertThat(i.message()).contains("from 0 to " + max + " for " + instrument);
      });
    }

    @Test
    void aNegativeScoreIsRejected() {
      onlyIssue(o.put("score", -1), "score", "from 0 to 10 for NPRS");
    }

    @Test
    void aScoreHasAtMostTwoDecimals() {
      String json = o.toString().replace("\"score\":7.0", "\"score\":7.125");
      assertThat(issues(json)).singleElement().satisfies(i -> assertThat(i.message()).contains("too many decimals"));
    }

    @Test
    void trailingZerosAreNotDecimals() {
      String json = o.toString().replace("\"score\":7.0", "\"score\":7.2500");
      assertThat(Validate.VALIDATOR.validate(Validate.parse(json), 0)).isInstanceOfSatisfying(Validation.Valid.class,
          v -> assertThat(v.event().decimal("score")).isEqualByComparingTo(new BigDecimal("7.25")));
    }

    @Test
    void aScoreIsANumberNotAString() {
      onlyIssue(o.put("score", "7"), "score", "expected a number", "got a string");
    }

    @Test
    void instrumentMustBeACode() {
      onlyIssue(o.put("instrument", "VAS"), "instrument", "NPRS, NDI, ODI, PSFS");
    }

    @Test
    void timepointMustBeACode() {
      onlyIssue(o.put("timepoint", "WEEK_6"), "timepoint", "BASELINE", "MONTH_12");
    }

    @Test
    void aBadInstrumentDoesNotAlsoProduceARangeError() {
      assertThat(issues(o.put("instrument", "VAS").put("score", 60))).extracting(Issue::field)
          .containsExactly("instrument");
    }

    @Test
    void sessionIdIsOptionalButAnId() {
      onlyIssue(o.put("sessionId", ""), "sessionId", "must not be empty");
    }

    @Test
    void recordedAtMustNotBeInTheFuture() {
      onlyIssue(o.put("recordedAt", "2030-01-01T00:00:00Z"), "recordedAt", "future");
    }
  }

  @Nested
  class AdverseEvents {
    ObjectNode a = TestEvents.of(EventType.ADVERSE_EVENT);

    @Test
    void categoryMustBeACode() {
      onlyIssue(a.put("category", "ITCHING"), "category", "BRUISING", "FORGOTTEN_NEEDLE");
    }

    @Test
    void theRateCategoriesAreNotAdverseEventCategories() {
      onlyIssue(a.put("category", "ANY_MINOR"), "category", "not a valid code");
    }

    @Test
    void severityMustBeACode() {
      onlyIssue(a.put("severity", "CRITICAL"), "severity", "MILD, MODERATE, SEVERE");
    }

    @Test
    void seriousIsABoolean() {
      onlyIssue(a.put("serious", "false"), "serious", "true or false");
    }

    @Test
    void descriptionIsBounded() {
      onlyIssue(a.put("description", "x".repeat(2001)), "description", "at most 2000");
    }

    @Test
    void descriptionMayHaveLineBreaksButNoOtherControlCharacters() {
      assertThat(valid(a.put("description", "line 1\nline 2\ttab")).text("description")).contains("\n");
      onlyIssue(a.put("description", "bell\u0007"), "description", "control characters");
    }

    @Test
    void descriptionMustNotBeBlank() {
      onlyIssue(a.put("description", "  "), "description", "must not be blank");
    }

    @Test
    void onsetAtIsAnInstant() {
      onlyIssue(a.put("onsetAt", "2025-03-02T10:00"), "onsetAt", "ISO-8601");
    }

    @Test
    void sessionAndEpisodeAreRequired() {
      a.remove("sessionId");
      a.remove("episodeId");
      assertThat(issues(a)).extracting(Issue::field).containsExactlyInAnyOrder("sessionId", "episodeId");
    }
  }

  @Nested
  class Clinics {
    ObjectNode c = TestEvents.of(EventType.CLINIC);

    @Test
    void nameMustNotBeBlank() {
      onlyIssue(c.put("name", ""), "name", "must not be blank");
    }

    @Test
    void nameIsBounded() {
      onlyIssue(c.put("name", "n".repeat(201)), "name", "at most 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Colorado", "C", "C0", "US-COLORADO", "12"})
    void stateIsAStateOrRegionCode(String state) {
      onlyIssue(c.put("state", state), "state", "state or region code");
    }

    @ParameterizedTest
    @CsvSource({"co,CO", "CO,CO", "ca-on,CA-ON", "GB-LND,GB-LND"})
    void stateCodesAreUpperCased(String given, String stored) {
      assertThat(valid(c.put("state", given)).text("state")).isEqualTo(stored);
    }

    @Test
    void networkIsBounded() {
      onlyIssue(c.put("network", "n".repeat(201)), "network", "at most 200");
    }
  }

  @Nested
  class Practitioners {
    ObjectNode p = TestEvents.of(EventType.PRACTITIONER);

    @Test
    void professionMustBeACode() {
      onlyIssue(p.put("profession", "NURSE"), "profession", "PHYSICAL_THERAPIST", "ATHLETIC_TRAINER");
    }

    @Test
    void trainingHoursIsNotNegative() {
      onlyIssue(p.put("trainingHours", -1), "trainingHours", "from 0 to 100000");
    }

    @Test
    void trainingHoursIsANumber() {
      onlyIssue(p.put("trainingHours", "60"), "trainingHours", "got a string");
    }

    @Test
    void licenseStateIsARegionCode() {
      onlyIssue(p.put("licenseState", "New York"), "licenseState", "state or region code");
    }

    @Test
    void clinicIdIsRequired() {
      p.remove("clinicId");
      onlyIssue(p, "clinicId", "is required");
    }
  }

  @Nested
  class Baselines {
    ObjectNode b = TestEvents.of(EventType.BASELINE);

    @Test
    void lowMustNotExceedHigh() {
      onlyIssue(b.put("low", 0.2).put("high", 0.1), "low", "must not be greater than high");
    }

    @Test
    void lowEqualToHighIsAPointEstimate() {
      assertThat(valid(b.put("low", 0.0755).put("high", 0.0755)).decimal("low")).isEqualByComparingTo("0.0755");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, 7})
    void ratesAreFractionsFrom0To1(double rate) {
      assertThat(issues(b.put("low", rate).put("high", rate))).extracting(Issue::field)
          .containsExactlyInAnyOrder("low", "high");
    }

    @Test
    void theCategoryMayBeARateCategory() {
      assertThat(valid(b.put("category", "ANY_MINOR")).text("category")).isEqualTo("ANY_MINOR");
      assertThat(valid(b.put("category", "SERIOUS")).text("category")).isEqualTo("SERIOUS");
    }

    @Test
    void theCategoryMustBeACode() {
      onlyIssue(b.put("category", "MINOR"), "category", "ANY_MINOR", "SERIOUS", "BRUISING");
    }

    @Test
    void theSourceIsPartOfTheKeyAndFollowsTheIdRules() {
      onlyIssue(b.put("source", "Brady|2014"), "source", "'|'");
    }

    @Test
    void indicationMustBeACode() {
      onlyIssue(b.put("indication", "ALL"), "indication", "not a valid code");
    }

    @Test
    void citationIsBounded() {
      onlyIssue(b.put("citation", "c".repeat(1001)), "citation", "at most 1000");
    }

    @Test
    void studySessionsIsOptional() {
      b.remove("studySessions");
      assertThat(valid(b).has("studySessions")).isFalse();
      assertThat(valid(b.putNull("studySessions")).has("studySessions")).isFalse();
    }

    @Test
    void studySessionsIsTheStudysNumberOfSessions() {
      assertThat(valid(b.put("studySessions", 7629)).integer("studySessions")).isEqualTo(7629);
      assertThat(valid(b.put("studySessions", 1)).integer("studySessions")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -7629, 1_000_000_001L, 99_999_999_999L})
    void studySessionsIsAPositiveWholeNumber(long n) {
      onlyIssue(b.put("studySessions", n), "studySessions", "a whole number from 1 to 1000000000");
    }

    @Test
    void studySessionsIsNotAFraction() {
      onlyIssue(b.put("studySessions", 7629.5), "studySessions", "not a whole number");
    }

    @Test
    void studySessionsIsANumberNotAString() {
      onlyIssue(b.put("studySessions", "7,629"), "studySessions", "got a string");
    }
  }
}
