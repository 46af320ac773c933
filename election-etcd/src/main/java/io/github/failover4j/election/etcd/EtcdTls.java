package io.github.failover4j.election.etcd;

import io.github.failover4j.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS of the connections to etcd, from PEM files: the CA that signed the servers' certificates
 * ({@code tls.ca}) and this client's certificate and key ({@code tls.cert}, {@code tls.key}), as
 * etcd's {@code --trusted-ca-file} and {@code --client-cert-auth} expect them. The key is an
 * unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519); its file must not be
 * readable by every user. Built with the JDK alone.
 */
final class EtcdTls {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final String KEY_ALGORITHMS_TRIED = "RSA, EC, Ed25519";

  private final SSLSocketFactory socketFactory;
  private final X509TrustManager trustManager;
  private final String description;

  private EtcdTls(SSLSocketFactory socketFactory, X509TrustManager trustManager, String description) {
    this.socketFactory = socketFactory;
    this.trustManager = trustManager;
    this.description = description;
  }

  /**
   * Reads the files; nothing if none is named.
   *
   * @param ca the CA's certificates, or the JDK's trusted ones
   * @param cert this client's certificate chain; with {@code key}
   * @param key this client's key
   * @param problems where each problem is added
   * @return the TLS settings, or empty if none is set or a problem was added
   */
  static Optional<EtcdTls> read(Optional<Path> ca, Optional<Path> cert, Optional<Path> key, List<String> problems) {
    if (ca.isEmpty() && cert.isEmpty() && key.isEmpty()) {
      return Optional.empty();
    }
    int before = problems.size();
    if (cert.isPresent() != key.isPresent()) {
      problems.add(cert.isPresent() ? "tls.key: missing (expected: with tls.cert, the client's PKCS#8 key file)"
          : "tls.cert: missing (expected: with tls.key, the client's certificate file)");
    }
    List<Certificate> authorities = ca.map(file -> certificates("tls.ca", file, problems)).orElse(List.of());
    List<Certificate> chain = cert.map(file -> certificates("tls.cert", file, problems)).orElse(List.of());
    PrivateKey privateKey = key.filter(k -> cert.isPresent()).map(file -> privateKey(file, problems)).orElse(null);
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(ca.isPresent() ? store(authorities, null, null) : null);
      KeyManagerFactory keys = null;
      if (privateKey != null) {
        // the in-memory store's password protects nothing: it never leaves this method
        char[] storePassword = new char[0];
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store(chain, privateKey, storePassword), storePassword);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trustManagers = trust.getTrustManagers();
      context.init(keys == null ? null : keys.getKeyManagers(), trustManagers, null);
      String description = "EtcdTls(" + ca.map(p -> "ca " + p).orElse("the JDK's CAs")
          + cert.map(p -> ", client certificate " + p).orElse("") + ")";
      return Optional.of(new EtcdTls(context.getSocketFactory(), (X509TrustManager) trustManagers[0], description));
    } catch (GeneralSecurityException | IOException e) {
      problems.add("tls: the certificates cannot be used (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  X509TrustManager trustManager() {
    return trustManager;
  }

  private static KeyStore store(List<Certificate> certificates, PrivateKey key, char[] password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    if (key != null) {
      store.setKeyEntry("client", key, password, certificates.toArray(Certificate[]::new));
    } else {
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
    }
    return store;
  }

  private static List<Certificate> certificates(String key, Path file, List<String> problems) {
    try {
      List<Certificate> certificates = new ArrayList<>();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(Files.readString(file), "CERTIFICATE")) {
        certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      }
      if (certificates.isEmpty()) {
        problems.add(key + ": " + file + " holds no certificate (expected: PEM, BEGIN CERTIFICATE)");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      problems.add(key + ": " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return List.of();
    }
  }

  private static PrivateKey privateKey(Path file, List<String> problems) {
    Secret pem;
    try {
      pem = Secret.fromFile(file);
    } catch (Secret.Unavailable e) {
      problems.add("tls.key: " + e.getMessage());
      return null;
    }
    List<byte[]> blocks;
    try {
      blocks = blocks(pem.reveal(), "PRIVATE KEY");
    } catch (IllegalArgumentException e) {
      blocks = List.of();
    }
    if (blocks.size() != 1) {
      // no quote of the content: it is the key
      problems.add("tls.key: " + file + " holds no unencrypted PKCS#8 key (expected: BEGIN PRIVATE KEY;"
          + " convert with openssl pkcs8 -topk8 -nocrypt)");
      return null;
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.get(0));
    for (String algorithm : KEY_ALGORITHMS_TRIED.split(", ")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm's key: the next
      }
    }
    problems.add("tls.key: " + file + " holds a key of none of " + KEY_ALGORITHMS_TRIED);
    return null;
  }

  /** The DER contents of the PEM blocks of one type. */
  private static List<byte[]> blocks(String text, String type) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return blocks;
  }

  @Override
  public String toString() {
    return description;
  }
}
