package io.github.failover4j.spi;

/**
 * Moves one group's virtual addresses to this node. The driver does the discipline of
 * Pacemaker's cloud agents around it — check ({@link #observe}), act ({@link #claim}), verify
 * ({@link #observe} again) — and re-checks every reconcile interval while MASTER; so each
 * operation does one thing and may block (on a mover thread, never the engine thread).
 *
 * <p>The driver runs at most one operation of a mover at a time, with a deadline and a
 * {@link MoverCall} that is cancelled when the wish changes or the group closes: a mover aborts its
 * HTTP call from {@link MoverCall#onCancel} and waits between polls with {@link MoverCall#pause}.
 * Failures are {@link IpMoverException}s classified as retryable or permanent; their messages,
 * like everything a mover logs, must not contain secrets.
 *
 * <p>Every operation must be idempotent: the driver may repeat one after a timeout whose effect
 * it could not see.
 */
public interface IpMover extends AutoCloseable {
  /** Where a mover's addresses live, which decides how the driver treats them. */
  enum Kind {
    /**
     * On this host (the {@code local} mover): claimed at once, released whenever the group is not
     * MASTER, announced again on request.
     */
    LOCAL,
    /**
     * Routed by a cloud's API: the claim may wait for a settle time, and a release does nothing
     * unless asked, since the next master's claim moves the addresses anyway.
     */
    CLOUD
  }

  /**
   * Tells where this mover's addresses live.
   *
   * @return {@link Kind#CLOUD} unless overridden
   */
  default Kind kind() {
    return Kind.CLOUD;
  }

  /**
   * Tells who holds the addresses now, as the provider sees them. Reads only.
   *
   * @param call the operation's deadline and cancellation
   * @return the holder
   * @throws IpMoverException if it could not be read
   */
  Holder observe(MoverCall call) throws IpMoverException;

  /**
   * Makes this node hold the addresses, and waits until the provider says it is done (an
   * asynchronous action followed to success or error). The driver calls it only when
   * {@link #observe} did not answer {@link Holder.State#SELF}, and verifies it with
   * {@link #observe} afterwards.
   *
   * @param call the operation's deadline and cancellation
   * @param current the holder {@link #observe} just saw, so that a provider that must first take
   *     the addresses from the other holder (Hetzner's alias IPs) knows which
   * @throws IpMoverException if it could not
   */
  void claim(MoverCall call, Holder current) throws IpMoverException;

  /**
   * Makes this node stop holding the addresses. The driver calls it only when {@link #observe}
   * answered {@link Holder.State#SELF}, so it never takes them from another node.
   *
   * @param call the operation's deadline and cancellation
   * @throws IpMoverException if it could not
   */
  void release(MoverCall call) throws IpMoverException;

  /**
   * Announces the held addresses again (gratuitous ARP / unsolicited NA). Cloud movers have
   * nothing to announce: the driver re-checks them instead. The default does nothing.
   *
   * @param call the operation's deadline and cancellation
   * @throws IpMoverException if it could not
   */
  default void reannounce(MoverCall call) throws IpMoverException {}

  /** Frees what the mover holds (sockets, HTTP clients). The addresses stay as they are. */
  @Override
  default void close() {}
}
