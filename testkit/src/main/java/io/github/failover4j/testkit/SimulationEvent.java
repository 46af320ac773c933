package io.github.failover4j.testkit;

import io.github.failover4j.vrrp.VrrpAction.Transition;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of a simulation's timeline.
 *
 * @param nanos the virtual time
 * @param router the router it happened to
 * @param kind what happened
 * @param transition the state change, for {@link Kind#TRANSITION}
 */
public record SimulationEvent(long nanos, String router, Kind kind, Optional<Transition> transition) {

  /** What happened. */
  public enum Kind {
    /** The router was started. */
    STARTED,
    /** The router stopped dead: no priority 0, nothing more sent or received. */
    CRASHED,
    /** The router was shut down gracefully. */
    SHUT_DOWN,
    /** The router's link went down. */
    LINK_DOWN,
    /** The router's link came back. */
    LINK_UP,
    /** The router changed state. */
    TRANSITION,
    /** The router took the virtual addresses. */
    CLAIMED,
    /** The router gave the virtual addresses up. */
    RELEASED
  }

  @Override
  public String toString() {
    String what = transition
        .map(t -> t.from() + " -> " + t.to() + " (" + t.cause() + ")")
        .orElse(kind.toString().toLowerCase(Locale.ROOT).replace('_', ' '));
    return String.format(Locale.ROOT, "%12.6f s  %-8s %s", nanos / 1e9, router, what);
  }
}
