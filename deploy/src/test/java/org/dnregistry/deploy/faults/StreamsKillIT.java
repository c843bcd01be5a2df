package org.dnregistry.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.LocalStackExtension;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.streams.oracle.CommittedInputs;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.query.InstancesAgree;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 0: the streams role ({@code Main streams}, a child JVM) is killed with SIGKILL in the middle of
 * processing a generated history, then started again on the same state folder, as a supervisor would. It must
 * become ready without anyone deleting state, and its figures must then equal the oracle of the history: nothing
 * lost, nothing counted twice.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(900)
class StreamsKillIT {
  private static final Duration WAIT = Duration.ofSeconds(360);
  private static final long SEED = 20261207L;
  /** About 22 records each: processing takes many commits on a loaded machine, so the kill lands in the middle. */
  private static final int EPISODES = 60;
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @TempDir Path dir;
  private StreamsProcess streams;

  @AfterEach
  void stop() throws InterruptedException {
    if (streams != null) {
      streams.close();
    }
  }

  @Test
  void afterSigkillMidProcessingTheRestartIsReadyAndItsFiguresEqualTheOracle(LocalStack stack) throws Exception {
    String applicationId = "kill-it-" + UUID.randomUUID().toString().substring(0, 8);
    SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl()));
    var history = HistoryGenerator.generate(SEED, EPISODES);
    CommittedInputs.produce(stack.bootstrapServers(), registry, history);
    var oracle = Oracle.of(CommittedInputs.readBack(stack.bootstrapServers(), registry, WAIT));
    streams = StreamsProcess.configure(dir.resolve("streams"), stack.bootstrapServers(), stack.schemaRegistryUrl(),
        applicationId, Map.of());

    long total;
    long atKill;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      total = inputEnd(admin);
      streams.start();
      long deadline = System.nanoTime() + WAIT.toNanos();
      long committed = 0;
      // Kill once the global alerts store holds what the instance has read (RocksDB global stores were left corrupt
      // by a kill after writes) and the input is not all committed yet.
      while (committed == 0 || !servesAlerts(streams)) {
        assertThat(System.nanoTime()).as("input offsets committed by %s within %s; log:%n%s", applicationId, WAIT,
            streams.logTail(40)).isLessThan(deadline);
        assertThat(streams.isAlive()).as("streams alive; log:%n%s", streams.logTail(40)).isTrue();
        Thread.sleep(50);
        committed = committedInputs(admin, applicationId);
      }
      streams.kill();
      atKill = committedInputs(admin, applicationId);
    }
    System.out.printf("StreamsKillIT: injected SIGKILL of Main streams (pid %d) with %d of %d input records"
        + " committed%n", streams.pid(), atKill, total);
    assertThat(atKill).as("the kill landed in the middle of the history").isLessThan(total);

    long restart = System.nanoTime();
    streams.start();
    awaitTrue("the restarted instance ready (/health 200)", streams, streams::ready);
    long readyMs = (System.nanoTime() - restart) / 1_000_000;
    var instance = new InstancesAgree(List.of(streams.url()), StreamsProcess.VIEWER);
    awaitTrue("the restarted instance caught up with the oracle", streams, () -> {
      instance.figures(oracle, java.util.Collections.singletonList(null), List.of("ALL"), List.of("all"), TODAY);
      return true;
    });
    long caughtUpMs = (System.nanoTime() - restart) / 1_000_000;

    List<LocalDate> asOfs = new ArrayList<>();
    asOfs.add(null);
    asOfs.add(oracle.asOfsToTry().get(oracle.asOfsToTry().size() / 2));
    int compared = instance.figures(oracle, asOfs, List.of("ALL", "NECK_PAIN", "CHRONIC_LOW_BACK_PAIN"),
        List.of("30", "365", "all"), TODAY);
    List<String> clinics = instance.clinics(oracle, TODAY);
    instance.funnels(oracle, clinics, List.of(ComplicationCategory.BRUISING, ComplicationCategory.SERIOUS), "365",
        TODAY);
    assertThat(compared).isGreaterThan(100);
    assertThat(streams.log()).as("the restart needed no corrupted-state recovery by hand")
        .doesNotContain("Global thread has died");
    System.out.printf("StreamsKillIT: verified: restarted on the same state folder, ready in %d ms, caught up in"
        + " %d ms; %d figures, %d clinics and their funnels equal the oracle of %d history records%n", readyMs,
        caughtUpMs, compared, clinics.size(), history.size());
  }

  private static boolean servesAlerts(StreamsProcess streams) {
    try {
      var reply = new InstancesAgree(List.of(streams.url()), StreamsProcess.VIEWER).get(streams.url(), "/v1/alerts");
      return reply.status() == 200 && reply.json().path("alerts").size() > 0;
    } catch (RuntimeException notListeningYet) {
      return false;
    }
  }

  private static long inputEnd(Admin admin) throws Exception {
    var partitions = new java.util.HashMap<TopicPartition, OffsetSpec>();
    for (var topic : Topics.INPUTS) {
      int n = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions().size();
      for (int p = 0; p < n; p++) {
        partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
    }
    return admin.listOffsets(partitions).all().get().values().stream().mapToLong(o -> o.offset()).sum();
  }

  /** The application's committed offsets on the input topics, summed (what it has processed and committed). */
  private static long committedInputs(Admin admin, String applicationId) throws Exception {
    var inputs = Topics.INPUTS.stream().map(t -> t.name()).toList();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  interface Check {
    boolean met() throws Exception;
  }

  static void awaitTrue(String what, StreamsProcess streams, Check check) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.met()) {
          return;
        }
      } catch (Exception | AssertionError e) {
        last = e;
      }
      if (!streams.isAlive()) {
        throw new AssertionError(what + ": the streams role exited; its log:\n" + streams.logTail(60));
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + ": not within " + WAIT + (last == null ? "" : ": " + last.getMessage())
        + "\nlog:\n" + streams.logTail(60), last);
  }
}
