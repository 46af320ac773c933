package io.github.failover4j;

import java.time.Instant;

/**
 * The priority a group advertises changed: base priority, plus the weights of what it tracks, minus
 * its demotion, clamped to 1..254.
 *
 * @param group the group's name
 * @param from the priority before
 * @param to the priority now, advertised from the next advertisement on
 * @param reason what changed, e.g. {@code "check webport failing (weight -60)"} or
 *     {@code "demoted by 50 (maintenance)"}
 * @param at when, by the wall clock
 */
public record PriorityChange(String group, int from, int to, String reason, Instant at) implements GroupEvent {
  @Override
  public String toString() {
    return group + ": priority " + from + " -> " + to + " (" + reason + ")";
  }
}
