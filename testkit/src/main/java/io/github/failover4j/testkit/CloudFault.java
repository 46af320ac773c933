package io.github.failover4j.testkit;

/** A failure a {@link SimulatedCloud} gives a call instead of doing it. */
public enum CloudFault {
  /** HTTP 5xx: retryable. */
  SERVER_ERROR,
  /** HTTP 429 with a {@code Retry-After}: retryable, no sooner than asked. */
  RATE_LIMITED,
  /** HTTP 423: another write on the same address is in progress or has just finished; retryable. */
  LOCKED,
  /** No answer at all: the caller's deadline has to cancel the call. A write may still land. */
  TIMEOUT,
  /** The whole API is down for a while: every call fails with a 503. */
  OUTAGE,
  /** HTTP 403 for every call of one node (a revoked token): permanent. */
  FORBIDDEN
}
