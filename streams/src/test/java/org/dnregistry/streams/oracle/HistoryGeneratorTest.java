package org.dnregistry.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.avro.Timepoint;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.PublishedBaselines;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated histories are what the property tests stand on, so their disorder is checked here by reading the
 * history as a consumer would (per-key value sequences in arrival order), not by trusting the generator's intent.
 */
class HistoryGeneratorTest {

  @Test
  void sameSeedSameHistoryAndAnotherSeedAnother() {
    assertThat(HistoryGenerator.generate(7, 40)).isEqualTo(HistoryGenerator.generate(7, 40));
    assertThat(HistoryGenerator.generate(8, 40)).isNotEqualTo(HistoryGenerator.generate(7, 40));
  }

  @Test
  void sizeKnobGoesFromAFewHundredToTensOfThousands() {
    assertThat(HistoryGenerator.generate(1, 15).size()).isBetween(200, 1_000);
    assertThat(HistoryGenerator.generate(1, 1_000).size()).isBetween(10_000, 60_000);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void smallHistoriesHaveEveryKindOfDisorder(long seed) {
    assertEveryKindOfDisorder(HistoryGenerator.generate(seed, 8));
  }

  @Test
  void largerHistoriesToo() {
    assertEveryKindOfDisorder(HistoryGenerator.generate(99, 400));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void contentCoversWhatTheRulesSingleOut(long seed) {
    List<TopicRecord> history = HistoryGenerator.generate(seed, 150);
    List<Clinic> clinics = values(history, Topics.CLINICS);
    List<Practitioner> practitioners = values(history, Topics.PRACTITIONERS);
    List<Session> sessions = values(history, Topics.SESSIONS);
    List<Outcome> outcomes = values(history, Topics.OUTCOMES);
    List<AdverseEvent> events = values(history, Topics.ADVERSE_EVENTS);
    List<Baseline> baselines = values(history, Topics.BASELINES);
    List<Episode> episodes = values(history, Topics.EPISODES);

    Set<String> limited = Set.of("HI", "ID", "KS", "NY", "SD");
    assertThat(clinics).anyMatch(c -> limited.contains(c.getState())).anyMatch(c -> !limited.contains(c.getState()));
    assertThat(practitioners).anyMatch(p -> p.getTrainingHours() == 60.0)
        .anyMatch(p -> p.getTrainingHours() < 60.0).anyMatch(p -> p.getTrainingHours() > 60.0);
    assertThat(practitioners.stream().map(Practitioner::getProfession).distinct().count()).isGreaterThan(1);

    assertThat(sessions.stream().filter(s -> s.getModality() == Modality.DRY_NEEDLING).count())
        .isGreaterThan(sessions.size() / 2);
    assertThat(sessions).anyMatch(s -> s.getModality() != Modality.DRY_NEEDLING)
        .anyMatch(s -> s.getNeedleDiameterMm() != null && s.getNeedleDiameterMm() > 0.36)
        .anyMatch(s -> s.getNeedleDiameterMm() != null && s.getNeedleDiameterMm() == 0.25)
        .anyMatch(s -> s.getNeedleLengthMm() != null && s.getNeedleLengthMm() == 40.0)
        .anyMatch(s -> s.getNeedleLengthMm() != null && s.getNeedleLengthMm() < 25.0)
        .anyMatch(s -> s.getNeedleDiameterMm() == null)
        .anyMatch(s -> !s.getCointerventions().isEmpty())
        .anyMatch(s -> s.getOccurredAt().atZone(ZoneOffset.UTC).toLocalTime().toNanoOfDay() == 0);
    LocalDate first = sessions.stream().map(s -> Facts.utcDay(s.getOccurredAt())).min(LocalDate::compareTo).orElseThrow();
    LocalDate last = sessions.stream().map(s -> Facts.utcDay(s.getOccurredAt())).max(LocalDate::compareTo).orElseThrow();
    assertThat(ChronoUnit.DAYS.between(first, last)).isGreaterThan(600);

    assertThat(episodes).anyMatch(e -> e.getEtiology() == null).anyMatch(e -> !e.getContraindications().isEmpty())
        .anyMatch(e -> e.getPlannedSessions() == 24);

    for (Instrument instrument : Instrument.values()) {
      assertThat(outcomes).anyMatch(o -> o.getInstrument() == instrument && o.getTimepoint() == Timepoint.BASELINE);
    }
    double[] max = {10, 50, 100, 10};
    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.getScore()).isBetween(0.0, max[o.getInstrument().ordinal()]);
      assertThat(Math.abs(o.getScore() * 100 - Math.round(o.getScore() * 100))).isLessThan(1e-6);
    });
    assertThat(outcomes).anyMatch(o -> Math.round(o.getScore() * 100) % 100 != 0);
    assertThat(exactlyMcidApart(outcomes)).isTrue();

    assertThat(events).anyMatch(AdverseEvent::getSerious).anyMatch(e -> !e.getSerious())
        .anyMatch(e -> e.getCategory() == AdverseEventCategory.PNEUMOTHORAX
            || e.getCategory() == AdverseEventCategory.INFECTION || e.getCategory() == AdverseEventCategory.NERVE_INJURY
            || e.getCategory() == AdverseEventCategory.NEEDLE_BREAKAGE
            || e.getCategory() == AdverseEventCategory.FORGOTTEN_NEEDLE);

    Set<String> sources = new HashSet<>();
    baselines.forEach(b -> sources.add(Keys.baseline(b.getCategory(), b.getSource())));
    PublishedBaselines.load().forEach(b -> assertThat(sources).contains(Keys.baseline(b.getCategory(), b.getSource())));
    assertThat(sources.size()).isGreaterThan(PublishedBaselines.load().size());
    assertThat(baselines).anyMatch(b -> b.getIndication() != null);
  }

  @Test
  void everyRecordIsWellFormed() {
    Map<String, Class<?>> types = new HashMap<>();
    Topics.INPUTS.forEach(t -> types.put(t.name(), t.valueType()));
    var problems = new ArrayList<String>();
    for (TopicRecord r : HistoryGenerator.generate(5, 100)) {
      if (!types.containsKey(r.topic())) {
        problems.add("unknown topic " + r);
      } else if (r.valueOrNull() != null && !types.get(r.topic()).isInstance(r.valueOrNull())) {
        problems.add("wrong value type " + r);
      } else if (r.valueOrNull() != null && !r.key().equals(keyOf(r.valueOrNull()))) {
        problems.add("key does not match value " + r);
      }
    }
    assertThat(problems).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- the analysis

  private static void assertEveryKindOfDisorder(List<TopicRecord> history) {
    Map<String, List<SpecificRecord>> byKey = perKey(history);

    // Duplicates and corrections: consecutive values of one key.
    for (TopicSpec<?> topic : List.of(Topics.EPISODES, Topics.SESSIONS, Topics.OUTCOMES, Topics.ADVERSE_EVENTS)) {
      assertThat(anyConsecutive(byKey, topic, Objects::equals)).as("duplicate on %s", topic.name()).isTrue();
    }
    assertThat(anyConsecutive(byKey, Topics.SESSIONS, (a, b) -> !Facts.utcDay(((Session) a).getOccurredAt())
        .equals(Facts.utcDay(((Session) b).getOccurredAt())))).as("session moved to another day").isTrue();
    assertThat(anyConsecutive(byKey, Topics.EPISODES,
        (a, b) -> ((Episode) a).getIndication() != ((Episode) b).getIndication())).as("indication changed").isTrue();
    assertThat(anyConsecutive(byKey, Topics.ADVERSE_EVENTS,
        (a, b) -> ((AdverseEvent) a).getCategory() != ((AdverseEvent) b).getCategory())).as("category changed").isTrue();
    assertThat(anyConsecutive(byKey, Topics.OUTCOMES,
        (a, b) -> ((Outcome) a).getScore() != ((Outcome) b).getScore())).as("score changed").isTrue();

    // Retractions of every kind, and re-creations.
    for (TopicSpec<?> topic : Topics.INPUTS) {
      assertThat(byKey.entrySet()).as("retraction on %s", topic.name())
          .anyMatch(e -> e.getKey().startsWith(topic.name() + "|") && retracted(e.getValue()));
    }
    assertThat(byKey.entrySet()).as("re-created episode")
        .anyMatch(e -> e.getKey().startsWith(Topics.EPISODES.name() + "|") && recreated(e.getValue()));

    Facts facts = Facts.of(history);
    Set<String> everEpisodes = keysEver(history, Topics.EPISODES);
    assertThat(facts.sessions.values()).as("retracted episode that still has sessions").anyMatch(s -> {
      String episodeKey = Keys.episode(s.getClinicId(), s.getEpisodeId());
      return everEpisodes.contains(episodeKey) && !facts.episodes.containsKey(episodeKey);
    });

    // Out-of-order arrival: first arrival of a fact before the first arrival of what it refers to.
    Map<String, Integer> firstArrival = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      firstArrival.putIfAbsent(history.get(i).topic() + "|" + history.get(i).key(), i);
    }
    assertThat(arrivesBefore(history, firstArrival, Topics.SESSIONS, v -> id(Topics.EPISODES,
        Keys.episode(((Session) v).getClinicId(), ((Session) v).getEpisodeId())))).as("session before episode").isTrue();
    assertThat(arrivesBefore(history, firstArrival, Topics.ADVERSE_EVENTS, v -> id(Topics.SESSIONS,
        Keys.session(((AdverseEvent) v).getClinicId(), ((AdverseEvent) v).getEpisodeId(),
            ((AdverseEvent) v).getSessionId())))).as("AE before session").isTrue();
    assertThat(arrivesBefore(history, firstArrival, Topics.OUTCOMES, v -> id(Topics.EPISODES,
        Keys.episode(((Outcome) v).getClinicId(), ((Outcome) v).getEpisodeId())))).as("outcome before episode").isTrue();
    assertThat(arrivesBefore(history, firstArrival, Topics.SESSIONS, v -> id(Topics.PRACTITIONERS,
        Keys.practitioner(((Session) v).getPractitionerId())))).as("practitioner late").isTrue();
    assertThat(arrivesBefore(history, firstArrival, Topics.SESSIONS, v -> id(Topics.CLINICS,
        Keys.clinic(((Session) v).getClinicId())))).as("clinic late").isTrue();

    // Orphans: references that never resolve.
    Set<String> everSessions = keysEver(history, Topics.SESSIONS);
    assertThat(facts.sessions.values()).as("orphan session")
        .anyMatch(s -> !everEpisodes.contains(Keys.episode(s.getClinicId(), s.getEpisodeId())));
    assertThat(facts.adverseEvents.values()).as("orphan adverse event")
        .anyMatch(a -> !everSessions.contains(Keys.session(a.getClinicId(), a.getEpisodeId(), a.getSessionId())));
    assertThat(facts.outcomes.values()).as("orphan outcome")
        .anyMatch(o -> !everEpisodes.contains(Keys.episode(o.getClinicId(), o.getEpisodeId())));
    Set<String> everPractitioners = keysEver(history, Topics.PRACTITIONERS);
    Set<String> everClinics = keysEver(history, Topics.CLINICS);
    assertThat(facts.sessions.values()).as("unknown practitioner")
        .anyMatch(s -> !everPractitioners.contains(s.getPractitionerId()));
    assertThat(facts.sessions.values()).as("unknown clinic").anyMatch(s -> !everClinics.contains(s.getClinicId()));

    // Clinic namespaces overlap: the same episode id in two clinics.
    assertThat(values(history, Topics.EPISODES).stream().map(Episode::getEpisodeId).distinct()
        .count()).isLessThan(everEpisodes.size());
  }

  private static Map<String, List<SpecificRecord>> perKey(List<TopicRecord> history) {
    Map<String, List<SpecificRecord>> byKey = new LinkedHashMap<>();
    for (TopicRecord r : history) {
      byKey.computeIfAbsent(r.topic() + "|" + r.key(), k -> new ArrayList<>()).add(r.valueOrNull());
    }
    return byKey;
  }

  private static boolean anyConsecutive(
      Map<String, List<SpecificRecord>> byKey, TopicSpec<?> topic, BiPredicate<SpecificRecord, SpecificRecord> test) {
    for (var e : byKey.entrySet()) {
      if (!e.getKey().startsWith(topic.name() + "|")) {
        continue;
      }
      List<SpecificRecord> values = e.getValue();
      for (int i = 1; i < values.size(); i++) {
        if (values.get(i - 1) != null && values.get(i) != null && test.test(values.get(i - 1), values.get(i))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean retracted(List<SpecificRecord> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i - 1) != null && values.get(i) == null) {
        return true;
      }
    }
    return false;
  }

  private static boolean recreated(List<SpecificRecord> values) {
    for (int i = 2; i < values.size(); i++) {
      if (values.get(i - 2) != null && values.get(i - 1) == null && values.get(i) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean arrivesBefore(List<TopicRecord> history, Map<String, Integer> firstArrival, TopicSpec<?> topic,
      java.util.function.Function<SpecificRecord, String> target) {
    for (int i = 0; i < history.size(); i++) {
      TopicRecord r = history.get(i);
      if (r.topic().equals(topic.name()) && r.valueOrNull() != null) {
        Integer targetArrival = firstArrival.get(target.apply(r.valueOrNull()));
        if (targetArrival != null && targetArrival > i) {
          return true;
        }
      }
    }
    return false;
  }

  private static String id(TopicSpec<?> topic, String key) {
    return topic.name() + "|" + key;
  }

  private static Set<String> keysEver(List<TopicRecord> history, TopicSpec<?> topic) {
    Set<String> keys = new HashSet<>();
    for (TopicRecord r : history) {
      if (r.topic().equals(topic.name()) && r.valueOrNull() != null) {
        keys.add(r.key());
      }
    }
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> List<V> values(List<TopicRecord> history, TopicSpec<V> topic) {
    var out = new ArrayList<V>();
    for (TopicRecord r : history) {
      if (r.topic().equals(topic.name()) && r.valueOrNull() != null) {
        out.add((V) r.valueOrNull());
      }
    }
    return out;
  }

  /** A baseline and a follow-up of one episode and instrument whose change is exactly the MCID. */
  private static boolean exactlyMcidApart(List<Outcome> outcomes) {
    Map<String, Outcome> baselines = new HashMap<>();
    for (Outcome o : outcomes) {
      if (o.getTimepoint() == Timepoint.BASELINE) {
        baselines.put(o.getClinicId() + "|" + o.getEpisodeId() + "|" + o.getInstrument(), o);
      }
    }
    for (Outcome o : outcomes) {
      Outcome b = baselines.get(o.getClinicId() + "|" + o.getEpisodeId() + "|" + o.getInstrument());
      if (o.getTimepoint() != Timepoint.BASELINE && b != null) {
        long change = Math.round(b.getScore() * 100) - Math.round(o.getScore() * 100);
        if (o.getInstrument() == Instrument.PSFS) {
          change = -change;
        }
        if (change == Oracle.mcidHundredths(o.getInstrument())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String keyOf(SpecificRecord v) {
    if (v instanceof Episode e) {
      return Keys.episode(e.getClinicId(), e.getEpisodeId());
    } else if (v instanceof Session s) {
      return Keys.session(s.getClinicId(), s.getEpisodeId(), s.getSessionId());
    } else if (v instanceof Outcome o) {
      return Keys.outcome(o.getClinicId(), o.getEpisodeId(), o.getInstrument(), o.getTimepoint());
    } else if (v instanceof AdverseEvent a) {
      return Keys.adverseEvent(a.getClinicId(), a.getEpisodeId(), a.getAdverseEventId());
    } else if (v instanceof Clinic c) {
      return Keys.clinic(c.getClinicId());
    } else if (v instanceof Practitioner p) {
      return Keys.practitioner(p.getPractitionerId());
    } else if (v instanceof Baseline b) {
      return Keys.baseline(b.getCategory(), b.getSource());
    }
    throw new IllegalArgumentException(v.getClass().getName());
  }
}
