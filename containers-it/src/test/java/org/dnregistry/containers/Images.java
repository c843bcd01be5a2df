package org.dnregistry.containers;

import org.testcontainers.utility.DockerImageName;

/** The images podman-env.sh builds before the tests: none of them can be pulled, all are local. */
final class Images {
  /** The project's image from deploy/Containerfile, on the local Debian JRE. */
  static final DockerImageName REGISTRY_APP = DockerImageName.parse("localhost/outcomes-registry:test");
  /** The Maven-resolved Kafka jars on the local JRE; the environment interface of apache/kafka. */
  static final DockerImageName KAFKA = DockerImageName.parse("localhost/dn-kafka:test");
  /** Apicurio Registry from Maven Central on the machine's Java 21+. */
  static final DockerImageName SCHEMA_REGISTRY = DockerImageName.parse("localhost/dn-apicurio:test");

  private Images() {}
}
