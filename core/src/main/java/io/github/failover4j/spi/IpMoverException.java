package io.github.failover4j.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An IP mover operation that failed, classified so that the driver knows what to do: retry with
 * backoff, retry no sooner than the provider asked ({@code Retry-After}), or report and stop
 * hammering (a bad token is not fixed by asking again). Its message names the operation and the
 * provider's error code and carries no secret: providers pass error bodies through
 * {@link Secret#redact}, and keep only the provider's code and message.
 */
public class IpMoverException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What the driver does about a failure. */
  public enum Kind {
    /** Transient (5xx, 409 conflict, 423 locked, 429, a timeout, a reset connection): retried with backoff. */
    RETRYABLE,
    /** Not fixed by retrying (401, 403, 404, 422): reported, retried only at the reconcile interval. */
    PERMANENT,
    /** The operation was cancelled: its deadline passed, the wish changed, or the group closed. */
    CANCELLED
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  /**
   * Creates a retryable failure.
   *
   * @param message what failed
   */
  public IpMoverException(String message) {
    this(Kind.RETRYABLE, message, null, null);
  }

  /**
   * Creates a retryable failure with a cause.
   *
   * @param message what failed
   * @param cause why
   */
  public IpMoverException(String message, Throwable cause) {
    this(Kind.RETRYABLE, message, cause, null);
  }

  /**
   * Creates a failure of a kind.
   *
   * @param kind what the driver should do about it
   * @param message what failed, without secrets
   * @param cause why, or null
   * @param retryAfter the least wait the provider asked for, or null
   */
  public IpMoverException(Kind kind, String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  /**
   * A failure that retrying will not fix.
   *
   * @param message what failed
   * @return the exception
   */
  public static IpMoverException permanent(String message) {
    return new IpMoverException(Kind.PERMANENT, message, null, null);
  }

  /**
   * A transient failure after which the provider asked to wait (HTTP 429 with {@code Retry-After},
   * Hetzner's {@code RateLimit-Reset}).
   *
   * @param message what failed
   * @param wait the least wait
   * @return the exception
   */
  public static IpMoverException retryAfter(String message, Duration wait) {
    return new IpMoverException(Kind.RETRYABLE, message, null, wait);
  }

  /**
   * The operation was cancelled.
   *
   * @param message what was cancelled
   * @return the exception
   */
  public static IpMoverException cancelled(String message) {
    return new IpMoverException(Kind.CANCELLED, message, null, null);
  }

  /**
   * Classifies a failed HTTP answer as every cloud API in the field needs: 408, 409, 423, 425,
   * 429 and 5xx are transient; other 4xx (401, 403, 404, 422, …) are permanent.
   *
   * @param message what failed, e.g. {@code assign floating IP 4711: HTTP 503 unavailable (…)}; no secret
   * @param status the HTTP status
   * @param retryAfter the wait the answer asked for, if any
   * @return the exception
   */
  public static IpMoverException ofHttpStatus(String message, int status, Optional<Duration> retryAfter) {
    boolean transientStatus = status >= 500 || status == 408 || status == 409 || status == 423 || status == 425
        || status == 429;
    return new IpMoverException(transientStatus ? Kind.RETRYABLE : Kind.PERMANENT, message, null,
        retryAfter.orElse(null));
  }

  /**
   * Returns what the driver does about this failure.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the least wait before a retry the provider asked for.
   *
   * @return the wait, if the provider said
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
