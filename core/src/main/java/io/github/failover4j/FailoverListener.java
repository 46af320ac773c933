package io.github.failover4j;

/**
 * Told of every role change of a group, edge-triggered and in order, on the executor it was added
 * with. The engine thread only queues the change: even with {@code Runnable::run} a listener runs on
 * failover4j's event thread, so a slow listener delays other listeners, never an advertisement. It must be fast and must not throw (what it throws is logged
 * and dropped): like OkHttp's {@code EventListener}, it observes, it does not steer.
 */
@FunctionalInterface
public interface FailoverListener {
  /**
   * A role change happened.
   *
   * @param change what changed and why
   */
  void onRoleChange(RoleChange change);
}
