package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.JsonFigures;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.streams.query.FiguresService;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact at every commit: at many points of seeded random histories (duplicates, corrections, retractions,
 * out-of-order and late arrivals), what the query side reads equals the oracle applied to exactly the facts the
 * episode tasks had published, never a state in which an adverse event counts without its session or a session
 * without its episode. The test driver commits after every record; the episode tasks publish on their wall-clock
 * punctuator, which the test fires at random points, so between two publications every commit must still show
 * the figures of the last one. Baselines are not the episode tasks' to publish: every instance reads them from
 * their topic at once.
 *
 * <p>Replay one history with {@code -Ddnregistry.consistency.seed=<seed>}.
 */
class CommitConsistencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHECKS_PER_HISTORY = 40;

  static Stream<Arguments> histories() {
    String replay = System.getProperty("dnregistry.consistency.seed");
    if (replay != null) {
      return Stream.of(Arguments.of(Long.parseLong(replay), 30, 3));
    }
    var cases = new ArrayList<Arguments>();
    for (int i = 0; i < 6; i++) {
      // One input partition, or four: then most facts move to their episode's partition before they count.
      cases.add(Arguments.of(5000L + i, i % 2 == 0 ? 20 : 45, i % 3 == 2 ? 4 : 1));
    }
    cases.add(Arguments.of(new Random().nextLong(), 30, 1));
    return cases.stream();
  }

  @ParameterizedTest(name = "seed {0}, {1} episodes, {2} input partitions")
  @MethodSource("histories")
  void everyCommittedStateIsTheOracleOfWhatWasPublished(long seed, int episodes, int inputPartitions) {
    List<TopicRecord> history = HistoryGenerator.generate(seed, episodes);
    var rnd = new Random(seed);
    // Surveillance only when the test says (evaluate advances a whole day): the publications' small advances of the
    // wall clock never reach it.
    var options = TopologyOptions.defaults(inputPartitions).withInMemoryState(true)
        .withEvaluationInterval(java.time.Duration.ofDays(1));
    int checks = 0;
    try (var d = new RegistryDriver(options, 0)) {
      int published = 0;
      // Surveillance runs only where the test lets it: its alerts are every signal day seen at those points.
      var expectedSignals = new java.util.TreeSet<String>();
      var raised = new java.util.TreeMap<String, org.dnregistry.avro.Alert>();
      for (int i = 0; i < history.size(); i++) {
        TopicRecord r = history.get(i);
        d.pipe(r.topic(), r.key(), r.valueOrNull());
        if (rnd.nextInt(history.size()) >= CHECKS_PER_HISTORY) {
          continue;
        }
        if (rnd.nextBoolean()) {
          d.publish();
          published = i + 1;
          if (rnd.nextBoolean()) {
            d.evaluate();
            Oracle now = Oracle.of(published(history, published, i + 1));
            raised.putAll(d.signals());
            expectedSignals.addAll(now.signals());
            assertThat(raised.keySet()).as("SIGNAL alerts after record " + (i + 1) + ", seed " + seed)
                .isEqualTo(expectedSignals);
          }
        }
        String context = "after record " + (i + 1) + " of " + history.size() + ", published through " + published
            + "; replay: -Ddnregistry.consistency.seed=" + seed;
        compare(Oracle.of(published(history, published, i + 1)), d.unpublishedFigures(), rnd, context);
        checks++;
      }
      d.publish();
      compare(Oracle.of(history), d.unpublishedFigures(), rnd, "at the end; seed " + seed);
    }
    assertThat(checks).as("points checked").isPositive();
  }

  /**
   * What the figures may show after {@code processed} records of which the episode tasks published the first
   * {@code published}: those, and the baselines since, which every instance reads straight from their topic.
   */
  private static List<TopicRecord> published(List<TopicRecord> history, int published, int processed) {
    var out = new ArrayList<>(history.subList(0, published));
    history.subList(published, processed).stream().filter(r -> r.topic().equals(Topics.BASELINES.name()))
        .forEach(out::add);
    return out;
  }

  /** Every scope, all indications together and one at random, two windows, the default asOf and another day. */
  private static void compare(Oracle oracle, FiguresService figures, Random rnd, String context) {
    LocalDate asOf = oracle.defaultAsOf().orElse(RegistryDriver.TODAY);
    assertThat(figures.latestSessionDay()).as("default asOf " + context).isEqualTo(oracle.defaultAsOf());
    List<LocalDate> days = List.of(asOf, asOf.minusDays(rnd.nextInt(200)));
    List<String> indications = List.of("ALL", Oracle.indications().get(1 + rnd.nextInt(Oracle.indications().size() - 1)));
    for (String scope : oracle.scopes()) {
      for (LocalDate day : days) {
        for (String window : List.of("90", "all")) {
          for (String indication : indications) {
            String at = scope + " " + indication + " " + window + " asOf " + day + ", " + context;
            JsonFigures.assertSameFigures(oracle.complications(scope, indication, window, day),
                tree(figures.complications(scope, indication, window, day)), "complications " + at);
            JsonFigures.assertSameFigures(oracle.efficacy(scope, indication, window, day),
                tree(figures.efficacy(scope, indication, window, day)), "efficacy " + at);
          }
          JsonFigures.assertSameFigures(oracle.compliance(scope, window, day),
              tree(figures.compliance(scope, window, day)), "compliance " + scope + " " + window + ", " + context);
        }
        JsonFigures.assertSameFigures(oracle.dataQuality(scope, day), tree(figures.dataQuality(scope, day)),
            "data quality " + scope + " asOf " + day + ", " + context);
      }
    }
  }

  private static JsonNode tree(Object response) {
    return JSON.valueToTree(response);
  }
}
