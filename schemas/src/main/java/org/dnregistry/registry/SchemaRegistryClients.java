package org.dnregistry.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/** Builds a client from serde configs: {@code mock://<scope>} is a shared in-memory registry, for tests. */
public final class SchemaRegistryClients {
  private static final Map<String, InMemorySchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    Object url = configs.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is required");
    }
    String u = url.toString();
    if (u.startsWith("mock://")) {
      return MOCKS.computeIfAbsent(u, k -> new InMemorySchemaRegistryClient());
    }
    throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, u, "only mock:// until the REST client lands");
  }
}
