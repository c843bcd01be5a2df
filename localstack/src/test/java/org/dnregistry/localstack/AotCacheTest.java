package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {
  private static final JavaLocator.Installation JAVA_21 =
      new JavaLocator.Installation(Path.of("/jdk21/bin/java"), 21, "21.0.4");
  private static final JavaLocator.Installation JAVA_25 =
      new JavaLocator.Installation(Path.of("/jdk25/bin/java"), 25, "25.0.3");

  @TempDir Path tmp;

  @Test
  void javaBefore25GetsNoOptions() {
    var aot = AotCache.forJava(JAVA_21, tmp, "app");

    assertThat(aot.jvmOptions()).isEmpty();
    assertThat(aot.training()).isFalse();
  }

  @Test
  void theFirstRunTrainsIntoItsOwnFileWhichBecomesTheCacheAfterACleanExit() throws IOException {
    var aot = AotCache.forJava(JAVA_25, tmp, "app");
    assertThat(aot.training()).isTrue();
    String option = aot.jvmOptions().get(0);
    assertThat(option).startsWith("-XX:AOTCacheOutput=" + tmp.resolve("app-java-25.0.3.aot."));
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "cache bytes");

    aot.childExited(143); // SIGTERM

    assertThat(tmp.resolve("app-java-25.0.3.aot")).hasContent("cache bytes");
    assertThat(files()).containsExactly("app-java-25.0.3.aot");
    assertThat(AotCache.forJava(JAVA_25, tmp, "app").jvmOptions())
        .containsExactly("-XX:AOTCache=" + tmp.resolve("app-java-25.0.3.aot"));
  }

  @Test
  void aKilledTrainingRunLeavesNoCache() throws IOException {
    var aot = AotCache.forJava(JAVA_25, tmp, "app");
    String option = aot.jvmOptions().get(0);
    Files.writeString(Path.of(option.substring(option.indexOf('=') + 1)), "maybe half");

    aot.childExited(137); // SIGKILL

    assertThat(files()).isEmpty();
    assertThat(AotCache.forJava(JAVA_25, tmp, "app").training()).isTrue();
  }

  private java.util.List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
