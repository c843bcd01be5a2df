package org.dnregistry.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

  private record Sent(String clinicId, ObjectNode event) {}

  private static List<Sent> backfill(long seed) throws InterruptedException {
    var sent = new ArrayList<Sent>();
    var simulator = new Simulator(NetworkModel.standard(), seed, (clinic, events) ->
        events.forEach(e -> sent.add(new Sent(clinic, e))), CLOCK);
    simulator.referenceData();
    simulator.backfill(120);
    return sent;
  }

  @Test
  void sameSeedSameHistory() throws InterruptedException {
    assertThat(backfill(7).toString()).isEqualTo(backfill(7).toString());
    assertThat(backfill(7).toString()).isNotEqualTo(backfill(8).toString());
  }

  @Test
  void everyEventIsWrittenWithItsOwnClinicsTokenAndReferenceDataWithTheAdminToken() throws InterruptedException {
    for (Sent s : backfill(1)) {
      String type = s.event().get("type").asText();
      if (type.equals("clinic") || type.equals("practitioner")) {
        assertThat(s.clinicId()).isNull();
      } else {
        assertThat(s.event().get("clinicId").asText()).isEqualTo(s.clinicId());
      }
    }
  }

  @Test
  void referencesResolveWithinTheHistory() throws InterruptedException {
    var sent = backfill(2);
    var episodes = ids(sent, "episode", "episodeId");
    var sessions = ids(sent, "session", "sessionId");
    for (Sent s : sent) {
      switch (s.event().get("type").asText()) {
        case "session", "outcome" -> assertThat(episodes).contains(s.event().get("episodeId").asText());
        case "adverse_event" -> assertThat(sessions).contains(s.event().get("sessionId").asText());
        default -> { }
      }
    }
  }

  @Test
  void theElevatedClinicHasAboutThreeTimesThePublishedRateAndASentinel() throws InterruptedException {
    var sent = backfill(3);
    Map<String, Long> sessionsByClinic = count(sent, "session");
    Map<String, Long> eventsByClinic = count(sent, "adverse_event");
    double c3 = eventsByClinic.get("C3") / (double) sessionsByClinic.get("C3");
    double c1 = eventsByClinic.get("C1") / (double) sessionsByClinic.get("C1");
    // Published minor rates sum to 0.1885 per session (Brady 2014); C3 draws each at three times that.
    assertThat(c1).isBetween(0.13, 0.25);
    assertThat(c3).isBetween(0.45, 0.70);
    assertThat(sent).anySatisfy(s -> {
      assertThat(s.event().get("type").asText()).isEqualTo("adverse_event");
      assertThat(s.event().get("clinicId").asText()).isEqualTo("C3");
      assertThat(s.event().get("category").asText()).isEqualTo("PNEUMOTHORAX");
      assertThat(s.event().get("serious").asBoolean()).isTrue();
    });
  }

  @Test
  void noInstantLiesInTheFutureSinceIngestRejectsThem() throws InterruptedException {
    for (Sent s : backfill(5)) {
      for (String field : List.of("occurredAt", "onsetAt", "recordedAt")) {
        if (s.event().has(field)) {
          assertThat(Instant.parse(s.event().get(field).asText())).isBeforeOrEqualTo(CLOCK.instant());
        }
      }
    }
  }

  @Test
  void aboutTwoSessionsAWeekPerEpisode() throws InterruptedException {
    var sent = backfill(4);
    var byEpisode = sent.stream().filter(s -> s.event().get("type").asText().equals("session"))
        .collect(Collectors.groupingBy(s -> s.event().get("episodeId").asText(),
            Collectors.mapping(s -> Instant.parse(s.event().get("occurredAt").asText()), Collectors.toList())));
    var gaps = new ArrayList<Long>();
    byEpisode.values().forEach(times -> {
      times.sort(null);
      for (int i = 1; i < times.size(); i++) {
        gaps.add(java.time.Duration.between(times.get(i - 1), times.get(i)).toDays());
      }
    });
    assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g).isBetween(3L, 4L));
  }

  private static HashSet<String> ids(List<Sent> sent, String type, String field) {
    return sent.stream().filter(s -> s.event().get("type").asText().equals(type))
        .map(s -> s.event().get(field).asText()).collect(Collectors.toCollection(HashSet::new));
  }

  private static Map<String, Long> count(List<Sent> sent, String type) {
    return sent.stream().filter(s -> s.event().get("type").asText().equals(type))
        .collect(Collectors.groupingBy(s -> s.event().get("clinicId").asText(), Collectors.counting()));
  }
}
