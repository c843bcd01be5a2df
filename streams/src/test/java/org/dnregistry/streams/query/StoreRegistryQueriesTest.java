package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnregistry.streams.testing.Events.adverseEvent;
import static org.dnregistry.streams.testing.Events.baseline;
import static org.dnregistry.streams.testing.Events.clinic;
import static org.dnregistry.streams.testing.Events.episode;
import static org.dnregistry.streams.testing.Events.noon;
import static org.dnregistry.streams.testing.Events.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.http.Health;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.streams.topology.StoreNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RegistryQueries the query API reads, over the topology's stores. */
class StoreRegistryQueriesTest {
  static final LocalDate DAY = LocalDate.of(2026, 5, 4);
  final RegistryDriver d = new RegistryDriver();

  @AfterEach
  void close() {
    d.close();
  }

  private StoreRegistryQueries queries() {
    return new StoreRegistryQueries(d.figures(), () -> true,
        new StoreBaselines(() -> d.driver.getKeyValueStore(StoreNames.BASELINES)),
        () -> d.driver.getKeyValueStore(StoreNames.ALERTS),
        () -> {
          var ids = new ArrayList<String>();
          try (var it = d.driver.<String, Object>getKeyValueStore(StoreNames.REFERENCE_CLINICS).all()) {
            it.forEachRemaining(kv -> ids.add(kv.key));
          }
          return ids;
        });
  }

  @Test
  void anInstanceWhoseStreamsStoppedOrFailedIsDownNeverStarting() {
    assertThat(StoreRegistryQueries.health(KafkaStreams.State.RUNNING)).isEqualTo(Health.UP);
    assertThat(StoreRegistryQueries.health(KafkaStreams.State.CREATED)).isEqualTo(Health.STARTING);
    assertThat(StoreRegistryQueries.health(KafkaStreams.State.REBALANCING)).isEqualTo(Health.STARTING);
    for (var dead : List.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
        KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING)) {
      assertThat(StoreRegistryQueries.health(dead)).as(dead.name()).isEqualTo(Health.DOWN);
    }
  }

  @Test
  void figuresBaselinesClinicsAndAlertsSince() {
    var q = queries();
    assertThat(q.defaultAsOf()).isEmpty();
    d.put(clinic("C9", "CO").build());
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    d.put(session("C1", "S1", "E1", noon(DAY)).build());
    d.put(baseline(ComplicationCategory.SERIOUS, "Boyce 2020", 0.000977, 0.000977).build());
    Instant before = Instant.EPOCH;
    d.put(adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.INFECTION).setSerious(true).build());
    d.publish();

    assertThat(q.defaultAsOf()).contains(DAY);
    assertThat(q.clinics()).containsExactly("C1", "C9");
    JsonNode complications = q.complications("network", "ALL", "30", DAY);
    assertThat(complications.get("rows").get(ComplicationCategory.SERIOUS.ordinal()).get("events").asLong())
        .isEqualTo(1);
    assertThat(q.efficacy("clinic:C1", "ALL", "all", DAY).get("rows")).hasSize(32);
    assertThat(q.compliance("network", "all", DAY).get("total")).hasSize(9);

    JsonNode b = q.baselines().get(0);
    assertThat(b.get("category").asText()).isEqualTo("SERIOUS");
    assertThat(b.get("low").asDouble()).isEqualTo(0.000977);
    assertThat(b.get("indication").isNull()).isTrue();

    var alerts = q.alerts(before);
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0);
    assertThat(alert.get("kind").asText()).isEqualTo("SENTINEL");
    assertThat(alert.get("category").asText()).isEqualTo("INFECTION");
    assertThat(alert.get("asOf").asText()).isEqualTo(DAY.toString());
    Instant raisedAt = Instant.parse(alert.get("raisedAt").asText());
    assertThat(q.alerts(raisedAt)).hasSize(1);
    assertThat(q.alerts(raisedAt.plusMillis(1))).isEmpty();
  }

  @Test
  void aSignalsReferencesAreAJsonArray() {
    var q = queries();
    d.put(baseline(ComplicationCategory.BRUISING, "Boyce 2020", 0.077, 0.077).setStudySessions(20_464L).build());
    d.put(episode("C1", "E1", Indication.NECK_PAIN, DAY).build());
    // 20 sessions, 10 bruises: W = 10 ln 2 - 20 * 0.077 = 5.39 a day, a signal on the second day.
    for (int day = 0; day < 2; day++) {
      for (int i = 0; i < 20; i++) {
        String id = "S" + day + "-" + i;
        d.put(session("C1", id, "E1", noon(DAY.plusDays(day))).build());
        if (i < 10) {
          d.put(adverseEvent("C1", "A" + id, id, "E1", AdverseEventCategory.BRUISING).build());
        }
      }
    }
    d.evaluate();

    JsonNode signal = q.alerts(Instant.EPOCH).stream().filter(a -> a.get("scope").asText().equals("clinic:C1"))
        .filter(a -> a.get("kind").asText().equals("SIGNAL")).findFirst().orElseThrow();
    assertThat(signal.get("references").isArray()).as(signal.toString()).isTrue();
    assertThat(signal.get("references").get(0).asText()).isEqualTo("CHRONIC_LOW_BACK_PAIN=Boyce 2020 (0.077)");
    assertThat(signal.get("references")).hasSize(Indication.values().length);
  }
}
