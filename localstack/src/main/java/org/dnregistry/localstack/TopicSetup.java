package org.dnregistry.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.dnregistry.registry.AvroSerdeConfig;
import org.dnregistry.topics.PublishedBaselines;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * Creates the registry's topics and seeds its default reference data. Safe to run at every start: it creates
 * only what is missing, never changes an existing topic, and seeds baselines all or nothing, only where no admin
 * has written (see {@link BaselineSeeding}).
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
          toCreate.add(new NewTopic(spec.name(), partitions, replicationFactor)
              .configs(newTopicConfigs(spec, replicationFactor)));
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
   * Writes the contract's default baselines ({@link PublishedBaselines#load()}) to {@link Topics#BASELINES}: all of
   * them in one transaction, completing a seeding that was interrupted, never over what an admin wrote (the rule is
   * {@link BaselineSeeding}'s).
   *
   * @return the number of baselines written, 0 when the topic needed none
   */
  public static int seedBaselines(String bootstrapServers, String schemaRegistryUrl) {
    return seedBaselines(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl), Topics.BASELINES.name());
  }

  /**
   * The same against any cluster: {@code kafka} holds every client setting (bootstrap servers, SASL/TLS) and
   * {@code registry} the serde settings (URL, credentials).
   */
  public static int seedBaselines(Map<String, Object> kafka, Map<String, ?> registry) {
    return seedBaselines(kafka, registry, Topics.BASELINES.name());
  }

  static int seedBaselines(String bootstrapServers, String schemaRegistryUrl, String topic) {
    return seedBaselines(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl), topic);
  }

  private static int seedBaselines(Map<String, Object> kafka, Map<String, ?> registryConfig, String topic) {
    return BaselineSeeding.seed(kafka, registryConfig, topic);
  }

  /**
   * Configs every topic gets from its replication factor: with 3 replicas or more, {@code min.insync.replicas=2},
   * so a write acknowledged with acks=all is on two brokers at least and survives losing one (the broker default
   * of 1 would acknowledge a write held by the leader alone). Below 3 the default stays: with 2 replicas a
   * minimum of 2 would stop every write while one broker restarts.
   */
  static Map<String, String> durabilityConfigs(short replicationFactor) {
    return replicationFactor >= 3 ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2") : Map.of();
  }

  /** The configs a new topic of {@code spec} is created with. */
  static Map<String, String> newTopicConfigs(TopicSpec<?> spec, short replicationFactor) {
    var configs = new HashMap<String, String>(durabilityConfigs(replicationFactor));
    configs.putAll(spec.configs());
    return configs;
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }
}
