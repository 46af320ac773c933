package io.github.failover4j.spi;

/**
 * Moves one group's virtual addresses to or from this node. Every operation is idempotent and, as
 * Pacemaker's cloud agents do, checks the current holder first, acts only if needed, and verifies
 * the result. failover4j calls one mover's operations one at a time, in order, on a mover thread
 * (never the engine thread), so they may block; it retries a failure while the operation is still
 * wanted.
 */
public interface IpMover extends AutoCloseable {
  /**
   * Makes this node hold the addresses.
   *
   * @throws IpMoverException if it could not; the message must not contain secrets
   */
  void claim() throws IpMoverException;

  /**
   * Makes this node stop holding the addresses.
   *
   * @throws IpMoverException if it could not
   */
  void release() throws IpMoverException;

  /**
   * This node is still master but another one acted as master for a while (a partition healed):
   * announce the addresses again or re-check and re-claim them. The default claims again.
   *
   * @throws IpMoverException if it could not
   */
  default void reannounce() throws IpMoverException {
    claim();
  }

  /** Frees what the mover holds (sockets, HTTP clients). The addresses stay as they are. */
  @Override
  default void close() {}
}
