package org.dnregistry.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.dnregistry.avro.Episode;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.ingest.events.FactMapper;
import org.dnregistry.ingest.http.BodyFormat;
import org.dnregistry.ingest.http.BodyParser;
import org.dnregistry.ingest.http.ParsedBody;
import org.dnregistry.ingest.validation.EventValidator;
import org.dnregistry.ingest.validation.Validation;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against the real broker and registry: every acknowledged event is on its topic exactly as sent
 * (pseudonymised), read back read_committed through the AvroDeserializer; refused requests write nothing.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestKafkaIT {
  LocalStack stack;
  IngestApplication app;
  GatewayClient client;
  SchemaRegistryClient registry;
  /** Ids of this run, so records of other tests in the shared topics are told apart. */
  final String run = "it" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void start(LocalStack stack, @TempDir Path dir) throws Exception {
    this.stack = stack;
    // Production mode serves /metrics only where configured: here on the main port, as an operator may choose.
    app = IngestApplication.start(ItSettings.settings(dir, stack.bootstrapServers(), stack.schemaRegistryUrl(),
        Map.of("ingest.metrics.open", "true")));
    client = new GatewayClient(app.url());
    client.awaitReady(Duration.ofSeconds(60));
    registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
        stack.schemaRegistryUrl()));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  String id(String s) {
    return run + "-" + s;
  }

  /** What the gateway should have written for these events: mapped independently of the HTTP path. */
  static List<Fact> expected(List<? extends JsonNode> events) {
    var validator = new EventValidator(java.time.Clock.systemUTC());
    var mapper = new FactMapper(ItSettings.PSEUDONYMS);
    var facts = new ArrayList<Fact>();
    for (JsonNode e : events) {
      var parsed = (ParsedBody.Events) BodyParser.parse(e.toString().getBytes(StandardCharsets.UTF_8),
          BodyFormat.JSON);
      var v = validator.validate(parsed.events().get(0), 0);
      assertThat(v).as("test event %s", e).isInstanceOf(Validation.Valid.class);
      facts.add(mapper.toFact(((Validation.Valid) v).event()));
    }
    return facts;
  }

  Map<String, List<CommittedRecords.Read>> readBack(EventType... types) {
    var byKey = new HashMap<String, List<CommittedRecords.Read>>();
    for (EventType t : types) {
      for (var r : CommittedRecords.read(stack.bootstrapServers(), registry, t.topic(), k -> k.contains(run))) {
        byKey.computeIfAbsent(t.topic().name() + " " + r.key(), k -> new ArrayList<>()).add(r);
      }
    }
    return byKey;
  }

  static String array(List<? extends JsonNode> events) {
    return events.stream().map(JsonNode::toString).collect(Collectors.joining(",", "[", "]"));
  }

  static String ndjson(List<? extends JsonNode> events) {
    return events.stream().map(JsonNode::toString).collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void everyAcknowledgedEventIsOnItsTopicExactlyAsSentAndPseudonymised() {
    var clinical = List.<ObjectNode>of(
        TestEvents.episode("C1", id("x-E1"), "patient-" + run),
        TestEvents.session("C1", id("x-S1"), id("x-E1")),
        TestEvents.outcome("C1", id("x-E1"), "NPRS", "BASELINE", 7.25),
        TestEvents.adverseEvent("C1", id("x-A1"), id("x-S1"), id("x-E1")));
    var correction = List.<ObjectNode>of(
        TestEvents.outcome("C1", id("x-E1"), "NPRS", "BASELINE", 6.5),
        TestEvents.JSON.createObjectNode().put("type", "adverse_event").put("adverseEventId", id("x-A1"))
            .put("clinicId", "C1").put("episodeId", id("x-E1")).put("retracted", true));
    var reference = List.<ObjectNode>of(
        TestEvents.clinic(id("x-C9")),
        TestEvents.practitioner(id("x-P1"), "C1"),
        TestEvents.baseline("BRUISING", id("x-src"), 0.05, 0.08));

    var r1 = client.post(ItSettings.CLINIC_1, "application/json", array(clinical));
    assertThat(r1.statusCode()).as(r1.body()).isEqualTo(202);
    var r2 = client.post(ItSettings.CLINIC_1, "application/x-ndjson", ndjson(correction));
    assertThat(r2.statusCode()).as(r2.body()).isEqualTo(202);
    var r3 = client.post(ItSettings.ADMIN, "application/json", array(reference));
    assertThat(r3.statusCode()).as(r3.body()).isEqualTo(202);

    var all = new ArrayList<ObjectNode>(clinical);
    all.addAll(correction);
    all.addAll(reference);
    List<Fact> expected = expected(all);

    var got = readBack(EventType.values());
    for (Fact f : expected) {
      assertThat(got).as("records of %s %s", f.topic(), f.key()).containsKey(f.topic() + " " + f.key());
    }
    // Per key, the records appear in the order sent: upsert, then correction or retraction.
    var expectedByKey = expected.stream().collect(Collectors.groupingBy(f -> f.topic() + " " + f.key(),
        java.util.LinkedHashMap::new, Collectors.mapping(Fact::value, Collectors.toList())));
    expectedByKey.forEach((key, values) -> assertThat(got.get(key)).extracting(CommittedRecords.Read::value)
        .as(key).containsExactlyElementsOf(values));
    // Nothing else was written: every record of this test's ids is one of the expected ones.
    assertThat(got.entrySet().stream().filter(e -> e.getKey().contains(id("x-")))
        .mapToInt(e -> e.getValue().size()).sum()).isEqualTo(expected.size());

    Episode episode = (Episode) got.get(Topics.EPISODES.name() + " C1|" + id("x-E1")).get(0).value();
    assertThat(episode.getPatientPseudonym()).isEqualTo(ItSettings.PSEUDONYMS.pseudonym("patient-" + run));
    assertThat(got.get(Topics.ADVERSE_EVENTS.name() + " C1|" + id("x-E1") + "|" + id("x-A1")).get(1).value())
        .isNull();
    // Every fact of an episode is in the episode's partition (EpisodePartitioner).
    int episodePartition = got.get(Topics.EPISODES.name() + " C1|" + id("x-E1")).get(0).partition();
    assertThat(got.get(Topics.SESSIONS.name() + " C1|" + id("x-E1") + "|" + id("x-S1")).get(0).partition())
        .isEqualTo(episodePartition);
    assertThat(got.get(Topics.ADVERSE_EVENTS.name() + " C1|" + id("x-E1") + "|" + id("x-A1")))
        .extracting(CommittedRecords.Read::partition).containsOnly(episodePartition);
    // Upserts and corrections of one fact share its key, hence its partition.
    assertThat(got.get(Topics.OUTCOMES.name() + " C1|" + id("x-E1") + "|NPRS|BASELINE"))
        .extracting(CommittedRecords.Read::partition).containsOnly(episodePartition);
    assertThat(registry.latest(Topics.EPISODES.valueSubject()).schema()).isEqualTo(Topics.EPISODES.valueSchema());
  }

  @Test
  void refusedRequestsWriteNothing() {
    var invalid = List.of(TestEvents.session("C1", id("bad-S1"), id("E1")),
        TestEvents.outcome("C1", id("bad-E1"), "NPRS", "WEEK_2", 11));
    assertThat(client.post(ItSettings.CLINIC_1, "application/json", array(invalid)).statusCode()).isEqualTo(422);
    var crossClinic = List.of(TestEvents.session("C1", id("bad-S2"), id("E1")),
        TestEvents.session("C2", id("bad-S3"), id("E1")));
    assertThat(client.post(ItSettings.CLINIC_1, "application/json", array(crossClinic)).statusCode())
        .isEqualTo(403);
    assertThat(client.post(ItSettings.ADMIN, "application/json", array(List.of(
        TestEvents.clinic(id("bad-C1")), TestEvents.episode("C1", id("bad-E2"), "p")))).statusCode())
        .isEqualTo(403);
    // A request acknowledged after the refused ones: once it is readable, so would they be.
    var marker = TestEvents.session("C1", id("marker"), id("E1"));
    assertThat(client.post(ItSettings.CLINIC_1, "application/json", marker.toString()).statusCode()).isEqualTo(202);

    var got = readBack(EventType.values());
    assertThat(got).containsKey(Topics.SESSIONS.name() + " C1|" + id("E1") + "|" + id("marker"));
    assertThat(got.keySet()).noneMatch(k -> k.contains(id("bad-")));
  }

  @Test
  void concurrentRequestsAreEachWrittenOnceWithoutLossOrDuplicates() throws Exception {
    int clients = 8;
    int requestsPerClient = 40;
    int eventsPerRequest = 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    var futures = new ArrayList<Future<Integer>>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        int accepted = 0;
        for (int i = 0; i < requestsPerClient; i++) {
          var events = new ArrayList<ObjectNode>();
          for (int e = 0; e < eventsPerRequest; e++) {
            events.add(TestEvents.session("C1", id("c" + client + "-r" + i + "-e" + e), id("E1")));
          }
          var r = this.client.post(ItSettings.CLINIC_1, "application/json", array(events));
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          accepted += TestEvents.JSON.readTree(r.body()).get("accepted").asInt();
        }
        return accepted;
      }));
    }
    int accepted = 0;
    for (var f : futures) {
      accepted += f.get();
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(clients * requestsPerClient * eventsPerRequest);

    var sessions = CommittedRecords.read(stack.bootstrapServers(), registry, Topics.SESSIONS,
        k -> k.contains(id("c")));
    assertThat(sessions).hasSize(accepted);
    assertThat(sessions.stream().map(CommittedRecords.Read::key).distinct().count()).isEqualTo(accepted);
    var metrics = client.get("/metrics").body();
    assertThat(metrics).contains("ingest_kafka_batch_requests_count");
  }

  @Test
  void healthIsReadyAndMetricsAreServed() {
    assertThat(client.get("/health").statusCode()).isEqualTo(200);
    assertThat(client.get("/metrics").body()).contains("ingest_http_requests_seconds_count");
  }
}
