package org.dnregistry.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.specific.SpecificData;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * The released versions of the record schemas: one self-contained file per topic record type
 * ({@code <root>/v<N>/<Name>.avsc}, every named type written out in full), so a release can be read back without
 * the sources it was generated from. See schemas/EVOLUTION.md.
 *
 * <p>Cut a release with {@code main}: {@code SchemaRelease <root> <version>}; it refuses to overwrite one.
 */
public final class SchemaRelease {
  private SchemaRelease() {}

  /** The current schema of every topic's record type, by full name. */
  public static Map<String, Schema> current() {
    var schemas = new TreeMap<String, Schema>();
    for (TopicSpec<?> topic : Topics.ALL) {
      Schema schema = SpecificData.get().getSchema(topic.valueType());
      schemas.put(schema.getFullName(), schema);
    }
    return schemas;
  }

  /** The released versions under {@code root} (v1, v2, ...), oldest first. */
  public static List<Path> versions(Path root) {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().matches("v\\d+"))
          .sorted(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString().substring(1))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schemas of one release, by full name; each file is parsed on its own, so each must be self-contained. */
  public static Map<String, Schema> load(Path versionDir) {
    var schemas = new TreeMap<String, Schema>();
    try (Stream<Path> files = Files.list(versionDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        Schema schema = new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        schemas.put(schema.getFullName(), schema);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return schemas;
  }

  /** Writes the current schemas as a new release; a release, once cut, is never rewritten. */
  public static void write(Path versionDir) throws IOException {
    if (Files.exists(versionDir)) {
      throw new IllegalStateException(versionDir + " exists: a released version is never rewritten");
    }
    Files.createDirectories(versionDir);
    for (Schema schema : current().values()) {
      Files.writeString(versionDir.resolve(schema.getName() + ".avsc"),
          SchemaFormatter.format("json/pretty", schema) + "\n", StandardCharsets.UTF_8);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !args[1].matches("v\\d+")) {
      System.err.println("usage: SchemaRelease <released-root, e.g. schemas/src/main/avro-released> <vN>");
      System.exit(2);
    }
    Path dir = Path.of(args[0], args[1]);
    write(dir);
    System.out.println("wrote " + current().size() + " schemas to " + dir);
  }
}
