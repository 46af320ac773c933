package io.github.failover4j;

import java.time.Instant;

/**
 * Something that happened to a group, told to its {@link FailoverListener listeners} in the order it
 * happened: a role change, a change of the priority it advertises, or a change of something it
 * tracks.
 */
public sealed interface GroupEvent permits RoleChange, PriorityChange, TrackChange {
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
