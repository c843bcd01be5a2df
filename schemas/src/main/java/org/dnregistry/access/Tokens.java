package org.dnregistry.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens file of REFERENCE section 3: {@code {"tokens": [{"token", "role", "clinicId"?}]}}.
 * Tokens are kept only as SHA-256 digests and compared in constant time, so neither timing nor a heap dump
 * gives one away.
 */
public final class Tokens {
  private record Entry(byte[] digest, Principal principal) {}

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Tokens load(Path file) {
    try {
      return parse(new ObjectMapper().readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  public static Tokens parse(JsonNode root, String origin) {
    JsonNode list = root.path("tokens");
    if (!list.isArray()) {
      throw new IllegalArgumentException(origin + ": expected {\"tokens\": [...]}");
    }
    var entries = new ArrayList<Entry>();
    // Digest (hex) -> index of the entry that holds it: a token listed twice is refused, because which of its
    // roles or clinics a request gets would then depend on the order of the file.
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode t = list.get(i);
      String token = t.path("token").asText("");
      if (token.length() < 16) {
        throw new IllegalArgumentException(origin + ": tokens[" + i + "].token must be at least 16 characters");
      }
      Role role;
      try {
        role = Role.valueOf(t.path("role").asText("").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ": tokens[" + i + "].role must be clinic, admin or viewer", e);
      }
      String clinicId = t.hasNonNull("clinicId") ? t.get("clinicId").asText() : null;
      byte[] digest = digest(token);
      Integer first = seen.putIfAbsent(HexFormat.of().formatHex(digest), i);
      if (first != null) {
        // The token itself is never echoed: the message names positions only.
        throw new IllegalArgumentException(origin + ": tokens[" + i + "].token is the same as tokens[" + first
            + "].token; every token must be unique (give each holder its own)");
      }
      try {
        entries.add(new Entry(digest, new Principal(role, role == Role.CLINIC ? clinicId : null)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ": tokens[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new Tokens(entries);
  }

  /** The principal of a presented token; every entry is compared, so the time does not depend on which matched. */
  public Optional<Principal> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] d = digest(presented);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest, d)) {
        found = e.principal;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The principal of an {@code Authorization: Bearer <token>} header value. */
  public Optional<Principal> authenticateHeader(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return authenticate(authorization.substring(7).trim());
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
