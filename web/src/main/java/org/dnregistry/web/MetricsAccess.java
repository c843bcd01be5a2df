package org.dnregistry.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may read {@code /metrics}: the Prometheus exposition tells an outsider the request rates, status codes and
 * clinic activity of the registry, so it is reachable only where an operator configured it.
 * <ul>
 *   <li>{@code port}: served on its own listener (host {@code host}), for a scraper inside the cluster while the
 *       main port faces clients; the main port then answers 404 for it;</li>
 *   <li>{@code token}: a bearer token the scraper must send, on whichever listener serves it;</li>
 *   <li>{@code open}: on the main port without a token (what {@code local} uses on loopback).</li>
 * </ul>
 * With none of them the endpoint answers 404 and says which settings enable it.
 */
public record MetricsAccess(Optional<String> host, Optional<Integer> port, Optional<String> token, boolean open) {
  public MetricsAccess {
    token.ifPresent(t -> {
      if (t.length() < 16) {
        throw new IllegalArgumentException("the metrics token must be at least 16 characters");
      }
    });
  }

  /** Metrics on the main port for anyone: tests and the local stack. */
  public static MetricsAccess openAccess() {
    return new MetricsAccess(Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  /** Whether the main port serves /metrics (with the token, if one is set). */
  boolean onMainPort() {
    return port.isEmpty() && (open || token.isPresent());
  }

  /** Whether an {@code Authorization} header value may read the metrics. */
  boolean authorises(String authorization) {
    if (token.isEmpty()) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Digests of equal length, compared in constant time.
    return MessageDigest.isEqual(sha256(token.get()), sha256(authorization.substring(7).trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "MetricsAccess[port=" + port.map(String::valueOf).orElse("main") + ", token=" + token.isPresent()
        + ", open=" + open + "]";
  }
}
