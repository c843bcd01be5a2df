package org.dnregistry.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.dnregistry.ingest.events.EventType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CsvEventsTest {
  static ObjectNode event(String file, List<String> header, List<String> cells) {
    return CsvEvents.forHeader(Path.of(file), header).event(cells);
  }

  @ParameterizedTest
  @CsvSource({"sessions.csv,session", "session.csv,session", "adverse_events.csv,adverse_event",
      "adverse-events.csv,adverse_event", "EPISODES.CSV,episode", "outcomes.csv.gz,outcome", "clinics.csv,clinic",
      "practitioners.csv,practitioner", "baselines.csv,baseline", "/data/2024/sessions.csv,session"})
  void theTypeComesFromTheFileName(String file, String type) {
    assertThat(CsvEvents.typeFromFileName(Path.of(file))).map(EventType::wireName).hasValue(type);
  }

  @Test
  void aFileNameThatNamesNoTypeNeedsATypeColumn() {
    assertThat(CsvEvents.typeFromFileName(Path.of("export.csv"))).isEmpty();
    assertThatThrownBy(() -> CsvEvents.forHeader(Path.of("export.csv"), List.of("sessionId")))
        .hasMessageContaining("no 'type' column");
  }

  @Test
  void aTypeColumnWinsOverTheFileName() {
    var e = event("sessions.csv", List.of("type", "clinicId", "name", "state"), List.of("clinic", "C1", "X", "CO"));
    assertThat(e.toString()).isEqualTo("{\"type\":\"clinic\",\"clinicId\":\"C1\",\"name\":\"X\",\"state\":\"CO\"}");
  }

  @Test
  void fieldsAreTypedByTheirSpec() {
    var e = event("sessions.csv",
        List.of("sessionId", "needleCount", "needleDiameterMm", "ultrasoundGuided", "twitchResponse", "regions",
            "cointerventions", "occurredAt"),
        List.of("S1", "6", "0.30", "yes", "FALSE", "neck; upper back;", "EXERCISE;TENS", "2025-03-02T09:30:00Z"));
    assertThat(e.get("needleCount").isNumber()).isTrue();
    assertThat(e.get("needleCount").asInt()).isEqualTo(6);
    assertThat(e.get("needleDiameterMm").decimalValue()).isEqualByComparingTo("0.30");
    assertThat(e.get("needleDiameterMm").toString()).isEqualTo("0.30");
    assertThat(e.get("ultrasoundGuided").booleanValue()).isTrue();
    assertThat(e.get("twitchResponse").booleanValue()).isFalse();
    assertThat(e.get("regions").toString()).isEqualTo("[\"neck\",\"upper back\"]");
    assertThat(e.get("cointerventions").toString()).isEqualTo("[\"EXERCISE\",\"TENS\"]");
    assertThat(e.get("occurredAt").asText()).isEqualTo("2025-03-02T09:30:00Z");
  }

  @Test
  void aBaselinesFileCarriesStudySessionsAsANumberOrNothing() {
    var header = List.of("category", "low", "high", "source", "studySessions", "citation");
    var brady = event("baselines.csv", header, List.of("BRUISING", "0.0755", "0.0755", "Brady 2014", "7629", "c"));
    var moghim = event("baselines.csv", header, List.of("BRUISING", "0.15", "0.20", "Moghim", "", "c"));
    assertThat(brady.get("studySessions").isNumber()).isTrue();
    assertThat(brady.get("studySessions").asLong()).isEqualTo(7629);
    assertThat(moghim.has("studySessions")).isFalse();
  }

  @Test
  void anEmptyCellIsAnAbsentField() {
    var e = event("sessions.csv", List.of("sessionId", "needleCount", "modality"), List.of("S1", "", ""));
    assertThat(e.has("needleCount")).isFalse();
    assertThat(e.has("modality")).isFalse();
  }

  @Test
  void aMissingTrailingCellIsAbsentToo() {
    var e = event("sessions.csv", List.of("sessionId", "needleCount"), List.of("S1"));
    assertThat(e.has("needleCount")).isFalse();
  }

  @Test
  void valuesThatDoNotReadAsTheirKindStayTextForTheGatewayToReport() {
    var e = event("sessions.csv", List.of("needleCount", "ultrasoundGuided"), List.of("six", "maybe"));
    assertThat(e.get("needleCount").isTextual()).isTrue();
    assertThat(e.get("ultrasoundGuided").asText()).isEqualTo("maybe");
  }

  @Test
  void unknownColumnsArePassedOnAndIdsKeepTheirSpelling() {
    var e = event("episodes.csv", List.of("episodeId", "colour"), List.of(" E1 ", "blue"));
    assertThat(e.get("colour").asText()).isEqualTo("blue");
    assertThat(e.get("episodeId").asText()).isEqualTo("E1");
  }

  @Test
  void retractedIsABoolean() {
    var e = event("sessions.csv", List.of("sessionId", "clinicId", "retracted"), List.of("S1", "C1", "true"));
    assertThat(e.get("retracted").booleanValue()).isTrue();
  }

  @Test
  void aRowWithMoreCellsThanTheHeaderIsAnError() {
    assertThatThrownBy(() -> event("sessions.csv", List.of("sessionId"), List.of("S1", "extra")))
        .hasMessageContaining("2 cells but the header has 1");
  }

  @Test
  void aByteOrderMarkBeforeTheFirstHeaderIsIgnored() {
    var e = event("sessions.csv", List.of("\uFEFFsessionId"), List.of("S1"));
    assertThat(e.get("sessionId").asText()).isEqualTo("S1");
  }
}
