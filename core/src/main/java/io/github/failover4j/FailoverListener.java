package io.github.failover4j;

/**
 * Told of a group's events, edge-triggered and in the order they happened, on the executor it was
 * added with: role changes, changes of its priority, of what it tracks and of its IP movers, and
 * split brains its movers find. The engine thread
 * only queues the event: even with {@code Runnable::run} a listener runs on failover4j's event
 * thread, so a slow listener delays other listeners, never an advertisement. It must be fast and
 * must not throw (what it throws is logged and dropped): like OkHttp's {@code EventListener}, it
 * observes, it does not steer.
 */
@FunctionalInterface
public interface FailoverListener {
  /**
   * A role change happened.
   *
   * @param change what changed and why
   */
  void onRoleChange(RoleChange change);

  /**
   * The priority the group advertises changed. Does nothing unless overridden.
   *
   * @param change from, to and why
   */
  default void onPriorityChange(PriorityChange change) {}

  /**
   * Something the group tracks changed state. Does nothing unless overridden.
   *
   * @param change what, and what it does to the group now
   */
  default void onTrackChange(TrackChange change) {}

  /**
   * An IP mover of the group changed state (claiming, holding, failing, …). Does nothing unless
   * overridden.
   *
   * @param change the mover, its old and new state, and why
   */
  default void onMoverChange(MoverChange change) {}

  /**
   * A mover found the addresses on another node while the group is MASTER. Does nothing unless
   * overridden.
   *
   * @param splitBrain the mover, the other holder, and what the group does about it
   */
  default void onSplitBrain(SplitBrain splitBrain) {}

  /**
   * Hands any event to its method; how failover4j delivers them.
   *
   * @param event the event
   */
  default void onEvent(GroupEvent event) {
    if (event instanceof RoleChange role) {
      onRoleChange(role);
    } else if (event instanceof PriorityChange priority) {
      onPriorityChange(priority);
    } else if (event instanceof TrackChange track) {
      onTrackChange(track);
    } else if (event instanceof MoverChange mover) {
      onMoverChange(mover);
    } else if (event instanceof SplitBrain splitBrain) {
      onSplitBrain(splitBrain);
    }
  }
}
