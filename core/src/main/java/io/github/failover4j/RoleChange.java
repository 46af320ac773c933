package io.github.failover4j;

import io.github.failover4j.vrrp.TransitionCause;
import java.time.Instant;

/**
 * One role change of a group.
 *
 * @param group the group's name
 * @param from the role before
 * @param to the role after
 * @param cause why, as the state machine saw it
 * @param reason the cause for people, e.g. {@code "master down after 361.2 ms"}
 * @param at when, by the wall clock
 */
public record RoleChange(String group, Role from, Role to, TransitionCause cause, String reason, Instant at) {
  @Override
  public String toString() {
    return group + ": " + from + " -> " + to + " (" + reason + ")";
  }
}
