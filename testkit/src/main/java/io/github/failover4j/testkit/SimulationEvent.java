package io.github.failover4j.testkit;

import io.github.failover4j.RoleChange;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of a simulation's timeline.
 *
 * @param nanos the virtual time
 * @param router the router it happened to
 * @param kind what happened
 * @param transition the role change, for {@link Kind#TRANSITION}
 * @param detail what changed, for the kinds other than {@link Kind#TRANSITION}
 */
public record SimulationEvent(long nanos, String router, Kind kind, Optional<RoleChange> transition, String detail) {

  /** What happened. */
  public enum Kind {
    /** The router was started. */
    STARTED("started"),
    /** The router stopped dead: no priority 0, nothing more sent or received. */
    CRASHED("crashed (sent no priority 0)"),
    /** The router was shut down gracefully. */
    SHUT_DOWN("shut down"),
    /** The router's link went down. */
    LINK_DOWN("link down"),
    /** The router's link came back. */
    LINK_UP("link up"),
    /** The router changed state. */
    TRANSITION("changed state"),
    /** The router took the virtual addresses. */
    CLAIMED("claimed the virtual addresses"),
    /** The router gave the virtual addresses up. */
    RELEASED("released the virtual addresses"),
    /** The router's effective priority changed. */
    PRIORITY_CHANGED("priority"),
    /** A check, interface or file the router tracks changed state. */
    TRACK_CHANGED("tracked"),
    /** The router's cloud mover changed state (settling, claiming, holding, failing...). */
    MOVER_CHANGED("mover"),
    /** The router's mover found the addresses on another node while MASTER. */
    SPLIT_BRAIN("split brain:"),
    /** The router's mover-failure policy (a fault or a demotion) started or stopped to apply. */
    CLAIM_FAILING("claim failing:"),
    /** The simulated cloud routed the addresses elsewhere; the router is the one whose call did it. */
    CLOUD_MOVED("cloud moved");

    private final String text;

    Kind(String text) {
      this.text = text;
    }
  }

  @Override
  public String toString() {
    String what = transition.map(t -> t.from() + " -> " + t.to() + " (" + t.cause() + ": " + t.reason() + ")")
        .orElse(detail.isEmpty() ? kind.text : kind.text + " " + detail);
    return String.format(Locale.ROOT, "%12.6f s  %-8s %s", nanos / 1e9, router, what);
  }
}
