package org.dnregistry.streams.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.ResearchComplicationMonth;
import org.dnregistry.avro.ResearchEfficacyMonth;
import org.dnregistry.avro.SuppressibleCount;
import org.dnregistry.avro.Timepoint;
import org.junit.jupiter.api.Test;

/** The audit finds the defects the old rule had, and passes whatever {@link Suppression} publishes. */
class SuppressionAuditTest {
  private static ResearchComplicationMonth record(Map<ComplicationCategory, SuppressibleCount> events) {
    var out = new LinkedHashMap<String, SuppressibleCount>();
    for (ComplicationCategory c : ComplicationCategory.values()) {
      out.put(c.name(), events.getOrDefault(c, Suppression.shown(0)));
    }
    return new ResearchComplicationMonth("2026-03", Indication.NECK_PAIN, Suppression.shown(120), out);
  }

  @Test
  void aZeroComplementLetsTheTotalPinTheSmallCell() {
    // The old rule: PAIN_AFTER (5) and BLEEDING (0) suppressed; 45 - 40 = 5.
    var events = new EnumMap<ComplicationCategory, SuppressibleCount>(ComplicationCategory.class);
    events.put(ComplicationCategory.BRUISING, Suppression.shown(40));
    events.put(ComplicationCategory.PAIN_AFTER, Suppression.suppressed());
    events.put(ComplicationCategory.BLEEDING, Suppression.suppressed());
    events.put(ComplicationCategory.ANY_MINOR, Suppression.shown(45));
    assertThat(SuppressionAudit.problems(record(events)))
        .anySatisfy(p -> assertThat(p).contains("PAIN_AFTER is at most 5"));
  }

  @Test
  void twoSmallCellsWhoseTotalIsKnownArePinnedTogether() {
    // The old rule: 1 + 1 = 2 from the total; each is at most 2.
    var events = new EnumMap<ComplicationCategory, SuppressibleCount>(ComplicationCategory.class);
    events.put(ComplicationCategory.BRUISING, Suppression.suppressed());
    events.put(ComplicationCategory.BLEEDING, Suppression.suppressed());
    events.put(ComplicationCategory.PAIN_AFTER, Suppression.shown(30));
    events.put(ComplicationCategory.ANY_MINOR, Suppression.shown(32));
    assertThat(SuppressionAudit.problems(record(events))).hasSize(2)
        .allSatisfy(p -> assertThat(p).contains("is at most 2"));
  }

  @Test
  void aShownSmallCountOrAPinnedNonResponderCountFails() {
    var events = new EnumMap<ComplicationCategory, SuppressibleCount>(ComplicationCategory.class);
    events.put(ComplicationCategory.BRUISING, Suppression.shown(4));
    events.put(ComplicationCategory.ANY_MINOR, Suppression.shown(4));
    assertThat(SuppressionAudit.problems(record(events))).anySatisfy(p -> assertThat(p).contains("BRUISING = 4"));
    var efficacy = new ResearchEfficacyMonth("2026-03", Indication.NECK_PAIN, Instrument.NPRS, Timepoint.WEEK_4,
        Suppression.shown(45), Suppression.shown(40), 2.0, 1.0);
    assertThat(SuppressionAudit.problems(efficacy)).singleElement()
        .satisfies(p -> assertThat(p).contains("nonResponders is pinned at 5"));
  }

  @Test
  void everyComplicationsRowThatSuppressionPublishesPassesTheAudit() {
    var rnd = new Random(20261129L);
    for (int run = 0; run < 3000; run++) {
      var counts = new EnumMap<ComplicationCategory, Long>(ComplicationCategory.class);
      long minor = 0;
      long serious = 0;
      for (int i = 0; i < 16; i++) {
        // Mostly zeros and small cells, now and then a large one: the hard cases for complements.
        long c = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 0;
        long s = c == 0 ? 0 : rnd.nextInt(10) == 0 ? Math.min(c, 1 + rnd.nextInt(2)) : 0;
        counts.put(ComplicationCategory.values()[i], c);
        minor += c - s;
        serious += s;
      }
      counts.put(ComplicationCategory.ANY_MINOR, minor);
      counts.put(ComplicationCategory.SERIOUS, serious);
      var record = record(Suppression.events(counts));
      assertThat(SuppressionAudit.problems(record)).as("counts %s", counts).isEmpty();
    }
  }

  @Test
  void everyEfficacyRecordThatSuppressionPublishesPassesTheAudit() {
    for (long n = 0; n <= 40; n++) {
      for (long responders = 0; responders <= n; responders++) {
        var record = new ResearchEfficacyMonth("2026-03", Indication.NECK_PAIN, Instrument.NPRS, Timepoint.WEEK_4,
            Suppression.of(n), Suppression.responders(n, responders), null, null);
        assertThat(SuppressionAudit.problems(record)).as("n %d responders %d", n, responders).isEmpty();
      }
    }
  }
}
