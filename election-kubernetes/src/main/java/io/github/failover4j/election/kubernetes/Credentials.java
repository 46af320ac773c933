package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The API server's access as one credential source found it — the pod's service account or a
 * kubeconfig — with the namespace that source names, if any.
 *
 * @param access the server and the credentials
 * @param namespace the source's namespace: the service account's, or the kubeconfig context's
 */
record Credentials(ApiAccess access, Optional<String> namespace) {

  /**
   * Reads a file of certificates, adding the problem if it cannot be had.
   *
   * @param key the setting or kubeconfig field that names it, for the problem
   * @param file the file
   * @param problems where problems are added
   * @return the certificates, or empty
   */
  static Optional<List<X509Certificate>> certificates(String key, Path file, List<String> problems) {
    try {
      return certificates(key + ": " + file, Files.readAllBytes(file), problems);
    } catch (IOException e) {
      problems.add(key + ": " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  /**
   * Reads certificates from PEM bytes, adding the problem if they are not.
   *
   * @param where what held them, for the problem
   * @param pem the PEM text
   * @param problems where problems are added
   * @return the certificates, or empty
   */
  static Optional<List<X509Certificate>> certificates(String where, byte[] pem, List<String> problems) {
    try {
      return Optional.of(Pem.certificates(pem));
    } catch (Pem.Unreadable e) {
      problems.add(where + " " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads a private key from a secret file (refused if every user may read it), adding the problem
   * if it cannot be had.
   *
   * @param key the setting or kubeconfig field that names it
   * @param file the file
   * @param problems where problems are added
   * @return the key, or empty
   */
  static Optional<PrivateKey> privateKey(String key, Path file, List<String> problems) {
    try {
      return privateKey(key + ": " + file, Secret.fromFile(file).reveal().getBytes(StandardCharsets.US_ASCII), problems);
    } catch (Secret.Unavailable e) {
      problems.add(key + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads a private key from PEM bytes, adding the problem if it is not one.
   *
   * @param where what held it, for the problem
   * @param pem the PEM text
   * @param problems where problems are added
   * @return the key, or empty
   */
  static Optional<PrivateKey> privateKey(String where, byte[] pem, List<String> problems) {
    try {
      return Optional.of(Pem.privateKey(pem));
    } catch (Pem.Unreadable e) {
      problems.add(where + " " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reads a token file through {@link BearerToken#fromFile}, adding the problem if it cannot be had.
   *
   * @param key the setting or kubeconfig field that names it
   * @param file the file
   * @param hint what to do about a file readable by every user, appended to that problem, or empty
   * @param problems where problems are added
   * @return the token, or empty
   */
  static Optional<BearerToken> tokenFile(String key, Path file, String hint, List<String> problems) {
    try {
      return Optional.of(BearerToken.fromFile(file));
    } catch (Secret.Unavailable e) {
      problems.add(key + ": " + e.getMessage() + (e.getMessage().contains("every user") ? hint : ""));
      return Optional.empty();
    }
  }
}
