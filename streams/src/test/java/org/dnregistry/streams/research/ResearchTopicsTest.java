package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;
import static org.dnregistry.streams.testing.Events.session;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.SuppressibleCount;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Monthly network aggregates per indication on the research topics, small cells suppressed, no identifiers. */
class ResearchTopicsTest {
  static final Duration TICK = Duration.ofSeconds(61);
  static final LocalDate MARCH = LocalDate.of(2026, 3, 1);

  final RegistryDriver d = new RegistryDriver();
  final Map<String, ResearchComplicationMonth> complications = new HashMap<>();
  final Map<String, ResearchEfficacyMonth> efficacy = new HashMap<>();
  final Map<String, ResearchComplianceMonth> compliance = new HashMap<>();

  @AfterEach
  void close() {
    d.close();
  }

  private void read() {
    d.readTable(Topics.RESEARCH_COMPLICATIONS, complications);
    d.readTable(Topics.RESEARCH_EFFICACY, efficacy);
    d.readTable(Topics.RESEARCH_COMPLIANCE, compliance);
  }

  /** A counted session on {@code day}: months ending 14 or more days before it are closed and published. */
  private void sessionOn(LocalDate day) {
    d.put(episode("C9", "E-" + day, Indication.OTHER, day).build());
    d.put(session("C9", "S-" + day, "E-" + day, noon(day)).build());
  }

  @Test
  void monthlyComplicationsAcrossClinicsWithSmallCellsSuppressedOnceTheMonthIsClosed() {
    // 12 sessions in two clinics across March, 11 bruising events, 1 bleeding; one session in April.
    for (int i = 0; i < 12; i++) {
      String clinic = i % 2 == 0 ? "C1" : "C2";
      d.put(episode(clinic, "E" + i, Indication.KNEE_PAIN, MARCH).build());
      d.put(session(clinic, "S" + i, "E" + i, noon(MARCH.plusDays(i * 2))).build());
      d.put(adverseEvent(clinic, "A" + i, "S" + i, "E" + i,
          i < 11 ? AdverseEventCategory.BRUISING : AdverseEventCategory.BLEEDING).build());
    }
    d.put(episode("C1", "E-apr", Indication.KNEE_PAIN, MARCH).build());
    d.put(session("C1", "S-apr", "E-apr", noon(MARCH.plusMonths(1))).build());
    d.advance(TICK);
    read();
    assertThat(complications).as("the latest session is 04-01: March is not closed").isEmpty();

    sessionOn(LocalDate.of(2026, 4, 14)); // 03-31 + 14 days: March is closed, April is not
    d.advance(TICK);
    read();
    assertThat(complications).containsOnlyKeys("2026-03|KNEE_PAIN");
    ResearchComplicationMonth march = complications.get("2026-03|KNEE_PAIN");
    assertThat(march.getMonth()).isEqualTo("2026-03");
    assertThat(march.getSessions()).isEqualTo(new SuppressibleCount(12L, false));
    assertThat(march.getEvents()).hasSize(18);
    // BLEEDING (1) is suppressed; a zero cell is never its complement, so BRUISING (11) is.
    assertThat(march.getEvents().get("BLEEDING")).isEqualTo(new SuppressibleCount(null, true));
    assertThat(march.getEvents().get("BRUISING")).isEqualTo(new SuppressibleCount(null, true));
    assertThat(march.getEvents().get("PAIN_DURING")).isEqualTo(new SuppressibleCount(0L, false));
    assertThat(march.getEvents().get("ANY_MINOR")).isEqualTo(new SuppressibleCount(12L, false));
    // Nothing in a research record names a clinic, practitioner or patient.
    assertThat(march.toString()).doesNotContain("C1", "C2", "E1", "S1", "P1", "p-");

    sessionOn(LocalDate.of(2026, 5, 20));
    d.advance(TICK);
    read();
    assertThat(complications).containsOnlyKeys("2026-03|KNEE_PAIN", "2026-04|KNEE_PAIN", "2026-04|OTHER");
    assertThat(complications.get("2026-04|KNEE_PAIN").getSessions()).isEqualTo(new SuppressibleCount(null, true));
    assertThat(d.read(Topics.RESEARCH_COMPLICATIONS)).as("nothing changed, nothing published again").isEmpty();

    // A correction of a closed month publishes it again; retracting April's only session tombstones its month.
    d.retractSession("C1", "E-apr", "S-apr");
    d.advance(TICK);
    read();
    assertThat(complications).containsOnlyKeys("2026-03|KNEE_PAIN", "2026-04|OTHER");
  }

  @Test
  void monthlyEfficacyAndCompliance() {
    for (int i = 0; i < 12; i++) {
      d.put(episode("C1", "E" + i, Indication.NECK_PAIN, MARCH).setChronicity(Chronicity.CHRONIC).build());
      d.put(outcome("C1", "E" + i, Instrument.NPRS, Timepoint.BASELINE, 7, noon(MARCH)).build());
      // Changes 1.0 (6 episodes) and 3.0 (6 episodes): mean 2, 6 responders.
      d.put(outcome("C1", "E" + i, Instrument.NPRS, Timepoint.WEEK_4, i < 6 ? 6 : 4, noon(MARCH.plusDays(28))).build());
      if (i < 3) {
        d.put(outcome("C1", "E" + i, Instrument.NPRS, Timepoint.WEEK_8, 5, noon(MARCH.plusDays(56))).build());
      }
    }
    sessionOn(LocalDate.of(2026, 6, 1)); // closes March and April
    d.advance(TICK);
    read();
    ResearchEfficacyMonth week4 = efficacy.get("2026-03|NECK_PAIN|NPRS|WEEK_4");
    assertThat(week4.getN()).isEqualTo(new SuppressibleCount(12L, false));
    assertThat(week4.getResponders()).isEqualTo(new SuppressibleCount(null, true)); // 6 and 6
    assertThat(week4.getMeanChange()).isCloseTo(2.0, within(1e-12));
    // R: sd(c(rep(1, 6), rep(3, 6)))
    assertThat(week4.getSd()).isCloseTo(1.044465935734187, within(1e-12));
    ResearchEfficacyMonth week8 = efficacy.get("2026-04|NECK_PAIN|NPRS|WEEK_8");
    assertThat(week8.getN().getSuppressed()).isTrue();
    assertThat(week8.getMeanChange()).isNull();
    assertThat(week8.getSd()).isNull();
    assertThat(efficacy).hasSize(2);

    ResearchComplianceMonth flags = compliance.get("2026-03|NECK_PAIN");
    assertThat(flags.getFlags()).hasSize(9);
    assertThat(flags.getFlags().get("CHRONIC_CONDITION")).isEqualTo(new SuppressibleCount(12L, false));
    assertThat(flags.getFlags().get("LOW_ADHERENCE")).isEqualTo(new SuppressibleCount(0L, false));
    assertThat(compliance).containsOnlyKeys("2026-03|NECK_PAIN");
    assertThat(complications).as("June, the only month with sessions, is not closed").isEmpty();
  }
}
