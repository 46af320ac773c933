package io.github.failover4j.vrrp;

/** The states of a virtual router (RFC 9568 §6.4 calls MASTER "Active"), plus FAULT. */
public enum VrrpState {
  /** Not started, or shut down: sends nothing, owns nothing. */
  INITIALIZE,
  /** Watching the master's advertisements, ready to take over. */
  BACKUP,
  /** Sending advertisements and owning the virtual addresses. */
  MASTER,
  /**
   * Cannot take part, e.g. because its interface is down (keepalived's FAULT). Not an RFC state: it
   * behaves like INITIALIZE until the fault clears, then starts again.
   */
  FAULT
}
