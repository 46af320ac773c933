package io.github.failover4j.spi;

/** An IP mover operation that failed. Its message must name the operation and carry no secret. */
public class IpMoverException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   */
  public IpMoverException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed
   * @param cause why
   */
  public IpMoverException(String message, Throwable cause) {
    super(message, cause);
  }
}
