package org.dnregistry.containers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/** Apicurio Registry (Confluent-compatible API at {@code /apis/ccompat/v7}), BACKWARD compatibility like Confluent. */
final class SchemaRegistryContainer extends GenericContainer<SchemaRegistryContainer> {
  static final String ALIAS = "schema-registry";
  static final String URL_IN_NETWORK = "http://" + ALIAS + ":8080/apis/ccompat/v7";

  SchemaRegistryContainer(Network network) {
    super(Images.SCHEMA_REGISTRY);
    withImagePullPolicy(name -> false);
    withNetwork(network);
    withNetworkAliases(ALIAS);
    withExposedPorts(8080);
    withEnv("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD");
    waitingFor(UntilReady.http("/apis/ccompat/v7/subjects", 8080, Duration.ofMinutes(3)));
  }
}
