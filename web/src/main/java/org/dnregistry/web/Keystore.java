package org.dnregistry.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Where a server's TLS certificate and private key come from: a PKCS12 (or JKS) keystore file and its password.
 * Checked when the settings are read, so a wrong path or password stops the process at start with a message that
 * names the setting, not at the first TLS handshake.
 */
public record Keystore(Path path, String password, String type) {
  @Override
  public String toString() {
    // Never the password.
    return "Keystore[" + path + ", " + type + "]";
  }

  /** Opens the keystore once and checks that it holds a private key with its certificate. */
  Keystore checked(String setting) {
    KeyStore store;
    try {
      store = KeyStore.getInstance(type);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + ".type: unknown keystore type '" + type + "' (PKCS12 or JKS)", e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + ".path: cannot open " + path + " as a " + type
          + " keystore with " + setting + ".password (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
          return this;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + ".path: cannot read " + path + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(setting + ".path: " + path + " holds no private key with a certificate");
  }
}
