package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.registry.SchemaEvolution.Direction;
import org.dnregistry.registry.SchemaEvolution.Problem;
import org.junit.jupiter.api.Test;

/**
 * The current schemas against every released version (schemas/src/main/avro-released, see EVOLUTION.md): the
 * current schema must read every release (BACKWARD: compacted topics keep old records for ever) and every
 * release must read the current schema (FORWARD: consumers upgrade after producers).
 */
class SchemaEvolutionTest {
  private static final Path RELEASED = Path.of("src/main/avro-released");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyCurrentSchemaIsCompatibleWithEveryRelease() {
    List<Path> versions = SchemaRelease.versions(RELEASED);
    assertThat(versions).as("released versions under %s", RELEASED.toAbsolutePath()).isNotEmpty();
    Map<String, Schema> current = SchemaRelease.current();
    Map<String, String> retired = retired();
    var problems = new ArrayList<String>();
    for (Path version : versions) {
      String release = version.getFileName().toString();
      SchemaRelease.load(version).forEach((name, released) -> {
        Schema now = current.get(name);
        if (retired.containsKey(name + " " + release)) {
          return;
        }
        if (now == null) {
          problems.add(name + " was released in " + release + " but is no longer a topic record type");
        } else {
          SchemaEvolution.check(now, released, release).forEach(p -> problems.add(p.toString()));
        }
      });
    }
    assertThat(problems).as("schema changes that break readers (see schemas/EVOLUTION.md)").isEmpty();
  }

  /** "<record> <release>" -> the retired topic, from avro-released/RETIRED. */
  private static Map<String, String> retired() {
    try {
      var out = new java.util.TreeMap<String, String>();
      for (String line : java.nio.file.Files.readAllLines(RELEASED.resolve("RETIRED"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" ", 4);
        assertThat(parts).as("RETIRED line: <record> <release> <topic> <why>: " + line).hasSize(4);
        out.put(parts[0] + " " + parts[1], parts[2]);
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRetiredReleaseBelongsToATopicThatIsGone() {
    var topics = org.dnregistry.topics.Topics.ALL.stream().map(org.dnregistry.topics.TopicSpec::name).toList();
    assertThat(retired()).isNotEmpty().allSatisfy((type, topic) -> assertThat(topics).as(type).doesNotContain(topic));
  }

  @Test
  void theFirstReleaseHoldsEveryTopicRecordType() {
    assertThat(SchemaRelease.load(RELEASED.resolve("v1")).keySet())
        .containsExactlyInAnyOrderElementsOf(SchemaRelease.current().keySet());
  }

  // ---- the check itself can fail, and names the field

  @Test
  void aFieldAddedWithoutADefaultBreaksBackward() {
    Schema variant = edit(Clinic.getClassSchema(),
        s -> fields(s).addObject().put("name", "country").put("type", "string"));

    List<Problem> problems = SchemaEvolution.check(variant, Clinic.getClassSchema(), "v1");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.direction()).isEqualTo(Direction.BACKWARD);
      assertThat(p.field()).isEqualTo("Clinic.country");
      assertThat(p.toString()).contains("a field was added without a default").contains("Clinic.country");
    });
  }

  @Test
  void aSymbolRemovedFromAnEnumWithoutADefaultBreaksBackward() {
    Schema variant = new Schema.Parser().parse(Outcome.getClassSchema().toString().replace("\"WEEK_8\",", ""));

    List<Problem> problems = SchemaEvolution.check(variant, Outcome.getClassSchema(), "v1", Direction.BACKWARD);

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).startsWith("Outcome.timepoint");
      assertThat(p.kind()).isEqualTo("enum symbols were removed from an enum without a default");
      assertThat(p.detail()).contains("WEEK_8");
    });
  }

  @Test
  void aSymbolAddedToAnEnumWithoutADefaultBreaksForward() {
    Schema variant = new Schema.Parser().parse(
        Outcome.getClassSchema().toString().replace("\"MONTH_12\"", "\"MONTH_12\",\"MONTH_24\""));

    List<Problem> problems = SchemaEvolution.check(variant, Outcome.getClassSchema(), "v1");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.direction()).isEqualTo(Direction.FORWARD);
      assertThat(p.field()).startsWith("Outcome.timepoint");
      assertThat(p.detail()).contains("MONTH_24");
    });
  }

  @Test
  void aChangedTypeBreaksBothWays() {
    Schema variant = edit(Practitioner.getClassSchema(), s -> field(s, "trainingHours").put("type", "string"));

    List<Problem> problems = SchemaEvolution.check(variant, Practitioner.getClassSchema(), "v1");

    assertThat(problems).extracting(Problem::direction)
        .containsExactlyInAnyOrder(Direction.BACKWARD, Direction.FORWARD);
    assertThat(problems).allSatisfy(p -> {
      assertThat(p.field()).isEqualTo("Practitioner.trainingHours");
      assertThat(p.kind()).isEqualTo("a type was changed");
    });
  }

  @Test
  void aFieldRemovedThatHadNoDefaultBreaksForward() {
    Schema variant = edit(Session.getClassSchema(), s -> removeField(s, "practitionerId"));

    List<Problem> problems = SchemaEvolution.check(variant, Session.getClassSchema(), "v1");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.direction()).isEqualTo(Direction.FORWARD);
      assertThat(p.field()).isEqualTo("Session.practitionerId");
    });
  }

  @Test
  void aTypeChangeInsideAnArrayIsLocatedThere() {
    Schema variant = edit(Session.getClassSchema(),
        s -> ((ObjectNode) field(s, "regions").get("type")).put("items", "int"));

    assertThat(SchemaEvolution.check(variant, Session.getClassSchema(), "v1", Direction.BACKWARD))
        .extracting(Problem::field).contains("Session.regions[]");
  }

  @Test
  void safeChangesPass() {
    Schema withOptionalField = edit(Clinic.getClassSchema(), s -> fields(s).addObject().put("name", "website")
        .<ObjectNode>set("type", JSON.createArrayNode().add("null").add("string")).putNull("default"));
    Schema withNewIndication = new Schema.Parser().parse(
        Episode.getClassSchema().toString().replace("\"TMJ_PAIN\",", "\"TMJ_PAIN\",\"CALF_PAIN\","));
    Schema withoutDefaultedField = edit(Episode.getClassSchema(), s -> removeField(s, "plannedSessions"));

    assertThat(SchemaEvolution.check(withOptionalField, Clinic.getClassSchema(), "v1")).isEmpty();
    assertThat(SchemaEvolution.check(withNewIndication, Episode.getClassSchema(), "v1")).isEmpty();
    assertThat(SchemaEvolution.check(withoutDefaultedField, Episode.getClassSchema(), "v1")).isEmpty();
  }

  // ---- editing a schema as JSON

  private static Schema edit(Schema schema, Consumer<ObjectNode> change) {
    try {
      var tree = (ObjectNode) JSON.readTree(schema.toString());
      change.accept(tree);
      return new Schema.Parser().parse(JSON.writeValueAsString(tree));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArrayNode fields(ObjectNode record) {
    return (ArrayNode) record.get("fields");
  }

  private static ObjectNode field(ObjectNode record, String name) {
    for (JsonNode f : fields(record)) {
      if (f.get("name").asText().equals(name)) {
        return (ObjectNode) f;
      }
    }
    throw new IllegalArgumentException("no field " + name);
  }

  private static void removeField(ObjectNode record, String name) {
    ArrayNode fields = fields(record);
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).get("name").asText().equals(name)) {
        fields.remove(i);
        return;
      }
    }
    throw new IllegalArgumentException("no field " + name);
  }
}
