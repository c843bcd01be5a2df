package org.dnregistry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.testing.Events;
import org.dnregistry.streams.testing.RegistryDriver;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void countsASessionAndItsAdverseEvent() {
    LocalDate day = LocalDate.of(2026, 3, 4);
    try (var d = new RegistryDriver()) {
      System.out.println(RegistryTopology.build(new org.apache.kafka.streams.StreamsBuilder(), TopologyOptions.defaults(), d.serdes).describe());
      d.put(Events.adverseEvent("C1", "A1", "S1", "E1", AdverseEventCategory.BRUISING).build());
      d.put(Events.session("C1", "S1", "E1", Events.noon(day)).build());
      d.put(Events.episode("C1", "E1", Indication.NECK_PAIN, day).build());
      var b = d.bucket("network|ALL", day);
      assertThat(b.sessions()).isEqualTo(1);
      assertThat(b.events(ComplicationCategory.BRUISING)).isEqualTo(1);
      assertThat(b.events(ComplicationCategory.ANY_MINOR)).isEqualTo(1);
      d.buckets().all().forEachRemaining(kv -> System.out.println(kv.key + " " + kv.value));
    }
  }
}
