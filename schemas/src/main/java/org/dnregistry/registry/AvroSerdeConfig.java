package org.dnregistry.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** Serde settings, with Confluent's names so that existing client configs carry over. */
public final class AvroSerdeConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "schema.registry.max.retries";
  public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";
  public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";

  private final Map<String, ?> configs;

  public AvroSerdeConfig(Map<String, ?> configs) {
    this.configs = configs;
  }

  public boolean autoRegister() {
    Object v = configs.get(AUTO_REGISTER_SCHEMAS);
    return v == null || Boolean.parseBoolean(v.toString());
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
}
