package org.dnregistry.streams.topology;

import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.dnregistry.avro.internal.Contribution;
import org.dnregistry.avro.internal.Counters;
import org.dnregistry.avro.internal.DayContribution;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.SeriesDelta;

/** Serdes of the topology's own values: domain objects carried as internal Avro records. */
final class InternalSerdes {
  private InternalSerdes() {}

  static Serde<DayCounters> dayCounters(SerdeFactory serdes) {
    return mapped(serdes.avro(Counters.class), DayCounters::fromAvro, DayCounters::toAvro);
  }

  static Serde<org.dnregistry.streams.buckets.Contribution> contribution(SerdeFactory serdes) {
    return mapped(serdes.avro(Contribution.class),
        org.dnregistry.streams.buckets.Contribution::fromAvro, org.dnregistry.streams.buckets.Contribution::toAvro);
  }

  static Serde<SeriesDelta> seriesDelta(SerdeFactory serdes) {
    return mapped(serdes.avro(DayContribution.class), SeriesDelta::fromAvro, SeriesDelta::toAvro);
  }

  private static <A extends SpecificRecord, D> Serde<D> mapped(Serde<A> avro, Function<A, D> read, Function<D, A> write) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : avro.serializer().serialize(topic, write.apply(value)),
        (topic, bytes) -> {
          A a = avro.deserializer().deserialize(topic, bytes);
          return a == null ? null : read.apply(a);
        });
  }
}
