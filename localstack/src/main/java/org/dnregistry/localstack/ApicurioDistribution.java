package org.dnregistry.localstack;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apicurio Registry distribution ({@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all}, a Quarkus
 * app with {@code quarkus-run.jar} at its root), found on disk and unpacked once into a cache folder.
 */
final class ApicurioDistribution {
  private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);
  static final String ARCHIVE_PROPERTY = "dnregistry.apicurio.archive";
  static final String ARCHIVE_ENV = "DNREGISTRY_APICURIO_ARCHIVE";
  static final String CACHE_PROPERTY = "dnregistry.cache.dir";
  static final String VERSION = version();
  static final String RUN_JAR = "quarkus-run.jar";

  private ApicurioDistribution() {}

  static String archiveName() {
    return "apicurio-registry-app-" + VERSION + "-all.tar.gz";
  }

  /**
   * The archive: the system property or environment variable if set, else a file next to the running jar (the
   * deploy distribution ships it there), else the local Maven repository (where the build downloaded it).
   */
  static Path archive() {
    String explicit = System.getProperty(ARCHIVE_PROPERTY, System.getenv(ARCHIVE_ENV));
    if (explicit != null && !explicit.isBlank()) {
      Path file = Path.of(explicit);
      if (!Files.isRegularFile(file)) {
        throw new LocalStackException(ARCHIVE_ENV + " (or -D" + ARCHIVE_PROPERTY + ") is " + file
            + ", which is not a file. Point it at " + archiveName() + ".");
      }
      return file;
    }
    var looked = new ArrayList<Path>();
    for (Path dir : jarFolders()) {
      Path file = dir.resolve(archiveName());
      looked.add(file);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    Path inRepo = mavenRepository().resolve(Path.of("io", "apicurio", "apicurio-registry-app", VERSION,
        archiveName()));
    looked.add(inRepo);
    if (Files.isRegularFile(inRepo)) {
      return inRepo;
    }
    throw new LocalStackException("cannot find the Apicurio Registry distribution " + archiveName() + " (looked at "
        + looked + "). Build the project with Maven once (it downloads io.apicurio:apicurio-registry-app:"
        + VERSION + ":tar.gz:all), or set " + ARCHIVE_ENV + " to the archive.");
  }

  /** The unpacked distribution, unpacking it first if this version was never unpacked on this machine. */
  static Path unpacked() {
    Path target = cacheRoot().resolve("apicurio-registry-" + VERSION);
    if (Files.isRegularFile(target.resolve(RUN_JAR))) {
      return target;
    }
    return unpack(archive(), target);
  }

  /**
   * Unpacks into a private temporary folder and renames it into place, so a reader never sees half a
   * distribution and two JVMs unpacking at once both end up with the same complete folder.
   */
  static Path unpack(Path archive, Path target) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking-");
      try {
        extract(archive, tmp);
        if (!Files.isRegularFile(tmp.resolve(RUN_JAR))) {
          throw new LocalStackException(archive + " has no " + RUN_JAR + " at its root: not an Apicurio Registry"
              + " distribution");
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // Linux reports a non-empty target as a plain FileSystemException ("Directory not empty").
          if (!Files.isRegularFile(target.resolve(RUN_JAR))) {
            throw new LocalStackException("cannot move the unpacked registry into " + target + " (" + e
                + "); delete that folder and try again", e);
          }
          // Another JVM won the race with an identical copy.
        }
      } finally {
        deleteRecursively(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive + " into " + target, e);
    }
    LOG.info("Apicurio Registry {} unpacked into {} in {} ms", VERSION, target, (System.nanoTime() - t0) / 1_000_000);
    return target;
  }

  private static void extract(Path archive, Path into) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    try (InputStream file = Files.newInputStream(archive);
         var tar = new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(file, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new LocalStackException(archive + " holds an entry outside its root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isFile()) {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        }
        // Links and devices are not part of a Quarkus distribution; skipping them is safer than following them.
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code -Ddnregistry.cache.dir}, else {@code $XDG_CACHE_HOME/dnregistry}, else {@code ~/.cache/dnregistry}. */
  static Path cacheRoot() {
    String explicit = System.getProperty(CACHE_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "dnregistry");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "dnregistry");
  }

  private static Path mavenRepository() {
    String local = System.getProperty("maven.repo.local");
    if (local != null && !local.isBlank()) {
      return Path.of(local);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * Folders of the jar holding this class and of the jar this JVM was started with ({@code java -jar}), and their
   * parents: the distribution keeps its libraries in a subfolder and the archive beside the main jar.
   */
  private static List<Path> jarFolders() {
    var folders = new LinkedHashSet<Path>();
    codeSource().ifPresent(p -> addJarFolder(folders, p));
    String classpath = System.getProperty("java.class.path", "");
    if (!classpath.isEmpty() && !classpath.contains(File.pathSeparator)) {
      addJarFolder(folders, Path.of(classpath).toAbsolutePath());
    }
    return List.copyOf(folders);
  }

  private static void addJarFolder(LinkedHashSet<Path> folders, Path jar) {
    if (Files.isRegularFile(jar) && jar.getParent() != null) {
      folders.add(jar.getParent());
      Optional.ofNullable(jar.getParent().getParent()).ifPresent(folders::add);
    }
  }

  private static Optional<Path> codeSource() {
    try {
      var source = ApicurioDistribution.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String version() {
    try (InputStream in = ApicurioDistribution.class.getResourceAsStream("apicurio.properties")) {
      if (in == null) {
        throw new IllegalStateException("missing resource apicurio.properties next to " + ApicurioDistribution.class);
      }
      var props = new Properties();
      props.load(in);
      return props.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
