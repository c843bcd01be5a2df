package org.dnregistry.registry;

import java.io.Closeable;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API the registry needs. Implementations must work unchanged
 * against Confluent Schema Registry, Karapace, Redpanda and Apicurio's ccompat API.
 * Every method throws {@link SchemaRegistryException} (or a subclass) with a message naming the subject or id.
 */
public interface SchemaRegistryClient extends Closeable {

  /** Registers the schema under the subject (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of a schema already registered under the subject, if any; never registers. */
  Optional<Integer> lookup(String subject, Schema schema);

  /** The writer schema of a global id. */
  Schema schemaById(int id);

  /** The latest version registered under the subject. */
  RegisteredSchema latest(String subject);

  /** Whether the schema could be registered under the subject without breaking its compatibility rule. */
  boolean isCompatible(String subject, Schema schema);

  @Override
  default void close() {}
}
