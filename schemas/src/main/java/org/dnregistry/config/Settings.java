package org.dnregistry.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Settings of a registry process: a properties file overlaid by environment variables, so the same jar runs
 * on a laptop and in a container. {@code DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap.servers}
 * (prefix dropped, lower case, {@code _} becomes {@code .}). Keys under {@code kafka.} pass through to every
 * Kafka client (SASL/TLS included); keys under {@code schema.registry.} configure the registry client.
 */
public final class Settings {
  public static final String ENV_PREFIX = "DNREGISTRY_";
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  public static Settings load(Optional<Path> file, Map<String, String> env) {
    var merged = new TreeMap<String, String>();
    file.ifPresent(f -> merged.putAll(read(f)));
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        merged.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return new Settings(merged);
  }

  private static Map<String, String> read(Path file) {
    var props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read settings file " + file, e);
    }
    var map = new HashMap<String, String>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }

  public Optional<String> find(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  public String require(String key) {
    return find(key).orElseThrow(() -> new IllegalArgumentException("missing setting " + key + " (or env "
        + ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_') + ")"));
  }

  public String get(String key, String fallback) {
    return find(key).orElse(fallback);
  }

  public int getInt(String key, int fallback) {
    return find(key).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'", e);
      }
    }).orElse(fallback);
  }

  public long getLong(String key, long fallback) {
    return find(key).map(Long::parseLong).orElse(fallback);
  }

  public boolean getBoolean(String key, boolean fallback) {
    return find(key).map(Boolean::parseBoolean).orElse(fallback);
  }

  /** Every setting under {@code prefix}, with the prefix removed. */
  public Map<String, Object> withPrefix(String prefix) {
    var out = new HashMap<String, Object>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** Kafka client properties: every {@code kafka.*} setting. */
  public Map<String, Object> kafka() {
    return withPrefix("kafka.");
  }

  /** Serde/registry-client properties: {@code schema.registry.url} and every other {@code schema.registry.*}. */
  public Map<String, Object> schemaRegistry() {
    var out = new HashMap<String, Object>();
    values.forEach((k, v) -> {
      if (k.startsWith("schema.registry.")) {
        out.put(k, v);
      }
    });
    // Confluent names these without the prefix; accept both spellings.
    find("schema.registry.basic.auth.user.info").ifPresent(v -> out.put("basic.auth.user.info", v));
    find("schema.registry.bearer.auth.token").ifPresent(v -> out.put("bearer.auth.token", v));
    return out;
  }

  /** A copy with one more value (later settings win). */
  public Settings with(String key, String value) {
    var copy = new HashMap<>(values);
    copy.put(key, value);
    return new Settings(copy);
  }

  @Override
  public String toString() {
    // Never print values: they may hold secrets (SASL passwords, registry credentials).
    return "Settings" + new TreeMap<>(values).keySet();
  }
}
