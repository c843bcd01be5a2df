package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.Episode;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our wire format as Confluent's own clients see it: Confluent's official Node client
 * ({@code @confluentinc/schemaregistry}, see {@link ConfluentNodeClient}) decodes frames our {@link AvroSerializer}
 * wrote, and our {@link AvroDeserializer} reads frames it wrote, both against the local Apicurio registry.
 */
@ExtendWith(LocalStackExtension.class)
class ConfluentClientCompatIT {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static ConfluentNodeClient confluent;

  private final LocalStack stack;

  ConfluentClientCompatIT(LocalStack stack) {
    this.stack = stack;
  }

  @BeforeAll
  static void installConfluentsNodeClient() {
    confluent = ConfluentNodeClient.install();
    assertThat(confluent.version()).as("installed " + ConfluentNodeClient.PACKAGE).isEqualTo(confluent.pinned());
  }

  private record Frame(TopicSpec<?> topic, SpecificRecord sent, byte[] bytes) {}

  @Test
  void confluentsNodeClientDecodesWhatOurSerializerWrote() {
    var sent = List.<Map.Entry<TopicSpec<?>, SpecificRecord>>of(
        Map.entry(Topics.EPISODES, RoundTripSamples.episode()),
        Map.entry(Topics.EPISODES, RoundTripSamples.episodeMinimal()),
        Map.entry(Topics.SESSIONS, RoundTripSamples.session()),
        Map.entry(Topics.SESSIONS, RoundTripSamples.sessionMinimal()),
        Map.entry(Topics.ADVERSE_EVENTS, RoundTripSamples.adverseEvent()),
        Map.entry(Topics.ADVERSE_EVENTS, RoundTripSamples.adverseEventMinimal()));
    var frames = new ArrayList<Frame>();
    try (SchemaRegistryClient registry = registry();
         var serializer = new AvroSerializer<SpecificRecord>(registry, false, true)) {
      for (var entry : sent) {
        frames.add(new Frame(entry.getKey(), entry.getValue(),
            serializer.serialize(entry.getKey().name(), entry.getValue())));
      }
    }
    ArrayNode jobs = NODES.arrayNode();
    for (Frame frame : frames) {
      jobs.addObject().put("topic", frame.topic().name())
          .put("frame", Base64.getEncoder().encodeToString(frame.bytes()));
    }

    JsonNode decoded = confluent.run("decode", stack.schemaRegistryUrl(), jobs);

    assertThat(decoded.size()).isEqualTo(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      JsonNode expected = AvscJson.of(frames.get(i).sent());
      assertThat(AvscJson.sameValues(decoded.get(i), expected))
          .as("decoded by Confluent's client:%n%s%nsent:%n%s", decoded.get(i), expected).isTrue();
    }
    // The same, field by field, for the types a Node consumer is most likely to get wrong.
    Episode episode = RoundTripSamples.episode();
    JsonNode episodeRead = decoded.get(0);
    assertThat(episodeRead.get("startDate").asLong()).isEqualTo(episode.getStartDate().toEpochDay());
    assertThat(episodeRead.get("indication").asText()).isEqualTo("NECK_PAIN");
    assertThat(episodeRead.get("etiology").asText()).isEqualTo("MYOFASCIAL");
    assertThat(episodeRead.get("priorCare")).extracting(JsonNode::asText)
        .containsExactly("EXERCISE", "HEAT", "NSAID_OR_ACETAMINOPHEN");
    assertThat(episodeRead.get("plannedSessions").asInt()).isEqualTo(6);
    JsonNode episodeMinimalRead = decoded.get(1);
    assertThat(episodeMinimalRead.get("startDate").asLong()).isEqualTo(-1); // 1969-12-31
    assertThat(episodeMinimalRead.get("etiology").isNull()).isTrue();
    assertThat(episodeMinimalRead.get("priorCare")).isEmpty();
    JsonNode sessionRead = decoded.get(2);
    assertThat(sessionRead.get("occurredAt").asLong()).isEqualTo(RoundTripSamples.AT.toEpochMilli());
    assertThat(sessionRead.get("needleDiameterMm").doubleValue()).isEqualTo(0.25);
    assertThat(sessionRead.get("needleLengthMm").doubleValue()).isEqualTo(40.0);
    assertThat(sessionRead.get("twitchResponse").booleanValue()).isTrue();
    JsonNode sessionMinimalRead = decoded.get(3);
    assertThat(sessionMinimalRead.get("needleDiameterMm").isNull()).isTrue();
    assertThat(sessionMinimalRead.get("needleLengthMm").isNull()).isTrue();
    assertThat(sessionMinimalRead.get("modality").asText()).isEqualTo("ACUPUNCTURE");
    JsonNode adverseEventRead = decoded.get(4);
    assertThat(adverseEventRead.get("category").asText()).isEqualTo("BRUISING");
    assertThat(adverseEventRead.get("serious").booleanValue()).isFalse();
    assertThat(adverseEventRead.get("description").asText())
        .isEqualTo(RoundTripSamples.adverseEvent().getDescription());
    JsonNode adverseEventMinimalRead = decoded.get(5);
    assertThat(adverseEventMinimalRead.get("serious").booleanValue()).isTrue();
    assertThat(adverseEventMinimalRead.get("description").isNull()).isTrue();
  }

  @Test
  void ourDeserializerReadsWhatConfluentsNodeClientWrote() {
    String run = "it.confluent-node." + ProcessHandle.current().pid() + "-" + System.nanoTime();
    var topics = List.of(run + ".episodes", run + ".sessions", run + ".adverse-events");
    var records = List.<List<SpecificRecord>>of(
        List.of(RoundTripSamples.episode(), RoundTripSamples.episodeMinimal()),
        List.of(RoundTripSamples.session(), RoundTripSamples.sessionMinimal()),
        List.of(RoundTripSamples.adverseEvent(), RoundTripSamples.adverseEventMinimal()));
    ArrayNode jobs = NODES.arrayNode();
    for (int t = 0; t < topics.size(); t++) {
      var job = jobs.addObject().put("topic", topics.get(t))
          .put("schema", records.get(t).get(0).getSchema().toString());
      ArrayNode values = job.putArray("records");
      records.get(t).forEach(r -> values.add(AvscJson.of(r)));
    }

    JsonNode written = confluent.run("encode", stack.schemaRegistryUrl(), jobs);

    assertThat(written.size()).isEqualTo(topics.size());
    try (SchemaRegistryClient registry = registry()) {
      for (int t = 0; t < topics.size(); t++) {
        String topic = topics.get(t);
        List<SpecificRecord> expected = records.get(t);
        Class<? extends SpecificRecord> type = expected.get(0).getClass();
        int id = written.get(t).get("id").asInt();
        // Node registered the schema indented, as from an .avsc file: the registry knows it as our schema.
        assertThat(registry.lookup(topic + "-value", expected.get(0).getSchema())).as(topic).contains(id);
        try (var reader = new AvroDeserializer<SpecificRecord>(registry, type)) {
          JsonNode frames = written.get(t).get("frames");
          assertThat(frames.size()).isEqualTo(expected.size());
          for (int i = 0; i < expected.size(); i++) {
            byte[] frame = Base64.getDecoder().decode(frames.get(i).asText());
            assertThat(frame[0]).as("magic byte").isZero();
            assertThat(ByteBuffer.wrap(frame, 1, 4).getInt()).as("schema id in the frame").isEqualTo(id);
            assertThat(reader.deserialize(topic, frame)).as(topic + " record " + i).isEqualTo(expected.get(i));
          }
        }
      }
    }
  }

  private SchemaRegistryClient registry() {
    return SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
  }
}
