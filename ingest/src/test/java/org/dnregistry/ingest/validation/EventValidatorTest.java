package org.dnregistry.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.ingest.validation.Validate.issues;
import static org.dnregistry.ingest.validation.Validate.onlyIssue;
import static org.dnregistry.ingest.validation.Validate.valid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.FieldSpec;
import org.dnregistry.ingest.events.Presence;
import org.dnregistry.ingest.events.ValidEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theSampleOfEveryTypeIsValid(EventType type) {
    ValidEvent e = valid(TestEvents.of(type));
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.retracted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"episode\"", "42", "true", "null"})
  void anEventMustBeAnObject(String json) {
    Validation v = Validate.VALIDATOR.validate(Validate.parse("[" + json + "]"), 3);
    assertThat(v).isInstanceOf(Validation.Invalid.class);
    Issue issue = ((Validation.Invalid) v).issues().get(0);
    assertThat(issue.index()).isEqualTo(3);
    assertThat(issue.field()).isNull();
    assertThat(issue.message()).contains("expected a JSON object");
  }

  @Test
  void theTypeIsRequiredAndTheMessageListsTheTypes() {
    ObjectNode e = TestEvents.of(EventType.SESSION);
    e.remove("type");
    onlyIssue(e, "type", "is required", "episode, session, outcome, adverse_event, clinic, practitioner, baseline");
  }

  @Test
  void theTypeMustBeAString() {
    ObjectNode e = TestEvents.of(EventType.SESSION).put("type", 3);
    onlyIssue(e, "type", "expected one of", "got the number 3");
  }

  @Test
  void anUnknownTypeIsRejectedWithTheAllowedTypes() {
    ObjectNode e = TestEvents.of(EventType.SESSION).put("type", "visit");
    onlyIssue(e, "type", "'visit' is not an event type", "adverse_event");
  }

  @Test
  void typeNamesAreCaseSensitive() {
    onlyIssue(TestEvents.of(EventType.SESSION).put("type", "Session"), "type", "not an event type");
  }

  @Test
  void everyUnknownFieldIsReported() {
    ObjectNode e = TestEvents.of(EventType.OUTCOME).put("scroe", 3).put("patientName", "x");
    List<Issue> issues = issues(e);
    assertThat(issues).extracting(Issue::field).containsExactlyInAnyOrder("scroe", "patientName");
    assertThat(issues.get(0).message()).contains("unknown field for type outcome", "known fields:", "score");
  }

  @Test
  void aFieldOfAnotherTypeIsUnknownHere() {
    onlyIssue(TestEvents.of(EventType.CLINIC).put("patientId", "p"), "patientId", "unknown field for type clinic");
  }

  @Test
  void everyProblemOfAnEventIsReportedNotOnlyTheFirst() {
    ObjectNode e = TestEvents.of(EventType.OUTCOME).put("score", 11).put("timepoint", "WEEK_3").put("x", 1);
    e.remove("recordedAt");
    assertThat(issues(e)).extracting(Issue::field)
        .containsExactlyInAnyOrder("score", "timepoint", "x", "recordedAt");
  }

  @Test
  void theIndexOfTheEventIsInEveryIssue() {
    ObjectNode e = TestEvents.of(EventType.OUTCOME).put("score", 11).put("timepoint", "WEEK_3");
    Validation v = Validate.VALIDATOR.validate(Validate.parse(e.toString()), 17);
    assertThat(((Validation.Invalid) v).issues()).extracting(Issue::index).containsOnly(17);
  }

  static Stream<Arguments> requiredFields() {
    return Stream.of(EventType.values()).flatMap(t -> t.fields().values().stream()
        .filter(FieldSpec::required).map(f -> Arguments.of(t, f.name())));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("requiredFields")
  void everyRequiredFieldIsRequired(EventType type, String field) {
    ObjectNode e = TestEvents.of(type);
    e.remove(field);
    Issue issue = onlyIssue(e, field, "is required", "expected");
    assertThat(issue.message()).doesNotContain("retraction");
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("requiredFields")
  void aRequiredFieldMayNotBeNull(EventType type, String field) {
    ObjectNode e = TestEvents.of(type);
    e.putNull(field);
    onlyIssue(e, field, "must not be null", "expected");
  }

  static Stream<Arguments> allFields() {
    return Stream.of(EventType.values()).flatMap(t -> t.fields().values().stream()
        .map(f -> Arguments.of(t, f.name())));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("allFields")
  void everyFieldRejectsAnObjectAndSaysWhatItExpected(EventType type, String field) {
    ObjectNode e = TestEvents.of(type);
    e.putObject(field).put("nested", 1);
    onlyIssue(e, field, "expected", "got an object");
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("optionalFields")
  void anOptionalFieldMayBeAbsentOrNull(EventType type, String field) {
    ObjectNode absent = TestEvents.of(type);
    absent.remove(field);
    assertThat(valid(absent).has(field)).isFalse();
    ObjectNode isNull = TestEvents.of(type);
    isNull.putNull(field);
    assertThat(valid(isNull).has(field)).isFalse();
  }

  static Stream<Arguments> optionalFields() {
    return Stream.of(EventType.values()).flatMap(t -> t.fields().values().stream()
        .filter(f -> !f.required()).map(f -> Arguments.of(t, f.name())));
  }

  // Retractions

  static ObjectNode retraction(EventType type) {
    ObjectNode full = TestEvents.of(type);
    ObjectNode r = TestEvents.JSON.createObjectNode().put("type", type.wireName()).put("retracted", true);
    type.fields().values().stream().filter(f -> f.presence() == Presence.KEY)
        .forEach(f -> r.set(f.name(), full.get(f.name())));
    return r;
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void aRetractionNeedsOnlyTheTypeAndTheKeyFields(EventType type) {
    ValidEvent e = valid(retraction(type));
    assertThat(e.retracted()).isTrue();
    assertThat(e.values().keySet()).allSatisfy(f -> assertThat(type.fields().get(f).presence())
        .isEqualTo(Presence.KEY));
  }

  @ParameterizedTest
  @EnumSource(value = EventType.class, names = {"EPISODE", "SESSION", "OUTCOME", "ADVERSE_EVENT"})
  void aClinicalRetractionNeedsTheClinic(EventType type) {
    ObjectNode r = retraction(type);
    r.remove("clinicId");
    onlyIssue(r, "clinicId", "is required in a retraction");
  }

  @Test
  void aPractitionerRetractionNeedsOnlyThePractitionerId() {
    ObjectNode r = TestEvents.JSON.createObjectNode().put("type", "practitioner").put("retracted", true)
        .put("practitionerId", "P1");
    assertThat(valid(r).values()).containsOnlyKeys("practitionerId");
  }

  @Test
  void anOutcomeRetractionNeedsInstrumentAndTimepoint() {
    ObjectNode r = retraction(EventType.OUTCOME);
    r.remove("timepoint");
    onlyIssue(r, "timepoint", "is required in a retraction", "WEEK_2");
  }

  @Test
  void theKeyOfARetractionIsStillValidated() {
    onlyIssue(retraction(EventType.SESSION).put("sessionId", "S|1"), "sessionId", "must not contain '|'");
  }

  @Test
  void aRetractionIgnoresItsOtherFieldsEvenWhenTheyAreWrong() {
    ObjectNode r = TestEvents.of(EventType.OUTCOME).put("retracted", true).put("score", "seven");
    ValidEvent e = valid(r);
    assertThat(e.retracted()).isTrue();
    assertThat(e.has("score")).isFalse();
  }

  @Test
  void aRetractionStillReportsUnknownFields() {
    onlyIssue(retraction(EventType.SESSION).put("reason", "typo"), "reason", "unknown field");
  }

  @Test
  void retractedFalseIsAnOrdinaryEvent() {
    ObjectNode e = TestEvents.of(EventType.SESSION).put("retracted", false);
    assertThat(valid(e).retracted()).isFalse();
    e.remove("occurredAt");
    onlyIssue(e, "occurredAt", "is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "\"yes\""})
  void retractedMustBeABoolean(String value) {
    String json = retraction(EventType.SESSION).toString().replace("\"retracted\":true", "\"retracted\":" + value);
    List<Issue> issues = issues(json);
    assertThat(issues).extracting(Issue::field).contains("retracted");
    assertThat(issues).filteredOn(i -> "retracted".equals(i.field()))
        .allSatisfy(i -> assertThat(i.message()).contains("expected true or false"));
  }

  @Test
  void aVeryLongUnknownFieldNameIsShortenedInTheReport() {
    String name = "x".repeat(10_000);
    ObjectNode e = TestEvents.of(EventType.CLINIC).put(name, 1);
    Issue issue = issues(e).get(0);
    assertThat(issue.field().length()).isLessThan(100);
  }
}
