package org.dnregistry.localstack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate made with the JDK's own keytool (no library needed), for tests of the HTTPS
 * listeners: a PKCS12 keystore for the server, and an SSLContext that trusts exactly that certificate for the
 * client.
 */
public final class SelfSignedCertificate {
  private final Path keystore;
  private final String password;
  private final X509Certificate certificate;

  private SelfSignedCertificate(Path keystore, String password, X509Certificate certificate) {
    this.keystore = keystore;
    this.password = password;
    this.certificate = certificate;
  }

  /** A certificate for localhost and 127.0.0.1, valid two days, in {@code dir}/server.p12. */
  public static SelfSignedCertificate generate(Path dir) throws IOException, InterruptedException {
    Path keystore = dir.resolve("server.p12");
    String password = "test-keystore-password";
    keytool(List.of("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
    try (var in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return new SelfSignedCertificate(keystore, password, (X509Certificate) store.getCertificate("server"));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the generated keystore", e);
    }
  }

  /** The PKCS12 keystore holding the key and certificate (alias {@code server}). */
  public Path keystore() {
    return keystore;
  }

  public String password() {
    return password;
  }

  /** A client context that trusts this certificate only. */
  public SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(certificate.getEncoded())));
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static void keytool(List<String> args) throws IOException, InterruptedException {
    Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    var command = new java.util.ArrayList<String>(List.of(tool.toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("keytool did not finish within 60 s");
      }
      String output = new String(p.getInputStream().readAllBytes());
      if (p.exitValue() != 0) {
        throw new IOException("keytool failed (" + p.exitValue() + "): " + output);
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
