package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.JsonFigures;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.streams.query.FiguresService;
import org.dnregistry.streams.testing.RegistryDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof: random, seeded event histories (duplicates, corrections, retractions, out-of-order and late arrivals)
 * piped through the whole topology in arrival order give, for every scope, indication, window and several asOf
 * days, exactly the JSON of an independent straight-line recomputation (the oracle).
 *
 * <p>Replay one history with {@code -Ddnregistry.oracle.seed=<seed> -Ddnregistry.oracle.episodes=<n>}; run more
 * with {@code -Ddnregistry.oracle.histories=<n>}. Every run also tries one fresh random seed, printed in the test
 * name and in any failure.
 */
class TopologyOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] SIZES = {6, 15, 40, 80};

  /** Signals seen over all histories: the comparison above must have had some to compare. */
  private static final java.util.concurrent.atomic.AtomicInteger SIGNALS = new java.util.concurrent.atomic.AtomicInteger();

  @org.junit.jupiter.api.AfterAll
  static void someHistoriesSignal() {
    assertThat(SIGNALS.get()).as("signal days over all histories").isPositive();
  }

  /** How the driver runs: in-memory stores without a cache (every intermediate result), or the real thing. */
  enum Mode { IN_MEMORY_NO_CACHE, ROCKSDB_WITH_CACHE }

  static Stream<Arguments> histories() {
    var cases = new ArrayList<Arguments>();
    String replay = System.getProperty("dnregistry.oracle.seed");
    if (replay != null) {
      int episodes = Integer.getInteger("dnregistry.oracle.episodes", 40);
      cases.add(Arguments.of(Long.parseLong(replay), episodes, Mode.IN_MEMORY_NO_CACHE));
      return cases.stream();
    }
    int histories = Integer.getInteger("dnregistry.oracle.histories", 16);
    for (int i = 0; i < histories; i++) {
      long seed = 1000L + i;
      // RocksDB flushes on every commit, which the test driver makes after every record: keep those histories small.
      Mode mode = i % 4 == 1 ? Mode.ROCKSDB_WITH_CACHE : Mode.IN_MEMORY_NO_CACHE;
      cases.add(Arguments.of(seed, SIZES[i % SIZES.length], mode));
    }
    cases.add(Arguments.of(new Random().nextLong(), SIZES[1 + new Random().nextInt(SIZES.length - 1)],
        Mode.IN_MEMORY_NO_CACHE));
    return cases.stream();
  }

  @ParameterizedTest(name = "seed {0}, {1} episodes, {2}")
  @MethodSource("histories")
  void theTopologyAnswersWhatTheOracleComputes(long seed, int episodes, Mode mode) {
    List<TopicRecord> history = HistoryGenerator.generate(seed, episodes);
    Oracle oracle = Oracle.of(history);
    var options = TopologyOptions.defaults(1).withInMemoryState(mode == Mode.IN_MEMORY_NO_CACHE);
    try (var d = new RegistryDriver(options, mode == Mode.IN_MEMORY_NO_CACHE ? 0 : 10 * 1024 * 1024)) {
      for (TopicRecord r : history) {
        d.pipe(r.topic(), r.key(), r.valueOrNull());
      }
      FiguresService figures = d.figures();
      String replay = "replay: -Ddnregistry.oracle.seed=" + seed + " -Ddnregistry.oracle.episodes=" + episodes
          + " (" + history.size() + " records, " + mode + ")";
      assertThat(figures.latestSessionDay()).as("default asOf, " + replay).isEqualTo(oracle.defaultAsOf());

      int compared = 0;
      for (LocalDate asOf : asOfs(oracle, seed)) {
        for (String scope : oracle.scopes()) {
          for (String window : Oracle.windows()) {
            for (String indication : Oracle.indications()) {
              String context = scope + " " + indication + " " + window + " asOf " + asOf + ", " + replay;
              JsonFigures.assertSameFigures(oracle.complications(scope, indication, window, asOf),
                  tree(figures.complications(scope, indication, window, asOf)), "complications " + context);
              JsonFigures.assertSameFigures(oracle.efficacy(scope, indication, window, asOf),
                  tree(figures.efficacy(scope, indication, window, asOf)), "efficacy " + context);
              compared += 2;
            }
            JsonFigures.assertSameFigures(oracle.compliance(scope, window, asOf),
                tree(figures.compliance(scope, window, asOf)), "compliance " + scope + " " + window + " asOf "
                    + asOf + ", " + replay);
            compared++;
          }
          JsonFigures.assertSameFigures(oracle.dataQuality(scope, asOf), tree(figures.dataQuality(scope, asOf)),
              "data quality " + scope + " asOf " + asOf + ", " + replay);
          compared++;
        }
      }
      for (String scope : oracle.scopes()) {
        var categories = new ArrayList<>(oracle.monitoredCategories());
        categories.add(ComplicationCategory.PNEUMOTHORAX); // a sentinel category is never monitored
        for (ComplicationCategory category : categories) {
          String context = "surveillance " + scope + " " + category + ", " + replay;
          JsonFigures.assertSameFigures(oracle.surveillance(scope, category.name(), null, null),
              tree(figures.surveillance(scope, category.name(), null, null)), context);
          LocalDate from = HistoryGenerator.FIRST_DAY.plusDays(100);
          JsonFigures.assertSameFigures(oracle.surveillance(scope, category.name(), from, from.plusDays(60)),
              tree(figures.surveillance(scope, category.name(), from, from.plusDays(60))), context + " from " + from);
          compared += 2;
        }
      }
      // Surveillance ran once, on the final facts: its SIGNAL alerts are exactly the final signal days.
      d.evaluate();
      assertThat(d.signals().keySet()).as("SIGNAL alerts, " + replay).isEqualTo(oracle.signals());
      SIGNALS.addAndGet(oracle.signals().size());
      assertThat(compared).as(replay).isGreaterThan(0);
    }
  }

  /** The oracle's interesting days (window edges, first and last session days), the default, two at random. */
  private static List<LocalDate> asOfs(Oracle oracle, long seed) {
    var days = new TreeSet<LocalDate>(oracle.asOfsToTry());
    days.add(oracle.defaultAsOf().orElse(RegistryDriver.TODAY));
    var rnd = new Random(seed);
    long span = HistoryGenerator.FIRST_DAY.until(HistoryGenerator.LAST_DAY, java.time.temporal.ChronoUnit.DAYS);
    for (int i = 0; i < 2; i++) {
      days.add(HistoryGenerator.FIRST_DAY.plusDays(rnd.nextInt((int) span + 400) - 30));
    }
    return List.copyOf(days);
  }

  private static JsonNode tree(Object response) {
    return JSON.valueToTree(response);
  }
}
