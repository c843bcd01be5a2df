package org.dnregistry.streams.http;

import java.util.Objects;

/**
 * The internal API of a query server: what it answers for ({@code queries}) and the deployment's shared secret
 * ({@code token}; null when only bearer tokens of network-wide roles may call it).
 */
public record InternalApi(InternalQueries queries, InternalToken token) {
  public InternalApi {
    Objects.requireNonNull(queries, "queries");
  }
}
