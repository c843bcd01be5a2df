package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.session;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.episodes.EpisodeOutput;
import org.dnregistry.streams.episodes.EpisodeProcessor;
import org.dnregistry.streams.intake.Fact;
import org.dnregistry.topics.Keys;
import org.junit.jupiter.api.Test;

/**
 * With exactly-once an alert is visible only once its transaction commits; the episode task asks for a commit as
 * soon as it raises a SENTINEL alert, instead of leaving it to the commit interval (EndToEndBench measured the
 * difference), and only then: an early commit per ordinary fact would cost throughput.
 */
class SentinelCommitTest {
  static final LocalDate DAY = LocalDate.of(2026, 5, 4);

  final MockProcessorContext<String, EpisodeOutput> context = new MockProcessorContext<>();
  final EpisodeProcessor processor = new EpisodeProcessor(new EpisodeProcessor.Stores(StoreNames.EPISODES,
      StoreNames.REFERENCE_CLINICS, StoreNames.REFERENCE_PRACTITIONERS, StoreNames.PRACTITIONER_EPISODES),
      Duration.ofSeconds(1));

  SentinelCommitTest() {
    store(StoreNames.EPISODES, Serdes.ByteArray());
    store(StoreNames.REFERENCE_CLINICS, InternalSerdes.CLINIC);
    store(StoreNames.REFERENCE_PRACTITIONERS, InternalSerdes.PRACTITIONER);
    store(StoreNames.PRACTITIONER_EPISODES, Serdes.ByteArray());
    context.setCurrentSystemTimeMs(noon(DAY).toEpochMilli());
    processor.init(context);
  }

  private <V> void store(String name, Serde<V> values) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
        values).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private void process(String key, Fact.Kind kind, SpecificRecord value) {
    processor.process(new Record<>(key, new Fact(kind, value), 0L));
  }

  @Test
  void raisingASentinelAlertRequestsACommitAndOrdinaryFactsDoNot() {
    process(Keys.episode("C1", "E1"), Fact.Kind.EPISODE, episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    process(Keys.session("C1", "E1", "S1"), Fact.Kind.SESSION, session("C1", "S1", "E1", noon(DAY)).build());
    process(Keys.adverseEvent("C1", "E1", "A0"), Fact.Kind.ADVERSE_EVENT,
        adverseEvent("C1", "A0", "S1", "E1", AdverseEventCategory.BRUISING).build());
    assertThat(context.forwarded()).isEmpty();
    assertThat(context.committed()).as("no commit requested for an episode, a session, a minor event").isFalse();

    process(Keys.adverseEvent("C1", "E1", "A1"), Fact.Kind.ADVERSE_EVENT,
        adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.PNEUMOTHORAX).build());
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value()).isInstanceOf(EpisodeOutput.Sentinel.class);
    assertThat(context.committed()).as("a commit requested with the SENTINEL alert").isTrue();
    System.out.println("SentinelCommitTest: episode, session, BRUISING: no commit requested; PNEUMOTHORAX: "
        + "SENTINEL alert forwarded and a commit requested");
  }
}
