package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaIT {
  @TempDir Path dir;

  @AfterEach
  void leaveNothingRunning() {
    ChildProcesses.killAll(dir);
  }

  /** The controller endpoint is configuration, not formatted into the log, so the broker can move ports. */
  @Test
  void whenItsPortIsTakenTheBrokerMovesAndKeepsItsData() throws Exception {
    String first;
    String clusterId;
    try (var kafka = LocalKafka.start(dir)) {
      first = kafka.bootstrapServers();
      try (Admin admin = admin(first)) {
        admin.createTopics(List.of(new NewTopic("moved.it", 2, (short) 1))).all().get();
        clusterId = admin.describeCluster().clusterId().get();
      }
    }
    int oldPort = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    try (var squatter = new ServerSocket(oldPort, 1, InetAddress.getByName(Ports.HOST));
         var kafka = LocalKafka.start(dir)) {
      assertThat(kafka.bootstrapServers()).isNotEqualTo(first);
      try (Admin admin = admin(kafka.bootstrapServers())) {
        assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
        assertThat(admin.listTopics().names().get()).contains("moved.it");
      }
    }
    assertThat(ChildProcesses.mentioning(dir)).isEmpty();
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }
}
