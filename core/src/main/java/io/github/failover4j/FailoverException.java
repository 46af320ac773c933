package io.github.failover4j;

/** Something failover4j could not do; the message says what and, where it can, how to fix it. */
public class FailoverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   */
  public FailoverException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed
   * @param cause why
   */
  public FailoverException(String message, Throwable cause) {
    super(message, cause);
  }
}
