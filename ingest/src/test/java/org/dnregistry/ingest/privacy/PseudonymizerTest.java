package org.dnregistry.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  static byte[] secret(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  final Pseudonymizer p = new Pseudonymizer(secret("network-secret-of-the-test-suite"));

  @Test
  void theSamePatientAlwaysGetsTheSamePseudonym() {
    assertThat(p.pseudonym("patient-42")).isEqualTo(p.pseudonym("patient-42"));
    assertThat(new Pseudonymizer(secret("network-secret-of-the-test-suite")).pseudonym("patient-42"))
        .isEqualTo(p.pseudonym("patient-42"));
  }

  @Test
  void differentPatientsGetDifferentPseudonyms() {
    var seen = new HashSet<String>();
    IntStream.range(0, 10_000).forEach(i -> seen.add(p.pseudonym("patient-" + i)));
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void thePseudonymDependsOnTheSecret() {
    var other = new Pseudonymizer(secret("another-network-secret-entirely"));
    assertThat(other.pseudonym("patient-42")).isNotEqualTo(p.pseudonym("patient-42"));
  }

  @Test
  void itIsHexHmacSha256AsComputedIndependently() {
    // Reference: printf 'patient-42' | openssl dgst -sha256 -hmac 'network-secret-of-the-test-suite'
    assertThat(p.pseudonym("patient-42"))
        .isEqualTo("02be41acb4134fc16038575abb7956a0fdafb3e5fc5439e175edadc4ffa1f636");
  }

  @Test
  void itIsNotAPlainHashOfTheId() throws Exception {
    var sha = java.security.MessageDigest.getInstance("SHA-256");
    String plain = java.util.HexFormat.of().formatHex(sha.digest(secret("patient-42")));
    assertThat(p.pseudonym("patient-42")).isNotEqualTo(plain);
  }

  @Test
  void itIsSafeToUseFromManyThreads() {
    String expected = p.pseudonym("patient-7");
    var results = ConcurrentHashMap.<String>newKeySet();
    IntStream.range(0, 2_000).parallel().forEach(i -> results.add(p.pseudonym("patient-7")));
    assertThat(results).containsExactly(expected);
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new Pseudonymizer(secret("short"))).hasMessageContaining("at least 16 bytes");
  }

  @Test
  void itsTextNeverShowsTheSecret() {
    assertThat(p.toString()).doesNotContain("network-secret");
  }
}
