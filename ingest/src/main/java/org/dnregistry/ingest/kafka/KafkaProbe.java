package org.dnregistry.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Whether Kafka answers, for the readiness check: a cluster description with a short timeout, remembered briefly
 * so a load balancer polling /health does not turn into a stream of admin requests.
 */
public final class KafkaProbe implements AutoCloseable {
  private final Admin admin;
  private final Duration timeout;
  private final Duration remember;
  private long checkedAtNanos;
  private boolean lastResult;
  private boolean everChecked;

  public KafkaProbe(Map<String, Object> kafkaSettings, Duration timeout, Duration remember) {
    var props = new HashMap<String, Object>(kafkaSettings);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-health");
    // Producer-only settings would make the admin client log warnings; keep what an admin client knows.
    props.keySet().retainAll(AdminClientConfig.configNames());
    this.admin = Admin.create(props);
    this.timeout = timeout;
    this.remember = remember;
  }

  public synchronized boolean reachable() {
    long now = System.nanoTime();
    if (everChecked && now - checkedAtNanos < remember.toNanos()) {
      return lastResult;
    }
    lastResult = describe();
    checkedAtNanos = System.nanoTime();
    everChecked = true;
    return lastResult;
  }

  private boolean describe() {
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
