package org.dnregistry.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.validation.Validate.issues;
import static org.dnregistry.ingest.validation.Validate.onlyIssue;
import static org.dnregistry.ingest.validation.Validate.valid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules shared by every field of a kind, each with a failing case. */
class FieldRulesTest {

  static ObjectNode session() {
    return TestEvents.of(EventType.SESSION);
  }

  @Nested
  class Ids {
    @Test
    void anIdMustNotBeEmpty() {
      onlyIssue(session().put("sessionId", ""), "sessionId", "must not be empty");
    }

    @Test
    void anIdOf64CharactersIsAccepted() {
      assertThat(valid(session().put("sessionId", "s".repeat(64))).text("sessionId")).hasSize(64);
    }

    @Test
    void anIdOf65CharactersIsRejected() {
      onlyIssue(session().put("sessionId", "s".repeat(65)), "sessionId", "at most 64 characters", "got 65");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
      String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
      assertThat(valid(session().put("sessionId", emoji.repeat(64))).text("sessionId")).isEqualTo(emoji.repeat(64));
    }

    @Test
    void anIdMustNotContainThePipeThatSeparatesKeyParts() {
      onlyIssue(session().put("episodeId", "E|1"), "episodeId", "must not contain '|'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"S\u00001", "S\t1", "S\n1", "S\u007f1", "S\u20281"})
    void anIdMustNotContainControlCharacters(String id) {
      onlyIssue(session().put("sessionId", id), "sessionId", "control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {" S1", "S1 ", "   "})
    void anIdMustNotStartOrEndWithWhitespace(String id) {
      onlyIssue(session().put("sessionId", id), "sessionId", "whitespace");
    }

    @Test
    void anIdMustBeValidUnicode() {
      String json = session().toString().replace("\"sessionId\":\"S1\"", "\"sessionId\":\"S\\ud800x\"");
      assertThat(issues(json)).singleElement().satisfies(i -> {
        assertThat(i.field()).isEqualTo("sessionId");
        assertThat(i.message()).contains("unpaired surrogate");
      });
    }

    @Test
    void anIdMustBeAString() {
      onlyIssue(session().put("sessionId", 12), "sessionId", "expected an id", "got the number 12");
    }

    @Test
    void messagesAboutThePatientIdNeverQuoteIt() {
      ObjectNode e = TestEvents.of(EventType.EPISODE).put("patientId", "Jane|Doe-1970");
      Issue issue = onlyIssue(e, "patientId", "must not contain");
      assertThat(issue.message()).doesNotContain("Jane").doesNotContain("Doe");
    }
  }

  @Nested
  class Instants {
    @Test
    void anOffsetIsNormalisedToUtc() {
      Instant t = valid(session().put("occurredAt", "2025-03-02T11:30:00+02:00")).instant("occurredAt");
      assertThat(t).isEqualTo(Instant.parse("2025-03-02T09:30:00Z"));
    }

    @Test
    void fractionsBelowAMillisecondAreTruncatedAsAvroKeepsMilliseconds() {
      Instant t = valid(session().put("occurredAt", "2025-03-02T09:30:00.123456789Z")).instant("occurredAt");
      assertThat(t).isEqualTo(Instant.parse("2025-03-02T09:30:00.123Z"));
    }

    @Test
    void anInstantWithoutAZoneIsRejectedWithAHint() {
      onlyIssue(session().put("occurredAt", "2025-03-02T09:30:00"), "occurredAt", "ISO-8601", "zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-02", "yesterday", "2025-02-30T09:00:00Z", "2025-03-02 09:30:00Z",
        "2025-03-02T25:00:00Z", ""})
    void aMalformedInstantIsRejected(String value) {
      onlyIssue(session().put("occurredAt", value), "occurredAt", "expected an ISO-8601 instant");
    }

    @Test
    void epochNumbersAreNotInstants() {
      onlyIssue(session().put("occurredAt", 1_700_000_000_000L), "occurredAt", "ISO-8601", "got the number");
    }

    @Test
    void aLongStringIsRejectedWithoutQuotingItWhole() {
      Issue issue = onlyIssue(session().put("occurredAt", "2".repeat(5000)), "occurredAt", "ISO-8601");
      assertThat(issue.message().length()).isLessThan(300);
    }

    @Test
    void fiveMinutesOfClockSkewAreAccepted() {
      String t = TestEvents.NOW.plus(5, ChronoUnit.MINUTES).toString();
      assertThat(valid(session().put("occurredAt", t)).instant("occurredAt")).isEqualTo(t);
    }

    @Test
    void moreThanFiveMinutesInTheFutureIsRejected() {
      String t = TestEvents.NOW.plus(5, ChronoUnit.MINUTES).plusSeconds(1).toString();
      onlyIssue(session().put("occurredAt", t), "occurredAt", "must not be in the future");
    }

    @Test
    void instantsBefore1990AreRejected() {
      onlyIssue(session().put("occurredAt", "1989-12-31T23:59:59Z"), "occurredAt", "must not be before 1990-01-01");
      assertThat(valid(session().put("occurredAt", "1990-01-01T00:00:00Z")).instant("occurredAt"))
          .isEqualTo(Instant.parse("1990-01-01T00:00:00Z"));
    }

    @Test
    void theFarFutureIsRejectedAsFuture() {
      onlyIssue(session().put("occurredAt", "+10000-01-01T00:00:00Z"), "occurredAt", "future");
    }
  }

  @Nested
  class Dates {
    static ObjectNode episode() {
      return TestEvents.of(EventType.EPISODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-3-1", "20250301", "2025-02-30", "2025-13-01", "2025-03-01T00:00:00Z",
        "01/03/2025", "+2025-03-01"})
    void aDateMustBeARealDayWrittenYyyyMmDd(String value) {
      onlyIssue(episode().put("startDate", value), "startDate", "YYYY-MM-DD");
    }

    @Test
    void aLeapDayIsADay() {
      assertThat(valid(episode().put("startDate", "2024-02-29")).date("startDate"))
          .isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void tomorrowIsAcceptedForSendersAheadOfUtc() {
      assertThat(valid(episode().put("startDate", "2025-06-16")).date("startDate"))
          .isEqualTo(LocalDate.of(2025, 6, 16));
    }

    @Test
    void theDayAfterTomorrowIsRejected() {
      onlyIssue(episode().put("startDate", "2025-06-17"), "startDate", "must not be in the future");
    }

    @Test
    void datesBefore1990AreRejected() {
      onlyIssue(episode().put("startDate", "1989-12-31"), "startDate", "must not be before 1990-01-01");
    }

    @Test
    void aDateMustBeAString() {
      onlyIssue(episode().put("startDate", 20250301), "startDate", "expected a date YYYY-MM-DD");
    }
  }

  @Nested
  class Numbers {
    @Test
    void aNumberInAStringIsNotANumber() {
      onlyIssue(session().put("needleCount", "6"), "needleCount", "expected a whole number from 1 to 200",
          "got a string");
    }

    @Test
    void aWholeNumberMayBeWrittenWithZeroDecimals() {
      assertThat(valid(session().put("needleCount", 6.0)).integer("needleCount")).isEqualTo(6);
    }

    @Test
    void aFractionIsNotAWholeNumber() {
      onlyIssue(session().put("needleCount", 6.5), "needleCount", "not a whole number");
    }

    @Test
    @Timeout(5)
    void hugeExponentsAreRejectedQuickly() {
      for (String n : new String[] {"1e999999999", "-1e999999999", "1E+2147483647"}) {
        String json = session().toString().replace("\"needleCount\":6", "\"needleCount\":" + n);
        assertThat(issues(json)).singleElement().satisfies(i -> {
          assertThat(i.field()).isEqualTo("needleCount");
          assertThat(i.message()).contains("expected a whole number from 1 to 200").hasSizeLessThan(200);
        });
      }
    }

    @Test
    @Timeout(5)
    void tinyExponentsAreRejectedQuickly() {
      String json = TestEvents.of(EventType.OUTCOME).toString().replace("\"score\":7.0", "\"score\":1e-999999999");
      assertThat(issues(json)).singleElement().satisfies(i -> assertThat(i.message()).contains("decimals"));
    }

    @Test
    void zeroWithAHugeExponentIsZero() {
      String json = TestEvents.of(EventType.OUTCOME).toString().replace("\"score\":7.0", "\"score\":0e999999999");
      assertThat(Validate.VALIDATOR.validate(Validate.parse(json), 0)).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void aVeryLargeIntegerIsOutOfRange() {
      String json = session().toString().replace("\"needleCount\":6",
          "\"needleCount\":123456789012345678901234567890");
      assertThat(issues(json)).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("needleCount"));
    }

    @Test
    void aPositiveSizeTooSmallForItsDoubleIsRefused() {
      // 1e-400 is above 0 as a decimal but 0.0 as the double it is stored as (found by EventsFuzzTest).
      String json = session().toString().replace("\"needleCount\":6", "\"needleCount\":6,\"needleDiameterMm\":1e-400")
          .replace(",\"needleDiameterMm\":0.3", "");
      assertThat(issues(json)).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("needleDiameterMm"));
    }

    @Test
    void booleansAreNotNumbers() {
      onlyIssue(session().put("durationMinutes", true), "durationMinutes", "got true");
    }
  }

  @Nested
  class Lists {
    @Test
    void aListMustBeAnArray() {
      onlyIssue(session().put("cointerventions", "EXERCISE"), "cointerventions", "expected an array");
    }

    @Test
    void duplicateEntriesAreReportedAtTheirPosition() {
      ObjectNode s = session();
      s.putArray("cointerventions").add("EXERCISE").add("TENS").add("EXERCISE");
      onlyIssue(s, "cointerventions[2]", "duplicate", "cointerventions[0]");
    }

    @Test
    void everyBadEntryIsReported() {
      ObjectNode s = session();
      s.putArray("cointerventions").add("YOGA").add("EXERCISE").add(3).addNull();
      assertThat(issues(s)).extracting(Issue::field)
          .containsExactly("cointerventions[0]", "cointerventions[2]", "cointerventions[3]");
    }

    @Test
    void anEmptyListIsFine() {
      ObjectNode s = session();
      s.putArray("regions");
      assertThat(valid(s).texts("regions")).isEmpty();
    }

    @Test
    void textEntriesFollowTheIdRules() {
      ObjectNode s = session();
      s.putArray("regions").add("neck").add("").add("a|b").add("x".repeat(65));
      assertThat(issues(s)).extracting(Issue::field).containsExactly("regions[1]", "regions[2]", "regions[3]");
    }

    @Test
    void textListsHaveABoundedLength() {
      ObjectNode s = session();
      var regions = s.putArray("regions");
      for (int i = 0; i < 51; i++) {
        regions.add("r" + i);
      }
      onlyIssue(s, "regions", "at most 50 entries");
    }
  }

  @Nested
  class Codes {
    @Test
    void aCodeOutsideTheListIsRejectedAndTheListIsGiven() {
      onlyIssue(session().put("modality", "CUPPING"), "modality", "'CUPPING' is not a valid code",
          "DRY_NEEDLING, MANUAL_THERAPY, EXERCISE, ACUPUNCTURE, OTHER");
    }

    @Test
    void codesAreCaseSensitive() {
      onlyIssue(session().put("modality", "dry_needling"), "modality", "not a valid code");
    }
  }

  @Nested
  class Booleans {
    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "\"yes\""})
    void onlyJsonBooleansAreBooleans(String value) {
      String json = session().toString().replace("\"ultrasoundGuided\":false", "\"ultrasoundGuided\":" + value);
      assertThat(issues(json)).singleElement().satisfies(i -> {
        assertThat(i.field()).isEqualTo("ultrasoundGuided");
        assertThat(i.message()).contains("expected true or false");
      });
    }
  }
}
