package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioDistributionTest {
  @TempDir Path tmp;

  @Test
  void theVersionComesFromTheParentPom() {
    assertThat(ApicurioDistribution.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(ApicurioDistribution.archiveName())
        .isEqualTo("apicurio-registry-app-" + ApicurioDistribution.VERSION + "-all.tar.gz");
  }

  @Test
  void unpacksTheArchiveWithItsFolders() throws IOException {
    Path archive = archive(tmp.resolve("a.tar.gz"), "quarkus-run.jar", "lib/main/x.jar", "app/app.jar");

    Path target = ApicurioDistribution.unpack(archive, tmp.resolve("cache/apicurio"));

    assertThat(target.resolve("quarkus-run.jar")).hasContent("content of quarkus-run.jar");
    assertThat(target.resolve("lib/main/x.jar")).hasContent("content of lib/main/x.jar");
    assertThat(leftovers(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void concurrentUnpacksAllSeeOneCompleteFolder() throws Exception {
    Path archive = archive(tmp.resolve("a.tar.gz"), "quarkus-run.jar", "lib/main/x.jar");
    Path target = tmp.resolve("cache/apicurio");
    var pool = Executors.newFixedThreadPool(4);
    var go = new CountDownLatch(1);
    try {
      var results = new ArrayList<Future<Path>>();
      for (int i = 0; i < 4; i++) {
        Callable<Path> unpack = () -> {
          go.await();
          return ApicurioDistribution.unpack(archive, target);
        };
        results.add(pool.submit(unpack));
      }
      go.countDown();
      for (var r : results) {
        assertThat(r.get()).isEqualTo(target);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(target.resolve("lib/main/x.jar")).hasContent("content of lib/main/x.jar");
    assertThat(leftovers(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void refusesEntriesOutsideTheTarget() throws IOException {
    Path archive = archive(tmp.resolve("evil.tar.gz"), "quarkus-run.jar", "../../escaped.txt");

    assertThatThrownBy(() -> ApicurioDistribution.unpack(archive, tmp.resolve("cache/apicurio")))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("outside its root");
    assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    assertThat(tmp.resolve("cache/apicurio")).doesNotExist();
  }

  @Test
  void refusesAnArchiveThatIsNoQuarkusApp() throws IOException {
    Path archive = archive(tmp.resolve("other.tar.gz"), "README.txt");

    assertThatThrownBy(() -> ApicurioDistribution.unpack(archive, tmp.resolve("cache/apicurio")))
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("quarkus-run.jar");
  }

  private static Path archive(Path file, String... names) throws IOException {
    try (var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(file)))) {
      for (String name : names) {
        byte[] content = ("content of " + name).getBytes(StandardCharsets.UTF_8);
        var entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  private static java.util.List<Path> leftovers(Path cache) throws IOException {
    try (Stream<Path> children = Files.list(cache)) {
      return children.filter(p -> p.getFileName().toString().contains(".unpacking-")).toList();
    }
  }
}
