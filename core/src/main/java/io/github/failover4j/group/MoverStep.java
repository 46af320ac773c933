package io.github.failover4j.group;

/** The operations of an {@link io.github.failover4j.spi.IpMover}, as a driver runs them. */
public enum MoverStep {
  /** {@link io.github.failover4j.spi.IpMover#observe}: who holds the addresses. */
  OBSERVE,
  /** {@link io.github.failover4j.spi.IpMover#claim}. */
  CLAIM,
  /** {@link io.github.failover4j.spi.IpMover#release}. */
  RELEASE,
  /** {@link io.github.failover4j.spi.IpMover#reannounce}. */
  REANNOUNCE
}
