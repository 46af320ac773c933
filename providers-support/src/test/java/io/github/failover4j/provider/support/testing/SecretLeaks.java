package io.github.failover4j.provider.support.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.spi.IpMoverException;
import java.util.Collection;
import java.util.List;

/**
 * Checks that a secret (a password, an API token, a signing key) shows nowhere a person could read
 * it: in no exception message, no {@code toString()} and no log line.
 */
public final class SecretLeaks {
  /** Any this many characters of a secret in a row count as showing it. */
  private static final int PART = 10;

  /** An operation that may fail. */
  @FunctionalInterface
  public interface Operation {
    /**
     * Runs it.
     *
     * @throws IpMoverException as the mover throws
     */
    void run() throws IpMoverException;
  }

  private SecretLeaks() {}

  /**
   * Runs an operation and, if it fails, keeps what its failure shows: the message and
   * {@code toString()} of the exception and of each of its causes.
   *
   * @param shown where the texts are added
   * @param operation the operation
   */
  public static void attempt(List<String> shown, Operation operation) {
    try {
      operation.run();
    } catch (IpMoverException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        shown.add(String.valueOf(t.getMessage()));
        shown.add(t.toString());
      }
    }
  }

  /**
   * Asserts that not even a part of a secret (any 10 characters of it in a row) shows in the texts
   * or in a line {@link LogCapture} kept. A failure names the text, with the part replaced: the
   * report must not show the secret either.
   *
   * @param secret the secret
   * @param shown what the movers showed: exception messages, {@code toString()}s; not empty
   */
  public static void assertNowhere(String secret, Collection<String> shown) {
    List<String> logs = LogCapture.lines();
    assertFalse(shown.isEmpty(), "nothing shown to check");
    assertFalse(logs.isEmpty(), "no log line to check");
    // a secret shorter than that is looked for whole
    int length = Math.min(PART, secret.length());
    for (int i = 0; i + length <= secret.length(); i++) {
      String part = secret.substring(i, i + length);
      for (String text : shown) {
        if (text.contains(part)) {
          fail("an exception or toString shows a secret: " + text.replace(part, "<part of the secret>"));
        }
      }
      for (String line : logs) {
        if (line.contains(part)) {
          fail("a log line shows a secret: " + line.replace(part, "<part of the secret>"));
        }
      }
    }
  }
}
