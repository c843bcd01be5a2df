package org.dnregistry.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dnregistry.localstack.LocalKafka;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.oracle.CommittedInputs;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.query.InstancesAgree;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The streams role ({@code Main streams}, a child JVM) against a broker of its own, which these tests stop and
 * break: the shared test broker stays untouched. The schema registry is the shared one.
 *
 * <ul>
 *   <li>Broker down longer than {@code task.timeout.ms} in the middle of processing: the instance recovers when the
 *       broker is back, or ends non-zero (then a restart, as its supervisor would, recovers); it never hangs, and
 *       its figures then equal the oracle.</li>
 *   <li>A fatal error (an input topic deleted under it): the process ends non-zero within a bound, and its
 *       {@code /health} never says STARTING once it has said DOWN (issue 10, defect 4).</li>
 * </ul>
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(900)
class StreamsBrokerFaultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(300);
  /** Far below the 5 min default, so the outage outlasts it in a bounded test. */
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  private Path dir;
  private LocalKafka kafka;
  private LocalStack shared;
  private SchemaRegistryClient registry;
  private final List<StreamsProcess> started = new ArrayList<>();

  @BeforeAll
  void startBroker(LocalStack shared) throws Exception {
    this.shared = shared;
    dir = Files.createTempDirectory("streams-broker-faults-");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    TopicSetup.createTopics(kafka.bootstrapServers(), LocalStackExtension.PARTITIONS, (short) 1);
    registry = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, shared.schemaRegistryUrl()));
  }

  @AfterEach
  void stopStreams() throws InterruptedException {
    for (StreamsProcess s : started) {
      s.close();
    }
    started.clear();
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.stop();
    }
    if (registry != null) {
      registry.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private StreamsProcess streams(String name, Map<String, String> extra) {
    var s = StreamsProcess.configure(dir.resolve(name), kafka.bootstrapServers(), shared.schemaRegistryUrl(),
        name + "-" + UUID.randomUUID().toString().substring(0, 8), extra);
    started.add(s);
    return s;
  }

  @Test
  @Order(1)
  void brokerDownLongerThanTheTaskTimeoutThenBackTheFiguresEqualTheOracleAndNothingHangs() throws Exception {
    CommittedInputs.produce(kafka.bootstrapServers(), registry, HistoryGenerator.generate(20261208L, 60));
    var oracle = Oracle.of(CommittedInputs.readBack(kafka.bootstrapServers(), registry, WAIT));
    var streams = streams("broker-down", Map.of("kafka.task.timeout.ms", Long.toString(TASK_TIMEOUT.toMillis())));
    String applicationId = streams.applicationId();
    streams.start();
    try (Admin admin = admin()) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (committedInputs(admin, applicationId) == 0) {
        assertThat(System.nanoTime()).as("processing started; log:%n%s", streams.logTail(40)).isLessThan(deadline);
        assertThat(streams.isAlive()).as("streams alive; log:%n%s", streams.logTail(40)).isTrue();
        Thread.sleep(50);
      }
    }
    String bootstrap = kafka.bootstrapServers();
    kafka.stop();
    long down = System.nanoTime();
    System.out.printf("StreamsBrokerFaultsIT: injected: broker stopped in the middle of processing, for %d s"
        + " (task.timeout.ms %d)%n", OUTAGE.toSeconds(), TASK_TIMEOUT.toMillis());
    Optional<Integer> exitDuringOutage = streams.awaitExit(OUTAGE);
    kafka = LocalKafka.start(dir.resolve("kafka"));
    assertThat(kafka.bootstrapServers()).as("the broker back on its address").isEqualTo(bootstrap);
    long back = System.nanoTime();

    var instance = new InstancesAgree(List.of(streams.url()), StreamsProcess.VIEWER);
    String outcome;
    Optional<Integer> exit = exitDuringOutage;
    long deadline = back + WAIT.toNanos();
    boolean caughtUp = false;
    while (exit.isEmpty() && !caughtUp) {
      assertThat(System.nanoTime()).as("within %s of the broker's return the instance serves the oracle's"
          + " figures or has exited (it must never hang); log:%n%s", WAIT, streams.logTail(60)).isLessThan(deadline);
      caughtUp = caughtUp(instance, oracle);
      exit = streams.awaitExit(Duration.ofMillis(500));
    }
    if (caughtUp) {
      outcome = "recovered without a restart";
    } else {
      assertThat(exit.get()).as("a streams role that gave up exits non-zero; log:%n%s", streams.logTail(60))
          .isNotZero();
      outcome = "exited with code " + exit.get() + (exitDuringOutage.isPresent() ? " during the outage" : " after it")
          + ", then restarted as its supervisor would";
      streams.start();
      while (!caughtUp(instance, oracle)) {
        assertThat(System.nanoTime()).as("the restarted instance caught up; log:%n%s", streams.logTail(60))
            .isLessThan(deadline);
        assertThat(streams.isAlive()).as("restarted instance alive; log:%n%s", streams.logTail(60)).isTrue();
        Thread.sleep(500);
      }
    }
    long recoveredMs = (System.nanoTime() - back) / 1_000_000;
    List<LocalDate> asOfs = new ArrayList<>();
    asOfs.add(null);
    int compared = instance.figures(oracle, asOfs, List.of("ALL", "NECK_PAIN"), List.of("30", "all"), TODAY);
    System.out.printf("StreamsBrokerFaultsIT: verified: %s; figures equal the oracle %d ms after the broker was back"
        + " (%d ms after it went down); %d answers compared%n", outcome, recoveredMs,
        (System.nanoTime() - down) / 1_000_000, compared);
  }

  @Test
  @Order(2)
  void aFatalErrorEndsTheProcessNonZeroAndHealthNeverSaysStartingOnceDown() throws Exception {
    var streams = streams("fatal", Map.of());
    streams.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!streams.ready()) {
      assertThat(System.nanoTime()).as("ready; log:%n%s", streams.logTail(40)).isLessThan(deadline);
      assertThat(streams.isAlive()).as("alive; log:%n%s", streams.logTail(40)).isTrue();
      Thread.sleep(250);
    }
    String deleted = Topics.OUTCOMES.name();
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(deleted)).all().get();
    }
    long injected = System.nanoTime();
    System.out.printf("StreamsBrokerFaultsIT: injected: input topic %s deleted under a running instance%n", deleted);
    var statuses = new ArrayList<String>();
    boolean sawDown = false;
    Optional<Integer> exit = Optional.empty();
    long bound = injected + Duration.ofSeconds(90).toNanos();
    while (exit.isEmpty()) {
      assertThat(System.nanoTime()).as("the process ended within 90 s of the fatal error; /health said %s; log:%n%s",
          statuses, streams.logTail(60)).isLessThan(bound);
      var health = streams.health();
      if (health.isPresent()) {
        String status = JSON.readTree(health.get().body()).path("status").asText();
        if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
          statuses.add(status);
        }
        if (sawDown) {
          assertThat(status).as("/health after it said DOWN").isEqualTo("DOWN");
        }
        sawDown |= status.equals("DOWN");
      }
      exit = streams.awaitExit(Duration.ofMillis(100));
    }
    long exitedMs = (System.nanoTime() - injected) / 1_000_000;
    // The broker's topics whole again, for whatever runs next on it.
    TopicSetup.createTopics(kafka.bootstrapServers(), LocalStackExtension.PARTITIONS, (short) 1);
    assertThat(exit.get()).as("exit code; log:%n%s", streams.logTail(60)).isNotZero();
    System.out.printf("StreamsBrokerFaultsIT: verified: exited with code %d %d ms after the fatal error; /health"
        + " said %s meanwhile%n", exit.get(), exitedMs, statuses);
  }

  private static boolean caughtUp(InstancesAgree instance, Oracle oracle) {
    try {
      instance.figures(oracle, Collections.singletonList(null), List.of("ALL"), List.of("all"), TODAY);
      return true;
    } catch (AssertionError | RuntimeException e) {
      return false;
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static long committedInputs(Admin admin, String applicationId) throws Exception {
    var inputs = Topics.INPUTS.stream().map(t -> t.name()).toList();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }
}
