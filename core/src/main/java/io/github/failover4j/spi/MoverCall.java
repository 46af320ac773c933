package io.github.failover4j.spi;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One operation of an {@link IpMover} in progress: its deadline and its cancellation. The driver
 * cancels an operation when its deadline passes, when the group's wish changes (a claim in flight
 * when the role is lost), or when the group closes. A mover registers how to abort what it is
 * blocked in ({@code call::cancel} for an OkHttp call) and waits between polls with
 * {@link #pause}, so that a cancelled operation returns at once.
 */
public interface MoverCall {
  /**
   * Returns the time left until the operation's deadline: a mover bounds its own waits (HTTP
   * timeouts, polling an asynchronous action) by it.
   *
   * @return the time left; zero or negative when past
   */
  Duration remaining();

  /**
   * Tells whether the operation was cancelled (or its deadline passed).
   *
   * @return true if the mover should stop and throw {@link IpMoverException#cancelled}
   */
  boolean cancelled();

  /**
   * Registers what aborts the blocking work of this operation; it runs once, on the thread that
   * cancels, at once if already cancelled. Registering again replaces the previous one (one HTTP
   * call at a time).
   *
   * @param abort e.g. {@code call::cancel}
   */
  void onCancel(Runnable abort);

  /**
   * Waits, e.g. between two polls of a provider's asynchronous action, unless cancelled.
   *
   * @param delay how long
   * @throws IpMoverException of kind {@link IpMoverException.Kind#CANCELLED} if cancelled before or
   *     while waiting, or if the wait would pass the deadline
   */
  void pause(Duration delay) throws IpMoverException;

  /**
   * Returns the fencing token of the term this operation acts for: when the group's leadership comes
   * from a lease (etcd, a Kubernetes Lease), the token of the lease it held when it became MASTER;
   * it grows with every new holder (etcd: the leader key's create revision; Kubernetes: the Lease's
   * {@code leaseTransitions}). A mover whose backend can compare it (an API of your own, a row in a
   * database) passes it on, so that a call of a stale leader, one that lost the lease while its call
   * was on its way, is refused there. The driver itself cancels the operation once the term ends.
   *
   * @return the token, on the operations run while the group holds the addresses under a lease;
   *     empty under VRRP, which has no terms, and on a release
   */
  default OptionalLong fencingToken() {
    return OptionalLong.empty();
  }
}
