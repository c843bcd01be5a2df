package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.Test;

/**
 * {@code studySessions} (REFERENCE section 2) was added to Baseline after release v1: the data both ways, through the
 * project's serdes and registry rules, not only the schema check of {@link SchemaEvolutionTest}.
 */
class BaselineEvolutionTest {
  private static final Schema V1 =
      SchemaRelease.load(Path.of("src/main/avro-released/v1")).get(Baseline.getClassSchema().getFullName());
  private static final String TOPIC = Topics.BASELINES.name();

  @Test
  void aBaselineWrittenWithTheReleasedSchemaReadsWithoutStudySessions() {
    var registry = new InMemorySchemaRegistryClient();
    GenericRecord old = new GenericData.Record(V1);
    old.put("category", new GenericData.EnumSymbol(V1.getField("category").schema(), "BRUISING"));
    old.put("source", "Brady 2014");
    old.put("low", 0.0755);
    old.put("high", 0.0755);
    old.put("indication", null);
    old.put("citation", "Brady S, et al.");
    byte[] frame = new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, old);

    Baseline read = (Baseline) new AvroDeserializer<Baseline>(registry, Baseline.class).deserialize(TOPIC, frame);

    assertThat(read.getSource()).isEqualTo("Brady 2014");
    assertThat(read.getHigh()).isEqualTo(0.0755);
    assertThat(read.getStudySessions()).isNull();
  }

  @Test
  void theRegistryAcceptsTheNewVersionAfterTheReleasedOne() {
    var registry = new InMemorySchemaRegistryClient();
    String subject = TOPIC + "-value";
    registry.register(subject, V1);

    assertThat(registry.isCompatible(subject, Baseline.getClassSchema())).isTrue();
    assertThat(registry.register(subject, Baseline.getClassSchema())).isEqualTo(2);
  }

  @Test
  void aConsumerOnTheReleasedSchemaReadsANewBaselineAndIgnoresStudySessions() throws IOException {
    Baseline now = Baseline.newBuilder().setCategory(ComplicationCategory.ANY_MINOR).setSource("Boyce 2020")
        .setLow(0.368).setHigh(0.368).setStudySessions(20_464L).setCitation("Boyce D, et al.").build();
    var bytes = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(Baseline.class).write(now, encoder);
    encoder.flush();

    GenericRecord old = new GenericDatumReader<GenericRecord>(Baseline.getClassSchema(), V1)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(old.get("source").toString()).isEqualTo("Boyce 2020");
    assertThat(old.get("high")).isEqualTo(0.368);
    assertThat(old.get("citation").toString()).isEqualTo("Boyce D, et al.");
    assertThat(old.getSchema().getField("studySessions")).isNull();
  }

  @Test
  void aNewBaselineWithoutStudySessionsDefaultsToNull() {
    Baseline b = Baseline.newBuilder().setCategory(ComplicationCategory.BRUISING).setSource("X").setLow(0.1)
        .setHigh(0.1).build();
    assertThat(b.getStudySessions()).isNull();
  }
}
