package org.dnregistry.streams.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;
import static org.dnregistry.streams.testing.Events.practitioner;
import static org.dnregistry.streams.testing.Events.session;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Profession;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compliance topic holds exactly the flagged, counted episodes and sessions. */
class ComplianceTopicTest {
  static final LocalDate START = LocalDate.of(2026, 2, 1);
  static final LocalDate DAY = LocalDate.of(2026, 2, 3);

  final RegistryDriver d = new RegistryDriver();
  final Map<String, ComplianceFlags> topic = new HashMap<>();

  @AfterEach
  void close() {
    d.close();
  }

  private Map<String, ComplianceFlags> topic() {
    return d.readTable(Topics.COMPLIANCE, topic);
  }

  @Test
  void flaggedEpisodesAndSessionsAreKeyedBySubjectAndTombstonedWhenTheyStopCounting() {
    d.put(episode("C1", "E1", Indication.HEADACHE, START).setChronicity(Chronicity.CHRONIC).setPlannedSessions(10)
        .build());
    d.put(practitioner("P1", "C1", Profession.PHYSICAL_THERAPIST, 30).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).setNeedleLengthMm(60.0).build());
    d.put(outcome("C1", "E1", Instrument.NPRS, Timepoint.DISCHARGE, 3, noon(DAY.plusDays(30))).build());

    ComplianceFlags episode = topic().get("C1|EPISODE|E1");
    assertThat(episode.getSubject()).isEqualTo("EPISODE");
    assertThat(episode.getDay()).isEqualTo(START);
    assertThat(episode.getIndication()).isEqualTo(Indication.HEADACHE);
    assertThat(episode.getFlags()).containsExactly(GuidelineFlag.NOT_RECOMMENDED_INDICATION,
        GuidelineFlag.CHRONIC_CONDITION, GuidelineFlag.LOW_ADHERENCE);
    ComplianceFlags session = topic().get("C1|SESSION|E1|S1");
    assertThat(session.getSubject()).isEqualTo("SESSION");
    assertThat(session.getSessionId()).isEqualTo("S1");
    assertThat(session.getPractitionerId()).isEqualTo("P1");
    assertThat(session.getDay()).isEqualTo(DAY);
    assertThat(session.getFlags()).containsExactly(GuidelineFlag.PRACTITIONER_TRAINING_BELOW_60H,
        GuidelineFlag.NEEDLE_SPEC_OUT_OF_RANGE);

    // A corrected session without flags leaves the topic; an episode retraction takes everything with it.
    d.put(session("C1", "S1", "E1", noon(DAY)).setPractitionerId("P2").build());
    assertThat(topic()).containsOnlyKeys("C1|EPISODE|E1");
    d.put(session("C1", "S1", "E1", noon(DAY)).setNeedleLengthMm(60.0).build());
    assertThat(topic()).containsOnlyKeys("C1|EPISODE|E1", "C1|SESSION|E1|S1");
    d.retractEpisode("C1", "E1");
    assertThat(topic()).isEmpty();
  }

  @Test
  void anUnflaggedEpisodeIsNotOnTheTopic() {
    d.put(episode("C1", "E1", Indication.NECK_PAIN, START).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).setCointerventions(java.util.List.of(
        org.dnregistry.avro.Cointervention.EXERCISE)).build());
    assertThat(topic()).isEmpty();
  }
}
