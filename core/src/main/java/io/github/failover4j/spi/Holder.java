package io.github.failover4j.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a mover's addresses, as the provider sees them now: the answer to
 * {@link IpMover#observe}. The driver checks it before it acts and verifies it after.
 *
 * @param state whose they are
 * @param node the other holder's identity (a server id, a port, a service name) when
 *     {@link State#OTHER}, or why it cannot be told when {@link State#UNKNOWN}; empty otherwise
 */
public record Holder(State state, Optional<String> node) {
  /** Whose the addresses are. */
  public enum State {
    /** This node's: nothing to do for a claim. */
    SELF,
    /** Another node's: a claim moves them; a release must leave them alone. */
    OTHER,
    /** Nobody's (unassigned, or not on the interface). */
    NOBODY,
    /** The provider cannot tell (e.g. a holder it may not read); a claim acts anyway. */
    UNKNOWN
  }

  private static final Holder SELF = new Holder(State.SELF, Optional.empty());
  private static final Holder NOBODY = new Holder(State.NOBODY, Optional.empty());

  /** Checks that OTHER and UNKNOWN, and only they, carry a node or a reason. */
  public Holder {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(node, "node");
    boolean named = state == State.OTHER || state == State.UNKNOWN;
    if (node.isPresent() != named) {
      throw new IllegalArgumentException("holder " + state + ": node " + node.orElse("missing")
          + " (expected: a node for OTHER, a reason for UNKNOWN, nothing otherwise)");
    }
  }

  /**
   * This node holds them.
   *
   * @return the holder
   */
  public static Holder self() {
    return SELF;
  }

  /**
   * Another node holds them.
   *
   * @param node its identity, e.g. {@code server 3080230}
   * @return the holder
   */
  public static Holder other(String node) {
    return new Holder(State.OTHER, Optional.of(node));
  }

  /**
   * Nobody holds them.
   *
   * @return the holder
   */
  public static Holder nobody() {
    return NOBODY;
  }

  /**
   * The provider cannot tell who holds them.
   *
   * @param why in words, without secrets
   * @return the holder
   */
  public static Holder unknown(String why) {
    return new Holder(State.UNKNOWN, Optional.of(why));
  }

  /**
   * Tells whether this node holds them.
   *
   * @return true for {@link State#SELF}
   */
  public boolean isSelf() {
    return state == State.SELF;
  }

  @Override
  public String toString() {
    return switch (state) {
      case SELF -> "this node";
      case NOBODY -> "nobody";
      case OTHER -> node.orElseThrow();
      case UNKNOWN -> "unknown (" + node.orElse("") + ")";
    };
  }
}
