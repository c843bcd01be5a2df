package org.dnregistry.streams.topology;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.dnregistry.streams.intake.Fact;
import org.dnregistry.streams.intake.FactPartitioner;
import org.dnregistry.streams.intake.FactRouter;
import org.dnregistry.streams.intake.FactSerde;

/**
 * The input topics as one stream of facts, each in the task that needs it: sound facts only (impossible values are
 * dead-lettered by the router), clinical facts in their episode's task, reference data in every task. A fact that
 * is already where it belongs (every fact that ingest wrote) is not written again.
 */
final class Intake {
  private static final String IN_PLACE = "in-place";
  private static final String TO_MOVE = "to-move";

  private Intake() {}

  static KStream<String, Fact> facts(StreamsBuilder builder, TopologyOptions options, SerdeFactory serdes) {
    KStream<String, Fact> all = null;
    for (Fact.Kind kind : Fact.Kind.values()) {
      KStream<String, Fact> one = source(builder, kind, serdes);
      all = all == null ? one : all.merge(one, Named.as("merge-" + name(kind)));
    }
    Map<String, KStream<String, FactRouter.Routed>> routed = all
        .processValues(() -> new FactRouter(options.inputPartitions()), Named.as("route-facts"))
        .split(Named.as("facts-"))
        .branch((key, r) -> r.move(), Branched.as(TO_MOVE))
        .defaultBranch(Branched.as(IN_PLACE));
    KStream<String, Fact> moved = routed.get("facts-" + TO_MOVE)
        .mapValues(FactRouter.Routed::fact, Named.as("unwrap-facts-to-move"))
        .repartition(Repartitioned.<String, Fact>as(StoreNames.MOVED_FACTS).withKeySerde(StoreFactory.KEYS)
            .withValueSerde(new FactSerde(serdes)).withStreamPartitioner(new FactPartitioner()));
    return routed.get("facts-" + IN_PLACE)
        .mapValues(FactRouter.Routed::fact, Named.as("unwrap-facts-in-place"))
        .merge(moved, Named.as("merge-moved-facts"));
  }

  @SuppressWarnings("unchecked")
  private static KStream<String, Fact> source(StreamsBuilder builder, Fact.Kind kind, SerdeFactory serdes) {
    var values = (org.apache.kafka.common.serialization.Serde<SpecificRecord>) serdes.avro(kind.topic().valueType());
    return builder.stream(kind.topic().name(), Consumed.with(StoreFactory.KEYS, values).withName("read-" + name(kind)))
        .mapValues(value -> new Fact(kind, value), Named.as("fact-" + name(kind)));
  }

  private static String name(Fact.Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
