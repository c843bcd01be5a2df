package org.dnregistry.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java installation of at least a given feature version (the registry needs 21, the project builds on 17).
 * Order: {@code -Ddnregistry.java21.home} or {@code DNREGISTRY_JAVA21_HOME} (used as given, or an error), then
 * {@code JAVA_HOME}, the running JVM, {@code java} on the PATH, and the usual install folders, newest first.
 * The version comes from the installation's {@code release} file, so nothing is executed to find it.
 */
final class JavaLocator {
  static final String HOME_PROPERTY = "dnregistry.java21.home";
  static final String HOME_ENV = "DNREGISTRY_JAVA21_HOME";
  private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([0-9][0-9._+a-z-]*)\"?");
  private static final List<Path> INSTALL_ROOTS =
      List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines"), Path.of("/opt/java"));

  private final int minFeature;
  private final Map<String, String> env;
  private final String explicitHome;
  private final Path currentHome;
  private final List<Path> installRoots;

  JavaLocator(int minFeature, Map<String, String> env, String explicitHome, Path currentHome,
      List<Path> installRoots) {
    this.minFeature = minFeature;
    this.env = env;
    this.explicitHome = explicitHome;
    this.currentHome = currentHome;
    this.installRoots = installRoots;
  }

  /** For this machine: the system property, then the environment. */
  static JavaLocator forThisMachine(int minFeature) {
    String explicit = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
    return new JavaLocator(minFeature, System.getenv(), explicit, Path.of(System.getProperty("java.home")),
        INSTALL_ROOTS);
  }

  /** A Java installation: its java binary and the version its release file states. */
  record Installation(Path java, int feature, String version) {}

  /** The installation to use, or an exception saying what was looked at and what to install. */
  Installation find() {
    if (explicitHome != null && !explicitHome.isBlank()) {
      Path home = Path.of(explicitHome);
      Optional<String> version = version(home);
      int feature = version.flatMap(JavaLocator::featureOfVersion).orElse(minFeature);
      if (Files.isExecutable(binary(home)) && feature >= minFeature) {
        return new Installation(binary(home), feature, version.orElse("unknown"));
      }
      throw new LocalStackException(HOME_ENV + " (or -D" + HOME_PROPERTY + ") is " + home + ", which is not a Java "
          + minFeature + "+ installation (" + (Files.isExecutable(binary(home)) ? "its release file says Java "
          + feature : "no executable " + binary(home)) + "). " + installHint());
    }
    var looked = new ArrayList<String>();
    for (Path home : candidates()) {
      Optional<String> version = version(home);
      Optional<Integer> feature = version.flatMap(JavaLocator::featureOfVersion);
      looked.add(home + feature.map(f -> " (Java " + f + ")").orElse(" (no release file)"));
      if (feature.isPresent() && feature.get() >= minFeature && Files.isExecutable(binary(home))) {
        return new Installation(binary(home), feature.get(), version.get());
      }
    }
    throw new LocalStackException("Apicurio Registry needs Java " + minFeature + " or newer and none was found"
        + " (looked at: " + (looked.isEmpty() ? "nothing" : String.join(", ", looked)) + "). " + installHint());
  }

  private String installHint() {
    return "Install a Java " + minFeature + "+ runtime, for example Eclipse Temurin " + minFeature
        + " (https://adoptium.net; on Debian 12 `apt-get install temurin-" + minFeature + "-jre` after adding"
        + " Adoptium's apt repository) or `apt-get install openjdk-" + minFeature + "-jre-headless` (Ubuntu 24.04,"
        + " Debian 13), then, if it is not under /usr/lib/jvm, set " + HOME_ENV + " to its folder.";
  }

  private List<Path> candidates() {
    var homes = new LinkedHashSet<Path>();
    Optional.ofNullable(env.get("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(homes::add);
    homes.add(currentHome);
    javaOnPath().ifPresent(homes::add);
    for (Path root : installRoots) {
      homes.addAll(installedUnder(root));
    }
    return List.copyOf(homes);
  }

  /** The home of the {@code java} on the PATH, following links such as /usr/bin/java -> /etc/alternatives. */
  private Optional<Path> javaOnPath() {
    String path = env.getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path java = Path.of(entry, "java");
      if (Files.isExecutable(java)) {
        try {
          Path real = java.toRealPath();
          return Optional.ofNullable(real.getParent()).map(Path::getParent);
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Installations under a root folder, newest Java first (macOS keeps the home in Contents/Home). */
  private List<Path> installedUnder(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .map(p -> Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p)
          .filter(p -> Files.isRegularFile(p.resolve("release")))
          .sorted(Comparator.comparingInt((Path p) -> version(p).flatMap(JavaLocator::featureOfVersion).orElse(0))
              .reversed()
              .thenComparing(Comparator.naturalOrder()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Path binary(Path home) {
    return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }

  /** The JAVA_VERSION of a Java home's release file. */
  static Optional<String> version(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      return versionOf(Files.readString(release, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> versionOf(String releaseFile) {
    Matcher m = RELEASE_VERSION.matcher(releaseFile);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The feature version: "25.0.3" gives 25, "1.8.0_412" gives 8. */
  static Optional<Integer> featureOfVersion(String version) {
    String[] parts = version.split("[._+-]");
    try {
      int first = Integer.parseInt(parts[0]);
      return Optional.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<Integer> featureOf(String releaseFile) {
    return versionOf(releaseFile).flatMap(JavaLocator::featureOfVersion);
  }
}
