package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsAndAgentTest {
  @TempDir Path tmp;

  @Test
  void freePortsAreDistinctAndBindable() {
    int[] ports = Ports.free(2);
    assertThat(ports[0]).isNotEqualTo(ports[1]);
    assertThat(Ports.allFree(ports)).isTrue();
  }

  @Test
  void aBoundPortIsNotFree() throws Exception {
    try (var socket = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
      assertThat(Ports.allFree(socket.getLocalPort())).isFalse();
      assertThat(Ports.accepts(socket.getLocalPort())).isTrue();
    }
    assertThat(Ports.allFree(0)).isFalse();
  }

  @Test
  void theAgentJarHoldsOnlyTheWatchClassAndNamesItAsPremainClass() throws Exception {
    Path jar = ParentWatch.writeAgentJar(tmp);
    try (var file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Premain-Class"))
          .isEqualTo(ParentWatch.class.getName());
      assertThat(file.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")))
          .containsExactly("org/dnregistry/localstack/ParentWatch.class");
    }
    assertThat(ParentWatch.agentOption(jar)).endsWith("=" + ProcessHandle.current().pid());
  }
}
