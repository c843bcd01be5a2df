package org.dnregistry.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets (tokens, the pseudonym secret). The file is created with owner-only permissions
 * (0600) by the same system call that creates it, never chmod-ed afterwards: between a create with the default
 * umask (often 0644) and a later chmod, any local user could open it and keep the descriptor. The content is
 * written to a private temporary file in the same folder first and then linked into place, so the target is
 * either absent or complete, even after a crash, and another process never reads half a secret.
 */
public final class SecretFiles {
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretFiles() {}

  /**
   * Creates {@code file} holding {@code content} with owner-only permissions.
   *
   * @throws FileAlreadyExistsException when it exists already (another process may have created it first)
   */
  public static void createNew(Path file, String content) throws IOException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = privateTemp(target);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        // link(2) fails if the target exists: an atomic "create if absent" of a complete file.
        Files.createLink(target, tmp);
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        if (noLinks instanceof FileAlreadyExistsException exists) {
          throw exists;
        }
        // A file system without hard links: a plain move, which also refuses an existing target.
        Files.move(tmp, target);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path privateTemp(Path target) throws IOException {
    Path dir = target.getParent();
    // Where the file system is not POSIX (Windows) there are no mode bits to set at creation.
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    return Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
  }
}
