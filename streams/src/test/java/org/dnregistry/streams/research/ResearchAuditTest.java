package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.ResearchComplianceMonth;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.streams.testing.Events;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every research record the topology publishes for seeded random histories (the oracle property test's) passes
 * the exact suppression audit, including every record published again after a correction.
 */
class ResearchAuditTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11L, 12L, 13L})
  void everyPublishedRecordPassesTheAudit(long seed) {
    List<TopicRecord> history = HistoryGenerator.generate(seed, 300);
    var problems = new ArrayList<String>();
    int audited = 0;
    try (var d = new RegistryDriver()) {
      for (int i = 0; i < history.size(); i++) {
        TopicRecord r = history.get(i);
        d.pipe(r.topic(), r.key(), r.valueOrNull());
        if (i % 500 == 499) {
          d.advance(Duration.ofSeconds(61));
          audited += audit(d, problems);
        }
      }
      // A session a year after the last day closes every month.
      Episode late = Events.episode("C1", "E-late", Indication.OTHER, HistoryGenerator.LAST_DAY.plusYears(1)).build();
      d.put(late);
      d.put(Events.session("C1", "S-late", "E-late", Events.noon(late.getStartDate())).build());
      d.advance(Duration.ofSeconds(61));
      audited += audit(d, problems);
    }
    assertThat(problems).isEmpty();
    assertThat(audited).as("records audited").isGreaterThan(100);
  }

  private static int audit(RegistryDriver d, List<String> problems) {
    int n = 0;
    for (var kv : d.read(Topics.RESEARCH_COMPLICATIONS)) {
      if (kv.value != null) {
        problems.addAll(SuppressionAudit.problems((ResearchComplicationMonth) kv.value));
        n++;
      }
    }
    for (var kv : d.read(Topics.RESEARCH_EFFICACY)) {
      if (kv.value != null) {
        problems.addAll(SuppressionAudit.problems((ResearchEfficacyMonth) kv.value));
        n++;
      }
    }
    for (var kv : d.read(Topics.RESEARCH_COMPLIANCE)) {
      if (kv.value != null) {
        problems.addAll(SuppressionAudit.problems((ResearchComplianceMonth) kv.value));
        n++;
      }
    }
    return n;
  }
}
