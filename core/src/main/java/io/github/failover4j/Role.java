package io.github.failover4j;

import io.github.failover4j.vrrp.VrrpState;

/** What a failover group is doing for its virtual addresses. */
public enum Role {
  /** Not started, or closed. */
  INITIALIZE,
  /** Ready to take over; does not hold the addresses. */
  BACKUP,
  /** Holds the addresses and advertises. */
  MASTER,
  /** Cannot take part (its interface is down); does not hold the addresses. */
  FAULT;

  /**
   * Returns the role of a VRRP state.
   *
   * @param state the state
   * @return the role
   */
  public static Role of(VrrpState state) {
    return switch (state) {
      case INITIALIZE -> INITIALIZE;
      case BACKUP -> BACKUP;
      case MASTER -> MASTER;
      case FAULT -> FAULT;
    };
  }
}
