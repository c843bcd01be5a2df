package org.dnregistry.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLocatorTest {
  @TempDir Path tmp;

  @Test
  void readsTheFeatureVersionFromAReleaseFile() {
    assertThat(JavaLocator.featureOf("IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n"))
        .isEqualTo(Optional.of(25));
    assertThat(JavaLocator.featureOf("JAVA_VERSION=\"21\"")).isEqualTo(Optional.of(21));
    assertThat(JavaLocator.featureOf("JAVA_VERSION=\"17.0.15\"\nJAVA_VERSION_DATE=\"2025-04-15\""))
        .isEqualTo(Optional.of(17));
    assertThat(JavaLocator.featureOf("JAVA_VERSION=\"1.8.0_412\"")).isEqualTo(Optional.of(8));
    assertThat(JavaLocator.featureOf("IMPLEMENTOR=\"x\"")).isEmpty();
  }

  @Test
  void picksTheNewestInstallationOfAtLeastTheFeatureVersion() throws IOException {
    Path root = tmp.resolve("jvm");
    fakeJdk(root.resolve("jdk-17"), "17.0.15");
    fakeJdk(root.resolve("jdk-21"), "21.0.4");
    Path jdk25 = fakeJdk(root.resolve("jdk-25"), "25.0.3");
    Path current = fakeJdk(tmp.resolve("current"), "17.0.1");

    var locator = new JavaLocator(21, Map.of(), null, current, List.of(root));

    var found = locator.find();
    assertThat(found.java()).isEqualTo(jdk25.resolve("bin/java"));
    assertThat(found.feature()).isEqualTo(25);
    assertThat(found.version()).isEqualTo("25.0.3");
  }

  @Test
  void prefersJavaHomeWhenItIsRecentEnough() throws IOException {
    Path root = tmp.resolve("jvm");
    fakeJdk(root.resolve("jdk-25"), "25.0.3");
    Path jdk21 = fakeJdk(tmp.resolve("home21"), "21.0.4");
    Path current = fakeJdk(tmp.resolve("current"), "17.0.1");

    var locator = new JavaLocator(21, Map.of("JAVA_HOME", jdk21.toString()), null, current, List.of(root));

    assertThat(locator.find().java()).isEqualTo(jdk21.resolve("bin/java"));
  }

  @Test
  void anExplicitHomeThatIsNoJavaIsAnErrorNamingItAndWhatToInstall() throws IOException {
    Path root = tmp.resolve("jvm");
    fakeJdk(root.resolve("jdk-25"), "25.0.3");
    var locator = new JavaLocator(21, Map.of(), "/nonexistent/jdk-21", tmp, List.of(root));

    assertThatThrownBy(locator::find)
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("/nonexistent/jdk-21")
        .hasMessageContaining(JavaLocator.HOME_ENV)
        .hasMessageContaining("Temurin 21");
  }

  @Test
  void anExplicitHomeWithAnOlderJavaIsAnError() throws IOException {
    Path jdk17 = fakeJdk(tmp.resolve("jdk-17"), "17.0.15");
    var locator = new JavaLocator(21, Map.of(), jdk17.toString(), tmp, List.of());

    assertThatThrownBy(locator::find).isInstanceOf(LocalStackException.class).hasMessageContaining("says Java 17");
  }

  @Test
  void noRecentJavaAnywhereListsWhatWasSeen() throws IOException {
    Path root = tmp.resolve("jvm");
    Path jdk17 = fakeJdk(root.resolve("jdk-17"), "17.0.15");
    var locator = new JavaLocator(21, Map.of("PATH", ""), null, jdk17, List.of(root));

    assertThatThrownBy(locator::find)
        .isInstanceOf(LocalStackException.class)
        .hasMessageContaining("needs Java 21 or newer")
        .hasMessageContaining(jdk17 + " (Java 17)")
        .hasMessageContaining("apt-get install");
  }

  private static Path fakeJdk(Path home, String version) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }
}
