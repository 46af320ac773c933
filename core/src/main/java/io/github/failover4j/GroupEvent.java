package io.github.failover4j;

import java.time.Instant;

/**
 * Something that happened to a group, told to its {@link FailoverListener listeners} in the order it
 * happened: a role change, a change of the priority it advertises, a change of something it
 * tracks, a change of an IP mover's state, or a split brain a mover found.
 */
public sealed interface GroupEvent permits RoleChange, PriorityChange, TrackChange, MoverChange, SplitBrain {
  /**
   * Returns the group's name.
   *
   * @return the name
   */
  String group();

  /**
   * Returns when it happened, by the wall clock.
   *
   * @return the time
   */
  Instant at();
}
