package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token a request carries: given once (a kubeconfig's {@code token}) or read from a file
 * that the kubelet rotates (a service account's projected token, a kubeconfig's
 * {@code tokenFile}), which is read again whenever its modification time changes. A rotation
 * caught half-written keeps the previous token until the next request.
 */
final class BearerToken {
  private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);

  private final Optional<Path> file;
  private Secret token;
  private FileTime readAt;

  private BearerToken(Optional<Path> file, Secret token, FileTime readAt) {
    this.file = file;
    this.token = token;
    this.readAt = readAt;
  }

  /**
   * A token that does not change.
   *
   * @param token the token
   * @return the bearer token
   */
  static BearerToken of(Secret token) {
    return new BearerToken(Optional.empty(), token, null);
  }

  /**
   * A token read from a file now and again whenever the file changes.
   *
   * @param file the file; refused if every user may read it
   * @return the bearer token
   * @throws Secret.Unavailable if the file cannot be read, is empty or is readable by every user
   */
  static BearerToken fromFile(Path file) {
    FileTime modified = modified(file);
    return new BearerToken(Optional.of(file), Secret.fromFile(file), modified);
  }

  /**
   * Returns the current token, reading the file again if it changed.
   *
   * @return the token
   */
  synchronized Secret current() {
    if (file.isPresent()) {
      FileTime modified = modified(file.get());
      if (modified != null && !modified.equals(readAt)) {
        try {
          token = Secret.fromFile(file.get());
          readAt = modified;
        } catch (Secret.Unavailable e) {
          LOG.warn("bearer token not read again, the previous one is kept: {}", e.getMessage());
        }
      }
    }
    return token;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "BearerToken(" + file.map(f -> "file " + f).orElse("given") + ")";
  }
}
