package org.dnregistry.ingest.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for patient ids (REFERENCE section 2, Privacy): hex HMAC-SHA256(secret, patientId). The same
 * patient always gets the same pseudonym under one network secret, and without the secret a pseudonym cannot be
 * recomputed from a guessed id, which a plain hash would allow.
 */
public final class Pseudonymizer {
  private static final String ALGORITHM = "HmacSHA256";
  /** Shorter secrets make the HMAC guessable; 16 bytes is the floor NIST SP 800-107 gives for HMAC keys. */
  public static final int MIN_SECRET_BYTES = 16;

  private final SecretKeySpec key;
  // Mac is not thread-safe and costly to look up; one per request thread.
  private final ThreadLocal<Mac> macs;

  public Pseudonymizer(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the pseudonym secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The pseudonym of a clear patient id: 64 lower-case hex characters. */
  public String pseudonym(String patientId) {
    Objects.requireNonNull(patientId, "patientId");
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymizer[HMAC-SHA256, secret hidden]";
  }
}
