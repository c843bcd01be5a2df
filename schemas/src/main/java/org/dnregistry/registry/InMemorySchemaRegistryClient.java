package org.dnregistry.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory, for unit and TopologyTestDriver tests (never the proof that wiring works).
 * It enforces BACKWARD compatibility per subject, like the local stack's Apicurio is configured to.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final List<Schema> schemaById = new ArrayList<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    var existing = lookup(subject, schema);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (!isCompatible(subject, schema)) {
      throw new IncompatibleSchemaException(
          "schema for subject " + subject + " is not BACKWARD compatible with its latest version", 409, 409);
    }
    int id = idByCanonical.computeIfAbsent(schema.toString(), s -> {
      schemaById.add(schema);
      return schemaById.size();
    });
    versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  @Override
  public synchronized Optional<Integer> lookup(String subject, Schema schema) {
    Integer id = idByCanonical.get(schema.toString());
    if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
      return Optional.empty();
    }
    return Optional.of(id);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    if (id < 1 || id > schemaById.size()) {
      throw new SchemaNotFoundException("schema id " + id + " not found", 404, 40403);
    }
    return schemaById.get(id - 1);
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    var versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaNotFoundException("subject " + subject + " not found", 404, 40401);
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, id, versions.size(), schemaById(id));
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    var versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      return true;
    }
    Schema latest = schemaById(versions.get(versions.size() - 1));
    return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }
}
