package org.dnregistry.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** Serde settings, with Confluent's names so that existing client configs carry over. */
public final class AvroSerdeConfig {
  /** One URL or a comma-separated list to fail over between; may carry a path (Apicurio: /apis/ccompat/v7). */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** {@code USER_INFO} (use {@link #BASIC_AUTH_USER_INFO}) or {@code URL} (use the URL's user info). */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Only {@code STATIC_TOKEN} (use {@link #BEARER_AUTH_TOKEN}) is supported. */
  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "schema.registry.max.retries";
  public static final String RETRIES_WAIT_MS = "schema.registry.retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS = "schema.registry.retries.max.wait.ms";
  /** How long a deserializer waits for an unreachable registry before it throws (0: not at all). */
  public static final String UNAVAILABLE_MAX_WAIT_MS = "schema.registry.unavailable.max.wait.ms";
  public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";
  public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";

  static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  static final int DEFAULT_MAX_RETRIES = 3;
  static final long DEFAULT_RETRIES_WAIT_MS = 200;
  static final long DEFAULT_RETRIES_MAX_WAIT_MS = 5_000;
  static final long DEFAULT_UNAVAILABLE_MAX_WAIT_MS = 8_000;

  private final Map<String, ?> configs;

  public AvroSerdeConfig(Map<String, ?> configs) {
    this.configs = configs;
  }

  public boolean autoRegister() {
    return autoRegisterIfSet().orElse(true);
  }

  /** The configured {@code auto.register.schemas}, empty when the config does not set it. */
  public Optional<Boolean> autoRegisterIfSet() {
    Object v = configs.get(AUTO_REGISTER_SCHEMAS);
    return v == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(v.toString().trim()));
  }

  /** The registry URLs, in failover order. */
  public List<String> registryUrls() {
    Object v = configs.get(SCHEMA_REGISTRY_URL);
    List<String> urls = v == null ? List.of()
        : Arrays.stream(v.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (urls.isEmpty()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL + " is required");
    }
    return urls;
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(positiveLong(REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, 1));
  }

  public int maxRetries() {
    return (int) positiveLong(MAX_RETRIES, DEFAULT_MAX_RETRIES, 0);
  }

  public Duration retriesWait() {
    return Duration.ofMillis(positiveLong(RETRIES_WAIT_MS, DEFAULT_RETRIES_WAIT_MS, 0));
  }

  public Duration retriesMaxWait() {
    return Duration.ofMillis(Math.max(positiveLong(RETRIES_MAX_WAIT_MS, DEFAULT_RETRIES_MAX_WAIT_MS, 0),
        retriesWait().toMillis()));
  }

  /** The configured {@link #UNAVAILABLE_MAX_WAIT_MS}, empty when not set. */
  public Optional<Duration> unavailableMaxWaitIfSet() {
    return configs.get(UNAVAILABLE_MAX_WAIT_MS) == null ? Optional.empty()
        : Optional.of(Duration.ofMillis(positiveLong(UNAVAILABLE_MAX_WAIT_MS, DEFAULT_UNAVAILABLE_MAX_WAIT_MS, 0)));
  }

  public Optional<String> basicAuthCredentialsSource() {
    return string(BASIC_AUTH_CREDENTIALS_SOURCE).map(String::toUpperCase);
  }

  public Optional<String> basicAuthUserInfo() {
    return string(BASIC_AUTH_USER_INFO);
  }

  public Optional<String> bearerAuthCredentialsSource() {
    return string(BEARER_AUTH_CREDENTIALS_SOURCE).map(String::toUpperCase);
  }

  public Optional<String> bearerAuthToken() {
    return string(BEARER_AUTH_TOKEN);
  }

  @SuppressWarnings("unchecked")
  public Class<? extends SpecificRecord> specificType(boolean isKey) {
    Object v = configs.get(isKey ? SPECIFIC_KEY_TYPE : SPECIFIC_VALUE_TYPE);
    if (v == null) {
      return null;
    }
    if (v instanceof Class<?> c) {
      return (Class<? extends SpecificRecord>) c;
    }
    try {
      return (Class<? extends SpecificRecord>) Class.forName(v.toString());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(isKey ? SPECIFIC_KEY_TYPE : SPECIFIC_VALUE_TYPE, v, "no such class");
    }
  }

  private Optional<String> string(String name) {
    Object v = configs.get(name);
    if (v == null) {
      return Optional.empty();
    }
    // Kafka's Password type prints [hidden] from toString(); value() is the secret itself.
    String s = v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v.toString();
    return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private long positiveLong(String name, long defaultValue, long min) {
    Object v = configs.get(name);
    if (v == null) {
      return defaultValue;
    }
    long n;
    try {
      n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, v, "not a whole number");
    }
    if (n < min) {
      throw new ConfigException(name, v, "must be at least " + min);
    }
    return n;
  }
}
