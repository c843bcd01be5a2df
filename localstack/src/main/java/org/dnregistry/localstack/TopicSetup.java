package org.dnregistry.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dnregistry.avro.Baseline;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryClients;
import org.dnregistry.topics.Keys;
import org.dnregistry.topics.PublishedBaselines;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * Creates the registry's topics and seeds its default reference data. Safe to run at every start: it creates
 * only what is missing, never changes an existing topic, and seeds baselines only into a topic never written to.
 */
public final class TopicSetup {
  private static final Duration TOPICS_READY_TIMEOUT = Duration.ofSeconds(30);

  private TopicSetup() {}

  /** What {@link #createTopics} did. */
  public record Result(List<String> created, List<String> existing) {}

  /** Creates every topic of {@link Topics#ALL} that does not exist yet. */
  public static Result createTopics(String bootstrapServers, int partitions, short replicationFactor) {
    try (Admin admin = admin(bootstrapServers)) {
      return createTopics(admin, Topics.ALL, partitions, replicationFactor);
    }
  }

  /**
   * Creates the missing topics with their specs' configs, then checks that every topic has the partition count
   * asked for: the input topics must be co-partitioned, and a topic with another count fails here, not later in
   * a stream join. Existing topics are never altered.
   *
   * @throws IllegalStateException naming every topic whose partition count differs
   */
  public static Result createTopics(Admin admin, Collection<? extends TopicSpec<? extends SpecificRecord>> specs,
      int partitions, short replicationFactor) {
    try {
      Set<String> present = admin.listTopics().names().get();
      var created = new ArrayList<String>();
      var existing = new ArrayList<String>();
      var toCreate = new ArrayList<NewTopic>();
      for (var spec : specs) {
        if (present.contains(spec.name())) {
          existing.add(spec.name());
        } else {
          toCreate.add(new NewTopic(spec.name(), partitions, replicationFactor).configs(spec.configs()));
        }
      }
      for (var entry : admin.createTopics(toCreate).values().entrySet()) {
        try {
          entry.getValue().get();
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          existing.add(entry.getKey()); // created concurrently by another process
        }
      }
      List<String> names = specs.stream().map(TopicSpec::name).toList();
      Map<String, TopicDescription> descriptions = awaitLeaders(admin, names);
      String mismatches = names.stream()
          .filter(n -> descriptions.get(n).partitions().size() != partitions)
          .map(n -> n + " has " + descriptions.get(n).partitions().size())
          .collect(Collectors.joining(", "));
      if (!mismatches.isEmpty()) {
        throw new IllegalStateException("topics exist with another partition count than the " + partitions
            + " asked for: " + mismatches + ". Input topics must all have the same count (Kafka Streams joins them"
            + " partition by partition); ask for the existing count, or delete and recreate those topics.");
      }
      return new Result(List.copyOf(created), List.copyOf(existing));
    } catch (ExecutionException e) {
      throw new KafkaException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating topics", e);
    }
  }

  /**
   * The topics' descriptions once every partition has a leader. A topic just created is not in the broker's
   * metadata at once; producing to it or describing it in that moment fails with "unknown topic or partition".
   */
  private static Map<String, TopicDescription> awaitLeaders(Admin admin, List<String> names)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + TOPICS_READY_TIMEOUT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        boolean led = descriptions.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (led || System.nanoTime() > deadline) {
          return descriptions;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }

  /**
   * Writes the contract's default baselines ({@link PublishedBaselines#load()}) to {@link Topics#BASELINES} when
   * nothing was ever written there, so the corrections and retractions of an admin are never overwritten.
   *
   * @return the number of baselines written, 0 when the topic already had records
   */
  public static int seedBaselines(String bootstrapServers, String schemaRegistryUrl) {
    return seedBaselines(bootstrapServers, schemaRegistryUrl, Topics.BASELINES.name());
  }

  static int seedBaselines(String bootstrapServers, String schemaRegistryUrl, String topic) {
    try (Admin admin = admin(bootstrapServers)) {
      if (!neverWritten(admin, topic)) {
        return 0;
      }
    }
    List<Baseline> baselines = PublishedBaselines.load();
    SchemaRegistryClient registry =
        SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
    try (registry;
         var producer = new KafkaProducer<>(Map.<String, Object>of(
             ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
             ProducerConfig.ACKS_CONFIG, "all",
             ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
             ProducerConfig.CLIENT_ID_CONFIG, "dnregistry-baseline-seed"),
             new StringSerializer(), new AvroSerializer<Baseline>(registry, false, true))) {
      var sends = new ArrayList<Future<RecordMetadata>>();
      for (Baseline b : baselines) {
        sends.add(producer.send(new ProducerRecord<>(topic, Keys.baseline(b.getCategory(), b.getSource()), b)));
      }
      producer.flush();
      for (var send : sends) {
        send.get();
      }
    } catch (ExecutionException e) {
      throw new KafkaException("cannot seed baselines into " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while seeding baselines into " + topic, e);
    }
    return baselines.size();
  }

  /** True when every partition's end offset is 0: not even a record since deleted or compacted away. */
  private static boolean neverWritten(Admin admin, String topic) {
    try {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream().allMatch(o -> o.offset() == 0);
    } catch (ExecutionException e) {
      throw new KafkaException("cannot read the end offsets of " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while reading the end offsets of " + topic, e);
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }
}
