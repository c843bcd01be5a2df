package org.dnregistry.streams.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret the instances of one deployment present to each other's internal API ({@link #HEADER}), set with
 * {@code query.internal.token}, the same on every instance. It is not a bearer token of the tokens file: it names
 * no person, and no client of the public API needs it. Compared as a SHA-256 digest in constant time.
 */
public final class InternalToken {
  /** The request header that carries the secret. */
  public static final String HEADER = "X-Registry-Internal-Token";
  /** As for the tokens of the tokens file: long enough not to be guessed. */
  public static final int MIN_LENGTH = 16;

  private final String secret;
  private final byte[] digest;

  private InternalToken(String secret) {
    this.secret = secret;
    this.digest = digest(secret);
  }

  public static InternalToken of(String secret) {
    if (secret == null || secret.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException("query.internal.token must be at least " + MIN_LENGTH + " characters");
    }
    return new InternalToken(secret.strip());
  }

  /** A random secret: for a deployment whose instances are all started by one process (the local command). */
  public static String generate() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The secret itself, for the client that sends it. */
  public String secret() {
    return secret;
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, digest(presented.strip()));
  }

  /** Never the secret: this may end up in a log. */
  @Override
  public String toString() {
    return "InternalToken(***)";
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
