package org.dnregistry.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dnregistry.config.Settings;

/**
 * How a server listens, beyond host and port: TLS, who reads {@code /metrics}, and how long an idle connection is
 * kept. Read from settings under one prefix ({@code ingest} or {@code query}):
 * <ul>
 *   <li>{@code <prefix>.tls.keystore.path}, {@code .password}, {@code .type} (PKCS12): serve HTTPS only;</li>
 *   <li>{@code <prefix>.metrics.port} (and {@code .host}), {@code <prefix>.metrics.token} (or
 *       {@code .token.file}), {@code <prefix>.metrics.open}: see {@link MetricsAccess};</li>
 *   <li>{@code <prefix>.idle.timeout.ms} (30 s): a connection that sends nothing for that long is closed, so a
 *       client that stops in the middle of a request does not hold a thread and its memory.</li>
 * </ul>
 */
public record ListenerOptions(Optional<Keystore> tls, MetricsAccess metrics, Duration idleTimeout) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Plain HTTP, metrics open on the main port: tests. */
  public static ListenerOptions plain() {
    return new ListenerOptions(Optional.empty(), MetricsAccess.openAccess(), DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * The options under {@code prefix}.
   *
   * @param metricsOpenByDefault whether /metrics is open on the main port when nothing about metrics is set (the
   *     local stack on loopback; production answers 404 until an operator chooses a port or a token)
   */
  public static ListenerOptions from(Settings s, String prefix, boolean metricsOpenByDefault) {
    Optional<Keystore> tls = s.find(prefix + ".tls.keystore.path").map(path -> new Keystore(Path.of(path),
        s.find(prefix + ".tls.keystore.password").orElseThrow(() -> new IllegalArgumentException(
            prefix + ".tls.keystore.password is required with " + prefix + ".tls.keystore.path")),
        s.get(prefix + ".tls.keystore.type", "PKCS12")).checked(prefix + ".tls.keystore"));
    Optional<Integer> metricsPort = s.find(prefix + ".metrics.port").map(p -> {
      int port = s.getInt(prefix + ".metrics.port", 0);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(prefix + ".metrics.port must be 0-65535 (0: any free port), got " + p);
      }
      return port;
    });
    Optional<String> token = s.find(prefix + ".metrics.token")
        .or(() -> s.find(prefix + ".metrics.token.file").map(f -> read(Path.of(f), prefix + ".metrics.token.file")));
    boolean open = s.getBoolean(prefix + ".metrics.open", metricsOpenByDefault);
    MetricsAccess metrics;
    try {
      metrics = new MetricsAccess(s.find(prefix + ".metrics.host"), metricsPort, token, open);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + ".metrics.token: " + e.getMessage(), e);
    }
    long idle = s.getLong(prefix + ".idle.timeout.ms", DEFAULT_IDLE_TIMEOUT.toMillis());
    if (idle < 100) {
      throw new IllegalArgumentException(prefix + ".idle.timeout.ms must be at least 100, got " + idle);
    }
    return new ListenerOptions(tls, metrics, Duration.ofMillis(idle));
  }

  private static String read(Path file, String setting) {
    try {
      return java.nio.file.Files.readString(file).strip();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(setting + ": cannot read " + file, e);
    }
  }
}
