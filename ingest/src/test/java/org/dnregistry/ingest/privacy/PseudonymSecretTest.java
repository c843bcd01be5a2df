package org.dnregistry.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.dnregistry.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymSecretTest {
  @TempDir Path dir;

  @Test
  void theSecretCanBeASetting() {
    byte[] s = PseudonymSecret.resolve(Settings.of(Map.of(PseudonymSecret.SECRET, "inline-secret-0123456789")),
        Optional.empty());
    assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("inline-secret-0123456789");
  }

  @Test
  void theSecretCanBeAFileAndSurroundingWhitespaceIsIgnored() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "file-secret-0123456789abcdef\n");
    byte[] s = PseudonymSecret.resolve(Settings.of(Map.of(PseudonymSecret.SECRET_FILE, file.toString())),
        Optional.empty());
    assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("file-secret-0123456789abcdef");
  }

  @Test
  void productionWithoutASecretDoesNotStart() {
    assertThatThrownBy(() -> PseudonymSecret.resolve(Settings.of(Map.of()), Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(PseudonymSecret.SECRET).hasMessageContaining(PseudonymSecret.SECRET_FILE);
  }

  @Test
  void aTooShortSecretIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> PseudonymSecret.resolve(Settings.of(Map.of(PseudonymSecret.SECRET, "tiny")),
        Optional.empty())).hasMessageContaining("too short").hasMessageNotContaining("tiny");
  }

  @Test
  void localModeGeneratesASecretOnceAndKeepsItOwnerOnly() throws Exception {
    byte[] first = PseudonymSecret.resolve(Settings.of(Map.of()), Optional.of(dir));
    byte[] second = PseudonymSecret.resolve(Settings.of(Map.of()), Optional.of(dir));
    assertThat(second).isEqualTo(first);
    assertThat(first.length).isGreaterThanOrEqualTo(32);
    Path file = dir.resolve(PseudonymSecret.LOCAL_FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void twoDataDirsGetDifferentSecrets() {
    byte[] a = PseudonymSecret.localSecret(dir.resolve("a"));
    byte[] b = PseudonymSecret.localSecret(dir.resolve("b"));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aConfiguredSecretWinsOverTheLocalFile() {
    byte[] s = PseudonymSecret.resolve(Settings.of(Map.of(PseudonymSecret.SECRET, "configured-secret-0123456789")),
        Optional.of(dir));
    assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("configured-secret-0123456789");
    assertThat(dir.resolve(PseudonymSecret.LOCAL_FILE_NAME)).doesNotExist();
  }
}
