package org.dnregistry.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the client authenticates to the registry: nothing, HTTP Basic or a static bearer token. The secret
 * never leaves this class except as the Authorization header: {@link #toString()} names only the scheme, and
 * {@link #redact(String)} scrubs it from any text (a registry or proxy could echo it back in an error).
 */
public final class RegistryCredentials {
  private static final RegistryCredentials NONE = new RegistryCredentials("none", null, List.of());

  private final String scheme;
  private final String authorization;
  private final List<String> secrets;

  private RegistryCredentials(String scheme, String authorization, List<String> secrets) {
    this.scheme = scheme;
    this.authorization = authorization;
    this.secrets = secrets;
  }

  public static RegistryCredentials none() {
    return NONE;
  }

  /** HTTP Basic from Confluent's {@code basic.auth.user.info} form, {@code user:password}. */
  public static RegistryCredentials basic(String userInfo) {
    int colon = userInfo == null ? -1 : userInfo.indexOf(':');
    if (colon < 0) {
      // Never echo the value: it is (or contains) the secret.
      throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_USER_INFO + " must have the form user:password");
    }
    String encoded = Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    String password = userInfo.substring(colon + 1);
    return new RegistryCredentials("basic", "Basic " + encoded,
        List.of(userInfo, encoded, password).stream().filter(s -> !s.isEmpty()).toList());
  }

  public static RegistryCredentials bearer(String token) {
    if (token == null || token.isBlank()) {
      throw new ConfigException(AvroSerdeConfig.BEARER_AUTH_TOKEN + " is empty");
    }
    return new RegistryCredentials("bearer", "Bearer " + token, List.of(token));
  }

  /**
   * Credentials from serde configs, as Confluent's clients read them. {@code urlUserInfo} is the user info of the
   * registry URL, if any (used when {@code basic.auth.credentials.source=URL}, or when nothing else is set).
   */
  public static RegistryCredentials fromConfig(AvroSerdeConfig config, Optional<String> urlUserInfo) {
    config.bearerAuthCredentialsSource().filter(s -> !s.equals("STATIC_TOKEN")).ifPresent(s -> {
      throw new ConfigException(AvroSerdeConfig.BEARER_AUTH_CREDENTIALS_SOURCE, s, "only STATIC_TOKEN is supported");
    });
    Optional<String> source = config.basicAuthCredentialsSource();
    Optional<String> userInfo = switch (source.orElse("")) {
      case "URL" -> urlUserInfo;
      case "USER_INFO" -> config.basicAuthUserInfo();
      case "" -> config.basicAuthUserInfo().or(() -> urlUserInfo);
      default -> throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source.get(),
          "only USER_INFO and URL are supported");
    };
    Optional<String> token = config.bearerAuthToken();
    if (userInfo.isPresent() && token.isPresent()) {
      throw new ConfigException("set either " + AvroSerdeConfig.BASIC_AUTH_USER_INFO + " or "
          + AvroSerdeConfig.BEARER_AUTH_TOKEN + ", not both");
    }
    if (source.filter(s -> s.equals("USER_INFO")).isPresent() && userInfo.isEmpty()) {
      throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
          + AvroSerdeConfig.BASIC_AUTH_USER_INFO);
    }
    if (userInfo.isPresent()) {
      return basic(userInfo.get());
    }
    return token.map(RegistryCredentials::bearer).orElse(NONE);
  }

  /** The user info of a URL, decoded, if it has one. */
  static Optional<String> userInfoOf(URI uri) {
    return Optional.ofNullable(uri.getUserInfo()).filter(s -> !s.isEmpty());
  }

  Optional<String> authorizationHeader() {
    return Optional.ofNullable(authorization);
  }

  /** The text with every secret replaced by {@code ***}. */
  String redact(String text) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "***");
    }
    return out;
  }

  @Override
  public String toString() {
    return "RegistryCredentials[" + scheme + "]";
  }
}
