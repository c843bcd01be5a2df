package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.baseline;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.outcome;
import static org.dnregistry.streams.testing.Events.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Chronicity;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Contraindication;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.streams.testing.RegistryDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FiguresService over the topology's buckets: windows, default asOf, and the JSON of FIGURES.md. */
class FiguresServiceTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
  static final ObjectMapper JSON = new ObjectMapper();

  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  private void sessionOn(String clinic, String id, Indication indication, LocalDate day) {
    d.put(episode(clinic, "E-" + id, indication, day).build());
    d.put(session(clinic, id, "E-" + id, noon(day)).build());
  }

  private long sessions(String scope, String indication, String window, LocalDate asOf) {
    return d.figures().complications(scope, indication, window, asOf).rows().get(0).sessions();
  }

  @Test
  void aWindowOfWDaysCoversAsOfMinusWPlusOneThroughAsOf() {
    sessionOn("C1", "S-30", Indication.NECK_PAIN, AS_OF.minusDays(30)); // outside 30, inside 90
    sessionOn("C1", "S-29", Indication.NECK_PAIN, AS_OF.minusDays(29)); // first day of 30
    sessionOn("C1", "S0", Indication.NECK_PAIN, AS_OF);                 // last day
    sessionOn("C1", "S+1", Indication.NECK_PAIN, AS_OF.plusDays(1));    // after asOf: never
    sessionOn("C1", "S-89", Indication.NECK_PAIN, AS_OF.minusDays(89));
    sessionOn("C1", "S-90", Indication.NECK_PAIN, AS_OF.minusDays(90));
    sessionOn("C1", "S-364", Indication.NECK_PAIN, AS_OF.minusDays(364));
    sessionOn("C1", "S-365", Indication.NECK_PAIN, AS_OF.minusDays(365));
    sessionOn("C1", "S-2000", Indication.NECK_PAIN, AS_OF.minusDays(2000));

    assertThat(sessions("network", "ALL", "30", AS_OF)).isEqualTo(2);
    assertThat(sessions("network", "ALL", "90", AS_OF)).isEqualTo(4);
    assertThat(sessions("network", "ALL", "365", AS_OF)).isEqualTo(6);
    assertThat(sessions("network", "ALL", "all", AS_OF)).isEqualTo(8);
    assertThat(sessions("clinic:C1", "NECK_PAIN", "30", AS_OF)).isEqualTo(2);
    assertThat(sessions("clinic:C2", "NECK_PAIN", "all", AS_OF)).isZero();
    assertThat(sessions("network", "KNEE_PAIN", "all", AS_OF)).isZero();
  }

  @Test
  void defaultAsOfIsTheLatestCountedSessionDayOfTheNetworkWhateverTheScope() {
    assertThat(d.figures().defaultAsOf()).isEqualTo(RegistryDriver.TODAY);
    sessionOn("C1", "S1", Indication.NECK_PAIN, AS_OF.minusDays(3));
    sessionOn("C2", "S2", Indication.KNEE_PAIN, AS_OF);
    // An episode starting later with flags but no session does not move it.
    d.put(episode("C1", "E-late", Indication.HEADACHE, AS_OF.plusDays(10)).setChronicity(Chronicity.CHRONIC).build());
    // Nor does a session whose episode is unknown.
    d.put(session("C1", "S-orphan", "E-unknown", noon(AS_OF.plusDays(20))).build());

    assertThat(d.figures().defaultAsOf()).isEqualTo(AS_OF);
    var c = d.figures().complications("clinic:C1", "NECK_PAIN", "30", null);
    assertThat(c.asOf()).isEqualTo(AS_OF.toString());
    assertThat(c.rows().get(0).sessions()).isEqualTo(1);

    d.retractSession("C2", "E-S2", "S2");
    assertThat(d.figures().defaultAsOf()).isEqualTo(AS_OF.minusDays(3));
  }

  @Test
  void complicationsJsonHasEveryCategoryInOrderWithRatesIntervalsAndSortedApplicableBaselines() throws Exception {
    for (int i = 0; i < 4; i++) {
      sessionOn("C1", "S" + i, Indication.NECK_PAIN, AS_OF.minusDays(i));
    }
    d.put(adverseEvent("C1", "A1", "S0", "E-S0", AdverseEventCategory.BRUISING).build());
    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).build());
    d.put(baseline(ComplicationCategory.BRUISING, "Brady 2014", 0.0755, 0.0755).build());
    d.put(baseline(ComplicationCategory.BRUISING, "A neck study", 0.5, 0.6).setIndication(Indication.NECK_PAIN).build());
    d.put(baseline(ComplicationCategory.BRUISING, "A knee study", 0.5, 0.6).setIndication(Indication.KNEE_PAIN).build());

    JsonNode all = JSON.readTree(FiguresService.toJson(d.figures().complications("network", "ALL", "90", AS_OF)));
    assertThat(fieldNames(all)).containsExactly("scope", "indication", "window", "asOf", "rows");
    assertThat(all.get("scope").asText()).isEqualTo("network");
    assertThat(all.get("indication").asText()).isEqualTo("ALL");
    assertThat(all.get("window").asText()).isEqualTo("90");
    assertThat(all.get("asOf").asText()).isEqualTo("2026-06-30");
    JsonNode rows = all.get("rows");
    assertThat(rows).hasSize(18);
    for (int i = 0; i < 18; i++) {
      assertThat(rows.get(i).get("category").asText()).isEqualTo(ComplicationCategory.values()[i].name());
      assertThat(rows.get(i).get("sessions").asLong()).isEqualTo(4);
    }
    JsonNode bruising = rows.get(0);
    assertThat(fieldNames(bruising))
        .containsExactly("category", "sessions", "events", "rate", "ciLow", "ciHigh", "baselines");
    assertThat(bruising.get("events").asLong()).isEqualTo(1);
    assertThat(bruising.get("rate").asDouble()).isEqualTo(0.25);
    // R 4.2: poisson.test(1, 4)$conf.int
    assertThat(bruising.get("ciLow").asDouble()).isCloseTo(0.00632945199607247, within(1e-12));
    assertThat(bruising.get("ciHigh").asDouble()).isCloseTo(1.39291084773472473, within(1e-12));
    // Only the baselines for every indication when asking for ALL, sorted by source.
    JsonNode b = bruising.get("baselines");
    assertThat(b).hasSize(2);
    assertThat(fieldNames(b.get(0))).containsExactly("source", "low", "high", "pUpper", "pLower", "status");
    assertThat(b.get(0).get("source").asText()).isEqualTo("Boyce 2020");
    assertThat(b.get(1).get("source").asText()).isEqualTo("Brady 2014");
    // R: ppois(0, 4*0.077, lower.tail=FALSE); ppois(1, 4*0.077)
    assertThat(b.get(0).get("pUpper").asDouble()).isCloseTo(0.265084681990931, within(1e-12));
    assertThat(b.get(0).get("pLower").asDouble()).isCloseTo(0.961269235955862, within(1e-12));
    assertThat(b.get(0).get("status").asText()).isEqualTo("CONSISTENT");
    JsonNode bleeding = rows.get(1);
    assertThat(bleeding.get("events").asLong()).isZero();
    assertThat(bleeding.get("ciLow").asDouble()).isZero();
    assertThat(bleeding.get("baselines")).isEmpty();

    var neck = d.figures().complications("network", "NECK_PAIN", "90", AS_OF).rows().get(0).baselines();
    assertThat(neck).extracting(Responses.BaselineRow::source)
        .containsExactly("A neck study", "Boyce 2020", "Brady 2014");
  }

  @Test
  void withoutSessionsRatesAndComparisonsAreNullAndStatusIsNoData() throws Exception {
    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).build());
    JsonNode row = JSON.readTree(FiguresService.toJson(d.figures().complications("network", "ALL", "30", AS_OF)))
        .get("rows").get(0);
    assertThat(row.get("sessions").asLong()).isZero();
    assertThat(row.get("rate").isNull()).isTrue();
    assertThat(row.get("ciLow").isNull()).isTrue();
    assertThat(row.get("ciHigh").isNull()).isTrue();
    JsonNode b = row.get("baselines").get(0);
    assertThat(b.get("pUpper").isNull()).isTrue();
    assertThat(b.get("pLower").isNull()).isTrue();
    assertThat(b.get("status").asText()).isEqualTo("NO_DATA");
  }

  @Test
  void efficacyJsonHas32RowsInInstrumentThenTimepointOrderWithTheSummaryOfTheChanges() throws Exception {
    double[] followUps = {4.5, 6.0, 3.0}; // changes 2.5, 1.0, 4.0 from a baseline of 7
    for (int i = 0; i < followUps.length; i++) {
      d.put(episode("C1", "E" + i, Indication.NECK_PAIN, AS_OF.minusDays(40)).build());
      d.put(outcome("C1", "E" + i, Instrument.NPRS, Timepoint.BASELINE, 7.0, noon(AS_OF.minusDays(40))).build());
      d.put(outcome("C1", "E" + i, Instrument.NPRS, Timepoint.WEEK_4, followUps[i], noon(AS_OF.minusDays(10))).build());
    }
    JsonNode e = JSON.readTree(FiguresService.toJson(d.figures().efficacy("clinic:C1", "ALL", "30", AS_OF)));
    assertThat(fieldNames(e)).containsExactly("scope", "indication", "window", "asOf", "rows");
    JsonNode rows = e.get("rows");
    assertThat(rows).hasSize(32);
    assertThat(rows.get(0).get("instrument").asText()).isEqualTo("NPRS");
    assertThat(rows.get(0).get("timepoint").asText()).isEqualTo("POST_SESSION");
    assertThat(rows.get(31).get("instrument").asText()).isEqualTo("PSFS");
    assertThat(rows.get(31).get("timepoint").asText()).isEqualTo("MONTH_12");
    JsonNode week4 = rows.get(2);
    assertThat(fieldNames(week4)).containsExactly("instrument", "timepoint", "n", "meanChange", "sd", "ciLow",
        "ciHigh", "mcid", "responders", "responderRate", "responderCiLow", "responderCiHigh", "status");
    assertThat(week4.get("timepoint").asText()).isEqualTo("WEEK_4");
    assertThat(week4.get("n").asLong()).isEqualTo(3);
    // R 4.2: x <- c(2.5, 1, 4); mean(x); sd(x); t.test(x)$conf.int; prop.test(2, 3, correct=FALSE)$conf.int
    assertThat(week4.get("meanChange").asDouble()).isCloseTo(2.5, within(1e-12));
    assertThat(week4.get("sd").asDouble()).isCloseTo(1.5, within(1e-12));
    assertThat(week4.get("ciLow").asDouble()).isCloseTo(-1.22620656762549, within(1e-9));
    assertThat(week4.get("ciHigh").asDouble()).isCloseTo(6.22620656762549, within(1e-9));
    assertThat(week4.get("mcid").asDouble()).isEqualTo(2.0);
    assertThat(week4.get("responders").asLong()).isEqualTo(2);
    assertThat(week4.get("responderCiLow").asDouble()).isCloseTo(0.207659600802048, within(1e-9));
    assertThat(week4.get("responderCiHigh").asDouble()).isCloseTo(0.938508055279604, within(1e-9));
    assertThat(week4.get("status").asText()).isEqualTo("INCONCLUSIVE");
    JsonNode empty = rows.get(0);
    assertThat(empty.get("n").asLong()).isZero();
    assertThat(empty.get("meanChange").isNull()).isTrue();
    assertThat(empty.get("responderRate").isNull()).isTrue();
    assertThat(empty.get("status").asText()).isEqualTo("INSUFFICIENT_DATA");
    // The observations are on the follow-up's day, 10 days before asOf: outside a window ending 11 days earlier.
    assertThat(d.figures().efficacy("clinic:C1", "ALL", "30", AS_OF.minusDays(11)).rows().get(2).n()).isZero();
  }

  @Test
  void complianceListsClinicsWithFlagsInTheWindowSortedAndTotalsThem() throws Exception {
    d.put(episode("C2", "E1", Indication.NECK_PAIN, AS_OF).setChronicity(Chronicity.CHRONIC).build());
    d.put(episode("C10", "E1", Indication.NECK_PAIN, AS_OF).setChronicity(Chronicity.CHRONIC)
        .setContraindications(List.of(Contraindication.PREGNANCY)).build());
    d.put(episode("C3", "E1", Indication.NECK_PAIN, AS_OF).build()); // no flag
    d.put(episode("C4", "E1", Indication.NECK_PAIN, AS_OF.minusDays(45)).setChronicity(Chronicity.CHRONIC).build());

    JsonNode c = JSON.readTree(FiguresService.toJson(d.figures().compliance("network", "30", AS_OF)));
    assertThat(fieldNames(c)).containsExactly("scope", "window", "asOf", "rows", "total");
    JsonNode rows = c.get("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("clinicId").asText()).isEqualTo("C10");
    assertThat(rows.get(1).get("clinicId").asText()).isEqualTo("C2");
    assertThat(fieldNames(rows.get(0).get("counts")))
        .containsExactly(java.util.Arrays.stream(GuidelineFlag.values()).map(Enum::name).toArray(String[]::new));
    assertThat(rows.get(0).get("counts").get("CONTRAINDICATION_PRESENT").asLong()).isEqualTo(1);
    assertThat(rows.get(1).get("counts").get("CONTRAINDICATION_PRESENT").asLong()).isZero();
    assertThat(c.get("total").get("CHRONIC_CONDITION").asLong()).isEqualTo(2);
    assertThat(c.get("total").get("CONTRAINDICATION_PRESENT").asLong()).isEqualTo(1);
    assertThat(c.get("total").get("LOW_ADHERENCE").asLong()).isZero();

    var c4 = d.figures().compliance("clinic:C4", "90", AS_OF);
    assertThat(c4.rows()).extracting(Responses.ComplianceRow::clinicId).containsExactly("C4");
    assertThat(d.figures().compliance("clinic:C4", "30", AS_OF).rows()).isEmpty();
    assertThat(d.figures().compliance("clinic:C4", "30", AS_OF).total().get("CHRONIC_CONDITION")).isZero();
  }

  @Test
  void rejectsParametersOutsideTheContract() {
    var f = d.figures();
    assertThatThrownBy(() -> f.complications("world", "ALL", "30", AS_OF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.complications("clinic:", "ALL", "30", AS_OF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.complications("network", "FLU", "30", AS_OF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.efficacy("network", "ALL", "31", AS_OF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.compliance("network", "all", LocalDate.of(10000, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
