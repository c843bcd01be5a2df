package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.topics.Topics;

/** What a running registry holds, read the way its readers see it: Kafka read_committed, and the query API. */
final class RegistryReadBack {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RegistryReadBack() {}

  /** The data dir's endpoints.json, written by {@code local} before it says it is ready. */
  static JsonNode endpoints(Path dataDir) throws Exception {
    return JSON.readTree(Files.readString(dataDir.resolve("endpoints.json")));
  }

  static String token(Path tokensFile, String role, String clinicId) throws Exception {
    for (JsonNode t : JSON.readTree(Files.readString(tokensFile)).path("tokens")) {
      if (t.path("role").asText().equals(role) && (clinicId == null || clinicId.equals(t.path("clinicId").asText()))) {
        return t.path("token").asText();
      }
    }
    throw new AssertionError("no " + role + " token in " + tokensFile);
  }

  /** How many committed records of the sessions topic carry each session id whose key passes {@code keys}. */
  static Map<String, Integer> committedSessions(String bootstrap, Predicate<String> sessionIds) {
    var counts = new TreeMap<String, Integer>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
      String topic = Topics.SESSIONS.name();
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: everything committed so far.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within 60 s");
        }
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          // Keys are clinicId|episodeId|sessionId.
          String id = r.key().substring(r.key().lastIndexOf('|') + 1);
          if (sessionIds.test(id) && r.value() != null) {
            counts.merge(id, 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  /** Records of the streams application's input and internal topics not yet processed (committed offsets). */
  static long streamsLag(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
          StreamsApplication.DEFAULT_APPLICATION_ID).partitionsToOffsetAndMetadata().get();
      var latest = new HashMap<TopicPartition, OffsetSpec>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
      long lag = 0;
      for (var e : committed.entrySet()) {
        lag += Math.max(0, ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()));
      }
      // The input topics must be in the group at all: an application that has not committed yet is not caught up.
      if (committed.keySet().stream().noneMatch(tp -> tp.topic().equals(Topics.SESSIONS.name()))) {
        return Long.MAX_VALUE;
      }
      return lag;
    }
  }

  /** The network's dry needling sessions of every window ({@code /v1/complications?window=all}), or -1 if not served. */
  static long networkSessions(URI query, String viewer) throws Exception {
    var request = HttpRequest.newBuilder(query.resolve("/v1/complications?window=all"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + viewer).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return -1;
    }
    return JSON.readTree(response.body()).path("rows").get(0).path("sessions").asLong();
  }

  /**
   * Waits until streams has processed everything committed and the figure equals {@code expected}. Fails at once
   * if, caught up, the figure is higher (a session counted twice), and after {@code timeout} if it stays lower.
   */
  static void awaitFigure(String bootstrap, URI query, String viewer, long expected, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long figure = -1;
    long lag = -1;
    while (System.nanoTime() < deadline) {
      lag = streamsLag(bootstrap);
      figure = networkSessions(query, viewer);
      if (lag == 0) {
        if (figure > expected) {
          throw new AssertionError("caught up, the registry counts " + figure + " sessions; " + expected
              + " distinct sessions were written");
        }
        if (figure == expected) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the registry counts " + figure + " sessions (lag " + lag + ") after " + timeout
        + "; expected " + expected);
  }

  static Set<String> missing(Set<String> acknowledged, Map<String, Integer> committed) {
    var missing = new java.util.TreeSet<>(acknowledged);
    missing.removeAll(committed.keySet());
    return missing;
  }
}
