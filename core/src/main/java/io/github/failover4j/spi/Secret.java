package io.github.failover4j.spi;

import io.github.failover4j.FailoverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Objects;

/**
 * A secret value — an API token, a password, a key — that never prints: {@link #toString()} says
 * only where it came from, so a secret that reaches a log line, an exception or a status by mistake
 * shows {@code Secret(from file /etc/failover4j/hcloud.token)}, not its value. Read it with
 * {@link #reveal()} where it is used, and nowhere else.
 *
 * <p>From a file, it is refused when the file is readable by every user; from an environment
 * variable, when the variable is unset or empty. Every error names the file or variable and the
 * problem, never the content.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /**
   * Wraps a value the caller already holds.
   *
   * @param value the secret
   * @return the secret
   * @throws IllegalArgumentException if it is empty
   */
  public static Secret of(String value) {
    if (Objects.requireNonNull(value, "value").isEmpty()) {
      throw new IllegalArgumentException("secret: empty (expected: a value)");
    }
    return new Secret(value, "given");
  }

  /**
   * Reads a secret from a file: its content without the surrounding white space (a trailing
   * newline, as {@code echo} writes).
   *
   * @param file the file; it must not be readable by every user (chmod o-r, e.g. 0600 or 0640)
   * @return the secret
   * @throws Unavailable if the file is readable by every user, cannot be read, or is empty
   */
  public static Secret fromFile(Path file) {
    try {
      if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
        throw new Unavailable(file + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)");
      }
      String content = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (content.isEmpty()) {
        throw new Unavailable(file + " is empty (expected: the secret)");
      }
      return new Secret(content, "from file " + file);
    } catch (IOException e) {
      // the exception's class only: its message could quote the file
      throw new Unavailable(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads a secret from an environment variable of this process (e.g. {@code HCLOUD_TOKEN}, as the
   * provider's own command-line tool reads it).
   *
   * @param variable the variable's name
   * @return the secret
   * @throws Unavailable if the variable is unset or empty
   */
  public static Secret fromEnvironment(String variable) {
    return fromEnvironment(variable, System.getenv());
  }

  static Secret fromEnvironment(String variable, Map<String, String> environment) {
    String content = environment.get(Objects.requireNonNull(variable, "variable"));
    if (content == null || content.isBlank()) {
      throw new Unavailable("environment variable " + variable + " is " + (content == null ? "not set" : "empty")
          + " (expected: the secret)");
    }
    return new Secret(content.strip(), "from environment variable " + variable);
  }

  /**
   * Returns the value, for the one place that sends it (a request header, a signature).
   *
   * @return the secret's value
   */
  public String reveal() {
    return value;
  }

  /**
   * Removes this secret from a text that may quote it: a provider's error body, an exception
   * message from a library that echoes the request.
   *
   * @param text the text
   * @return the text with every occurrence of the value replaced by {@code ****}
   */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "****");
  }

  /**
   * Says where the secret came from, never its value.
   *
   * @return e.g. {@code Secret(from environment variable HCLOUD_TOKEN)}
   */
  @Override
  public String toString() {
    return "Secret(" + origin + ")";
  }

  /** A secret that could not be had; the message names where it was looked for, not any content. */
  public static final class Unavailable extends FailoverException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where and what, without any content
     */
    public Unavailable(String message) {
      super(message);
    }
  }
}
