package io.github.failover4j;

import java.time.Instant;

/**
 * The provider, as arbiter, contradicts VRRP: this group is MASTER, yet its mover found the
 * addresses on another node (two masters during a partition, or a node that claimed late).
 *
 * @param group the group's name
 * @param mover the mover that saw it
 * @param holder the other holder, as the provider names it
 * @param action what the group does about it
 * @param at when, by the wall clock
 */
public record SplitBrain(String group, String mover, String holder, MoverOptions.OnSplitBrain action, Instant at)
    implements GroupEvent {

  @Override
  public String toString() {
    return group + ": split brain: mover " + mover + " found the addresses on " + holder + " while MASTER ("
        + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
  }
}
