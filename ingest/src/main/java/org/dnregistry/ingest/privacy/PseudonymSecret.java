package org.dnregistry.ingest.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.dnregistry.config.SecretFiles;
import org.dnregistry.config.Settings;

/**
 * Where the network's pseudonym secret comes from. Production: {@code ingest.pseudonym.secret} or a file named by
 * {@code ingest.pseudonym.secret.file}; without either the gateway refuses to start, because a generated secret would
 * silently change every pseudonym on the next restart. Local mode: generated once and kept in the data dir
 * (owner-only permissions) so pseudonyms are stable across restarts. The secret is never logged.
 */
public final class PseudonymSecret {
  public static final String SECRET = "ingest.pseudonym.secret";
  public static final String SECRET_FILE = "ingest.pseudonym.secret.file";
  static final String LOCAL_FILE_NAME = "pseudonym.secret";

  private PseudonymSecret() {}

  /**
   * The secret bytes for these settings.
   *
   * @param localDataDir the data dir when running in local mode, empty in production
   */
  public static byte[] resolve(Settings settings, Optional<Path> localDataDir) {
    Optional<String> inline = settings.find(SECRET);
    if (inline.isPresent()) {
      return checked(inline.get().getBytes(StandardCharsets.UTF_8), "setting " + SECRET);
    }
    Optional<String> file = settings.find(SECRET_FILE);
    if (file.isPresent()) {
      return checked(read(Path.of(file.get())), "file " + file.get() + " (" + SECRET_FILE + ")");
    }
    if (localDataDir.isPresent()) {
      return localSecret(localDataDir.get());
    }
    throw new IllegalStateException("no pseudonym secret: set " + SECRET + " or " + SECRET_FILE
        + " (the network's secret; every patient pseudonym depends on it, so it must never change)");
  }

  /** Reads the local secret from {@code dir}, creating it on first use (owner-only from its creation on). */
  static byte[] localSecret(Path dir) {
    Path file = dir.resolve(LOCAL_FILE_NAME);
    try {
      Files.createDirectories(dir);
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
          SecretFiles.createNew(file, HexFormat.of().formatHex(random) + "\n");
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first: use theirs.
        }
      }
      return checked(read(file), "file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local pseudonym secret in " + dir, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pseudonym secret file " + file, e);
    }
  }

  private static byte[] checked(byte[] secret, String origin) {
    if (secret.length < Pseudonymizer.MIN_SECRET_BYTES) {
      throw new IllegalStateException("the pseudonym secret from " + origin + " is too short: at least "
          + Pseudonymizer.MIN_SECRET_BYTES + " bytes are needed");
    }
    return secret;
  }
}
