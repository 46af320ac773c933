package io.github.failover4j.spi;

import java.util.Objects;

/**
 * A {@link LeaseStore} call that failed, classified so that the driver knows what to do. Whatever
 * the kind, a holder keeps the addresses until its {@link LeaseTiming#renewDeadline()}, never
 * longer: a first transient error does not drop them, a long outage does not keep them. Its
 * message names the operation and the store's error, and carries no secret.
 */
public class ElectionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What the driver does about a failure. */
  public enum Kind {
    /** Transient (unreachable, a timeout, 5xx, a conflict): asked again after the renewal period. */
    RETRYABLE,
    /** Not fixed by asking again (refused credentials, a missing permission): reported, asked again slowly. */
    PERMANENT,
    /** The call was cancelled: its deadline passed or the group closed. */
    CANCELLED
  }

  private final Kind kind;

  /**
   * Creates a failure of a kind.
   *
   * @param kind what the driver should do about it
   * @param message what failed, without secrets
   * @param cause why, or null
   */
  public ElectionException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * A call that was cancelled.
   *
   * @param message which
   * @return the exception
   */
  public static ElectionException cancelled(String message) {
    return new ElectionException(Kind.CANCELLED, message, null);
  }

  /**
   * A failure by HTTP status: 5xx, 408, 409 and 429 are transient, the rest permanent.
   *
   * @param message what failed, with the status, without secrets
   * @param status the HTTP status
   * @return the exception
   */
  public static ElectionException ofHttpStatus(String message, int status) {
    boolean transientStatus = status >= 500 || status == 408 || status == 409 || status == 429;
    return new ElectionException(transientStatus ? Kind.RETRYABLE : Kind.PERMANENT, message, null);
  }

  /**
   * Returns what the driver does about it.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
