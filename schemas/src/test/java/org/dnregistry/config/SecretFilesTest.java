package org.dnregistry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir
  Path dir;

  @Test
  void aSecretFileIsOwnerOnlyCompleteAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sub").resolve("tokens.json");
    SecretFiles.createNew(file, "{\"tokens\": []}");
    assertThat(Files.readString(file)).isEqualTo("{\"tokens\": []}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws Exception {
    Path file = dir.resolve("pseudonym.secret");
    SecretFiles.createNew(file, "first");
    assertThatThrownBy(() -> SecretFiles.createNew(file, "second")).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("first");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
