package io.github.failover4j;

/**
 * Told of every role change of a group, edge-triggered and in order, on the executor it was added
 * with (never on the engine thread). It must be fast and must not throw (what it throws is logged
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
