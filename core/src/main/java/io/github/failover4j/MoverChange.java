package io.github.failover4j;

import java.time.Instant;

/**
 * An IP mover of a group changed state: it settles, claims, holds, fails, releases.
 *
 * @param group the group's name
 * @param mover the mover's name
 * @param from its previous state
 * @param to its state now
 * @param detail why, in words: the holder it saw, the error, the latency; never a secret
 * @param at when, by the wall clock
 */
public record MoverChange(String group, String mover, MoverState from, MoverState to, String detail, Instant at)
    implements GroupEvent {

  @Override
  public String toString() {
    return group + ": mover " + mover + " " + from + " -> " + to + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
