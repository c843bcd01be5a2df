package org.dnregistry.ingest.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.dnregistry.config.Settings;
import org.dnregistry.topics.EpisodePartitioner;

/**
 * Producer configuration of the gateway: every {@code kafka.*} setting passes through (SASL/TLS), then the
 * guarantees the gateway relies on are forced (transactions, idempotence, acks=all, facts partitioned by episode)
 * and short timeouts are defaulted so that a Kafka outage turns into a quick 503 instead of requests hanging for
 * minutes.
 */
public final class ProducerSettings {
  /** Defaults the operator may override: a few seconds, so clients get a 503 and retry elsewhere. */
  static final Map<String, Object> FAIL_FAST_DEFAULTS = Map.of(
      ProducerConfig.MAX_BLOCK_MS_CONFIG, 4000,
      ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
      ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
      ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10000,
      ProducerConfig.LINGER_MS_CONFIG, 0,
      ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
      ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
      // With the transaction protocol V2 (Kafka 4) the first send of a transaction often meets CONCURRENT_TRANSACTIONS
      // while the previous commit's markers are still being written; the default 100 ms retry backoff then adds
      // 100 ms to nearly every group commit (KAFKA-20000).
      ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);

  private ProducerSettings() {}

  /** Producer properties for one gateway instance (serializers are passed as instances, not class names). */
  public static Map<String, Object> producer(Settings settings, String transactionalId) {
    var props = new HashMap<String, Object>(FAIL_FAST_DEFAULTS);
    props.putAll(settings.kafka());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Every fact of an episode in its episode's partition: the streams task that owns it needs no join.
    props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, EpisodePartitioner.class);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
    if (!props.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("missing setting kafka.bootstrap.servers (or env "
          + Settings.ENV_PREFIX + "KAFKA_BOOTSTRAP_SERVERS)");
    }
    return props;
  }

  /**
   * A transactional.id unique to this gateway process: {@code ingest-<host>-<random>}. Two gateways must never
   * share one, or each would fence the other; a restarted gateway needs no old id because every request it
   * acknowledged was committed.
   */
  public static String newTransactionalId(String prefix) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return prefix + "-" + hostName() + "-" + HexFormat.of().formatHex(random);
  }

  private static String hostName() {
    try {
      String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
      return host.replaceAll("[^a-z0-9.-]", "-");
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
