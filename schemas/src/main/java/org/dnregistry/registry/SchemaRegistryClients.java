package org.dnregistry.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds a client from serde configs: {@code http(s)://} URLs (one, or a comma-separated list to fail over
 * between) give an {@link HttpSchemaRegistryClient}; {@code mock://<scope>} is a shared in-memory registry, for
 * tests.
 */
public final class SchemaRegistryClients {
  private static final Map<String, InMemorySchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    var urls = new AvroSerdeConfig(configs).registryUrls();
    long mocks = urls.stream().filter(u -> u.startsWith("mock://")).count();
    if (mocks == 0) {
      return HttpSchemaRegistryClient.fromConfig(configs);
    }
    if (urls.size() > 1) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + ": a mock:// registry cannot be in a list");
    }
    return MOCKS.computeIfAbsent(urls.get(0), k -> new InMemorySchemaRegistryClient());
  }
}
