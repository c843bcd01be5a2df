package org.dnregistry.ingest.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.IngestConfig;
import org.dnregistry.ingest.privacy.PseudonymSecret;
import org.dnregistry.ingest.privacy.Pseudonymizer;

/** Gateway settings for a broker and registry, with the tokens and secret the integration tests use. */
final class ItSettings {
  static final String CLINIC_1 = "it-clinic-one-token-0123456789";
  static final String CLINIC_2 = "it-clinic-two-token-0123456789";
  static final String ADMIN = "it-admin-token-0123456789abcdef";
  static final String SECRET = "integration-test-network-secret-0123456789";
  static final Pseudonymizer PSEUDONYMS = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8));

  private ItSettings() {}

  static Settings settings(Path dir, String bootstrapServers, String registryUrl, Map<String, String> extra)
      throws IOException {
    Path tokens = Files.writeString(dir.resolve("tokens.json"), "{\"tokens\": ["
        + "{\"token\": \"" + CLINIC_1 + "\", \"role\": \"clinic\", \"clinicId\": \"C1\"},"
        + "{\"token\": \"" + CLINIC_2 + "\", \"role\": \"clinic\", \"clinicId\": \"C2\"},"
        + "{\"token\": \"" + ADMIN + "\", \"role\": \"admin\"}]}");
    var s = new HashMap<String, String>();
    s.put("kafka.bootstrap.servers", bootstrapServers);
    s.put("schema.registry.url", registryUrl);
    s.put(IngestConfig.HOST, "127.0.0.1");
    s.put(IngestConfig.PORT, "0");
    s.put(IngestConfig.TOKENS_FILE, tokens.toString());
    s.put(PseudonymSecret.SECRET, SECRET);
    s.putAll(extra);
    return Settings.of(s);
  }
}
