package org.dnregistry.containers;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * One node of a KRaft cluster (broker and controller in one process), from the local Kafka image: Testcontainers'
 * own KafkaContainer wants the apache/kafka image, which cannot be pulled here. Every node is a voter, and the
 * clients inside the network reach it at {@code kafka-N:9092}.
 */
final class KafkaNode extends GenericContainer<KafkaNode> {
  static final String CLUSTER_ID = "4L6g3nShT-eMCtK--X86sw";
  private final int nodeId;

  KafkaNode(Network network, int nodeId, int nodes) {
    super(Images.KAFKA);
    this.nodeId = nodeId;
    String voters = IntStream.rangeClosed(1, nodes).mapToObj(n -> n + "@kafka-" + n + ":9093")
        .collect(Collectors.joining(","));
    withImagePullPolicy(name -> false);
    withNetwork(network);
    withNetworkAliases(alias(nodeId));
    withEnv("CLUSTER_ID", CLUSTER_ID);
    withEnv("KAFKA_NODE_ID", Integer.toString(nodeId));
    withEnv("KAFKA_PROCESS_ROLES", "broker,controller");
    withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters);
    withEnv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093");
    withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + alias(nodeId) + ":9092");
    withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
    withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
    // Production durability: three replicas, two in sync for acks=all, for every topic and the internal ones.
    withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "3");
    withEnv("KAFKA_MIN_INSYNC_REPLICAS", "2");
    withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3");
    withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3");
    withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
    withEnv("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
    withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    // ~270 instead of ~400 MB per broker (DESIGN.md); three brokers share two cores with six other JVMs.
    withEnv("KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE", "2097152");
    withEnv("KAFKA_NUM_NETWORK_THREADS", "2");
    withEnv("KAFKA_NUM_IO_THREADS", "2");
    withEnv("KAFKA_HEAP_OPTS", "-Xmx320m -Xms96m");
    waitingFor(UntilReady.logLine("Kafka Server started", Duration.ofMinutes(3)));
  }

  static String alias(int nodeId) {
    return "kafka-" + nodeId;
  }

  static String bootstrapServers(int nodes) {
    return IntStream.rangeClosed(1, nodes).mapToObj(n -> alias(n) + ":9092").collect(Collectors.joining(","));
  }

  int nodeId() {
    return nodeId;
  }

  String alias() {
    return alias(nodeId);
  }
}
