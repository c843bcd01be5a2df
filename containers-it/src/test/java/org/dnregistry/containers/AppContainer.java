package org.dnregistry.containers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;

/**
 * A container of the project's own image in one role ({@code ingest} or {@code streams}), configured only through
 * {@code DNREGISTRY_*} environment variables and mounted files, as in production. Ready when the role's health
 * endpoint answers 200 (ingest {@code /health/ready}, streams {@code /health}).
 */
final class AppContainer extends GenericContainer<AppContainer> {
  static final String TOKENS_PATH = "/etc/dn-registry/tokens.json";
  static final String SECRET_PATH = "/etc/dn-registry/pseudonym.secret";
  private final String role;
  private final String alias;

  private AppContainer(Network network, String role, String alias, Secrets secrets) {
    super(Images.REGISTRY_APP);
    this.role = role;
    this.alias = alias;
    withImagePullPolicy(name -> false);
    withNetwork(network);
    withNetworkAliases(alias);
    withExposedPorts(8080);
    withCommand(role);
    withEnv("DNREGISTRY_SCHEMA_REGISTRY_URL", SchemaRegistryContainer.URL_IN_NETWORK);
    // The serial collector and a small heap: nine JVMs share two cores here; a pod keeps the image's defaults.
    withEnv("JAVA_OPTS", "-Xmx320m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
    withCopyToContainer(Transferable.of(secrets.tokensJson(), 0644), TOKENS_PATH);
  }

  /** A one-shot command ({@code topics}, {@code simulate}, ...) with {@code args}; run it with Cluster#runToEnd. */
  static AppContainer job(Network network, String alias, Secrets secrets, String... args) {
    var c = new AppContainer(network, args[0], alias, secrets);
    c.withCommand(args);
    c.setExposedPorts(java.util.List.of());
    return c;
  }

  /** An ingest gateway on port 8080 writing to {@code bootstrap}. */
  static AppContainer ingest(Network network, String alias, String bootstrap, Secrets secrets) {
    var c = new AppContainer(network, "ingest", alias, secrets);
    c.withEnv("DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    c.withEnv("DNREGISTRY_INGEST_TOKENS_FILE", TOKENS_PATH);
    c.withEnv("DNREGISTRY_INGEST_PSEUDONYM_SECRET_FILE", SECRET_PATH);
    c.withCopyToContainer(Transferable.of(secrets.pseudonymSecret(), 0644), SECRET_PATH);
    c.waitingFor(UntilReady.http("/health/ready", 8080, Duration.ofMinutes(3)));
    return c;
  }

  /**
   * A streams instance of application {@code applicationId}; {@code advertisedHost} null leaves
   * {@code query.advertised.host} to the image's entrypoint (the container's own address).
   */
  static AppContainer streams(Network network, String alias, String bootstrap, Secrets secrets,
      String applicationId, String advertisedHost) {
    var c = new AppContainer(network, "streams", alias, secrets);
    c.withEnv("DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    c.withEnv("DNREGISTRY_QUERY_TOKENS_FILE", TOKENS_PATH);
    c.withEnv("DNREGISTRY_QUERY_INTERNAL_TOKEN", secrets.internalToken());
    c.withEnv("DNREGISTRY_STREAMS_APPLICATION_ID", applicationId);
    c.withEnv("DNREGISTRY_STREAMS_REPLICATION_FACTOR", "3");
    // Streams' exactly-once default (10 s) fences a transaction that a starved CPU stretches: the task then
    // migrates and restores, which slows a loaded test machine further.
    c.withEnv("DNREGISTRY_KAFKA_TRANSACTION_TIMEOUT_MS", "60000");
    // A killed instance's partitions move after the group's session timeout: 15 s instead of 45 s
    // (docs/OPERATIONS.md weighs the two).
    c.withEnv("DNREGISTRY_KAFKA_SESSION_TIMEOUT_MS", "15000");
    // Test-sized RocksDB bound (the write buffers must stay below the total).
    c.withEnv("DNREGISTRY_STREAMS_ROCKSDB_TOTAL_BYTES", Long.toString(96L << 20));
    c.withEnv("DNREGISTRY_STREAMS_ROCKSDB_MEMTABLE_BYTES", Long.toString(24L << 20));
    if (advertisedHost != null) {
      c.withEnv("DNREGISTRY_QUERY_ADVERTISED_HOST", advertisedHost);
    }
    c.waitingFor(UntilReady.http("/health", 8080, Duration.ofMinutes(4)));
    return c;
  }

  String role() {
    return role;
  }

  String alias() {
    return alias;
  }

  /** The address of port 8080 from the test JVM. */
  String url() {
    return "http://" + getHost() + ":" + getMappedPort(8080);
  }
}
