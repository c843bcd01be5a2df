package org.dnregistry.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/** A registry that gives every schema the id 42 and remembers the last one, for tests of exact bytes. */
final class FixedIdRegistry implements SchemaRegistryClient {
  static final int ID = 42;
  private Schema schema;

  @Override
  public synchronized int register(String subject, Schema schema) {
    this.schema = schema;
    return ID;
  }

  @Override
  public synchronized Optional<Integer> lookup(String subject, Schema schema) {
    return schema.equals(this.schema) ? Optional.of(ID) : Optional.empty();
  }

  @Override
  public synchronized Schema schemaById(int id) {
    if (id != ID || schema == null) {
      throw new SchemaNotFoundException("schema id " + id + " not found", 404, 40403);
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return true;
  }
}
