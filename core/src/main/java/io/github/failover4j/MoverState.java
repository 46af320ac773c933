package io.github.failover4j;

/** What one IP mover of a group is doing. */
public enum MoverState {
  /** Nothing wanted of it: the group is not MASTER (a cloud mover leaves the addresses where they are). */
  IDLE,
  /** The group became MASTER; a cloud claim waits for the settle time, so a flap does not move the IP. */
  SETTLING,
  /** Checking, claiming and verifying the addresses. */
  CLAIMING,
  /** Verified: this node holds the addresses; re-checked every reconcile interval. */
  HOLDING,
  /** Giving the addresses up (the local interface, or a cloud mover asked to unassign). */
  RELEASING,
  /** The last attempt failed; the next one is scheduled (see the status's last error). */
  FAILING
}
