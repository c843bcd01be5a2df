package org.dnregistry.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.GuidelineFlag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Relations the figures must satisfy on any history, checked on generated ones: the network is the sum of its
 * clinics, ALL the sum of the indications, windows nest, ANY_MINOR and SERIOUS split the events; and the figures
 * depend only on the order of records within a key, not across keys.
 */
class OracleInvariantsTest {

  @ParameterizedTest
  @ValueSource(longs = {11, 12})
  void networkIsTheSumOfClinicsAndAllTheSumOfIndications(long seed) {
    Oracle oracle = Oracle.of(HistoryGenerator.generate(seed, 300));
    List<String> clinics = oracle.scopes().subList(1, oracle.scopes().size());
    List<String> codes = Oracle.indications().subList(1, Oracle.indications().size());
    var statuses = new HashSet<String>();
    long nonZeroEvents = 0;
    for (LocalDate asOf : oracle.asOfsToTry()) {
      long[] previous = null;
      for (String window : Oracle.windows()) {
        String context = "seed=" + seed + " window=" + window + " asOf=" + asOf;
        ObjectNode network = oracle.complications("network", "ALL", window, asOf);
        long[] counts = counts(network);
        long[] byClinic = new long[counts.length];
        for (String clinic : clinics) {
          add(byClinic, counts(oracle.complications(clinic, "ALL", window, asOf)));
        }
        long[] byIndication = new long[counts.length];
        for (String code : codes) {
          ObjectNode fig = oracle.complications("network", code, window, asOf);
          add(byIndication, counts(fig));
          fig.get("rows").forEach(r -> r.get("baselines").forEach(b -> statuses.add(b.get("status").asText())));
        }
        assertThat(byClinic).as(context).containsExactly(counts);
        assertThat(byIndication).as(context).containsExactly(counts);
        // counts[0] is n; then the 18 categories: the 16 of adverse events, ANY_MINOR, SERIOUS.
        long sixteen = 0;
        for (int c = 1; c <= 16; c++) {
          sixteen += counts[c];
        }
        assertThat(counts[17] + counts[18]).as(context).isEqualTo(sixteen);
        if (previous != null) {
          for (int i = 0; i < counts.length; i++) {
            assertThat(counts[i]).as("windows nest, " + context).isGreaterThanOrEqualTo(previous[i]);
          }
        }
        previous = counts;
        nonZeroEvents += sixteen;

        long[] efficacy = observations(oracle.efficacy("network", "ALL", window, asOf));
        long[] efficacyByClinic = new long[efficacy.length];
        for (String clinic : clinics) {
          add(efficacyByClinic, observations(oracle.efficacy(clinic, "ALL", window, asOf)));
        }
        assertThat(efficacyByClinic).as(context).containsExactly(efficacy);

        ObjectNode compliance = oracle.compliance("network", window, asOf);
        for (JsonNode row : compliance.get("rows")) {
          ObjectNode own = oracle.compliance("clinic:" + row.get("clinicId").asText(), window, asOf);
          JsonFigures.assertSameFigures(row, own.get("rows").get(0), context);
        }
      }
    }
    assertThat(nonZeroEvents).isPositive();
    assertThat(statuses).contains("ALARM", "BELOW", "CONSISTENT", "NO_DATA");
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22})
  void everyFlagAndEveryEfficacyStatusOccurs(long seed) {
    Oracle oracle = Oracle.of(HistoryGenerator.generate(seed, 300));
    LocalDate asOf = oracle.defaultAsOf().orElseThrow();
    JsonNode total = oracle.compliance("network", "all", asOf).get("total");
    for (GuidelineFlag flag : GuidelineFlag.values()) {
      assertThat(total.get(flag.name()).asLong()).as(flag.name()).isPositive();
    }
    var statuses = new HashSet<String>();
    for (String scope : oracle.scopes()) {
      for (String window : Oracle.windows()) {
        oracle.efficacy(scope, "ALL", window, asOf).get("rows").forEach(r -> statuses.add(r.get("status").asText()));
      }
    }
    assertThat(statuses).contains("INSUFFICIENT_DATA", "INCONCLUSIVE", "ABOVE_MCID");
  }

  @ParameterizedTest
  @ValueSource(longs = {31, 32, 33})
  void onlyTheOrderWithinAKeyMattersAndDuplicatesChangeNothing(long seed) {
    List<TopicRecord> history = HistoryGenerator.generate(seed, 60);
    Oracle oracle = Oracle.of(history);
    Oracle interleaved = Oracle.of(reinterleave(history, new Random(seed)));
    var withDuplicates = new ArrayList<>(history);
    withDuplicates.addAll(latestPerKey(history));
    Oracle duplicated = Oracle.of(withDuplicates);

    assertThat(interleaved.defaultAsOf()).isEqualTo(oracle.defaultAsOf());
    List<LocalDate> asOfs = oracle.asOfsToTry();
    for (LocalDate asOf : List.of(asOfs.get(0), asOfs.get(asOfs.size() / 2), asOfs.get(asOfs.size() - 1))) {
      for (String scope : oracle.scopes()) {
        for (String window : Oracle.windows()) {
          String context = "seed=" + seed + " scope=" + scope + " window=" + window + " asOf=" + asOf;
          for (Oracle other : List.of(interleaved, duplicated)) {
            JsonFigures.assertSameFigures(oracle.complications(scope, "ALL", window, asOf),
                other.complications(scope, "ALL", window, asOf), context);
            JsonFigures.assertSameFigures(oracle.efficacy(scope, "ALL", window, asOf),
                other.efficacy(scope, "ALL", window, asOf), context);
            JsonFigures.assertSameFigures(oracle.compliance(scope, window, asOf),
                other.compliance(scope, window, asOf), context);
          }
        }
      }
    }
  }

  /** n, then the events of every complication category in enum order. */
  private static long[] counts(ObjectNode complications) {
    long[] out = new long[1 + ComplicationCategory.values().length];
    JsonNode rows = complications.get("rows");
    out[0] = rows.get(0).get("sessions").asLong();
    for (int i = 0; i < rows.size(); i++) {
      out[1 + i] = rows.get(i).get("events").asLong();
    }
    return out;
  }

  /** n and responders of every efficacy row. */
  private static long[] observations(ObjectNode efficacy) {
    JsonNode rows = efficacy.get("rows");
    long[] out = new long[2 * rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      out[2 * i] = rows.get(i).get("n").asLong();
      out[2 * i + 1] = rows.get(i).get("responders").asLong();
      assertThat(out[2 * i + 1]).isLessThanOrEqualTo(out[2 * i]);
    }
    return out;
  }

  private static void add(long[] sum, long[] more) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += more[i];
    }
  }

  /** The same records in another order that keeps the order of the records of each key. */
  private static List<TopicRecord> reinterleave(List<TopicRecord> history, Random rnd) {
    Map<String, ArrayDeque<TopicRecord>> perKey = new LinkedHashMap<>();
    for (TopicRecord r : history) {
      perKey.computeIfAbsent(r.topic() + "|" + r.key(), k -> new ArrayDeque<>()).add(r);
    }
    var queues = new ArrayList<>(perKey.values());
    var out = new ArrayList<TopicRecord>(history.size());
    while (!queues.isEmpty()) {
      int i = rnd.nextInt(queues.size());
      out.add(queues.get(i).poll());
      if (queues.get(i).isEmpty()) {
        queues.remove(i);
      }
    }
    assertThat(out).isNotEqualTo(history).hasSameSizeAs(history);
    return out;
  }

  private static List<TopicRecord> latestPerKey(List<TopicRecord> history) {
    Map<String, TopicRecord> latest = new LinkedHashMap<>();
    for (TopicRecord r : history) {
      latest.put(r.topic() + "|" + r.key(), r);
    }
    return new ArrayList<>(latest.values());
  }
}
