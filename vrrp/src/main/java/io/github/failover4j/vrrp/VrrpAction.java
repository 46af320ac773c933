package io.github.failover4j.vrrp;

/**
 * What the caller of a {@link VrrpStateMachine} must do, in the order returned: sends first (they are
 * the most time-critical), then address changes, then the state change to report.
 */
public sealed interface VrrpAction {
  /**
   * Send one advertisement of the configured addresses and interval.
   *
   * @param priority the priority to advertise: the router's own, or 0 when releasing
   */
  record SendAdvertisement(int priority) implements VrrpAction {}

  /** Take the virtual addresses: add them locally, announce them, move them in the cloud. */
  record ClaimAddresses() implements VrrpAction {}

  /** Give the virtual addresses up. */
  record ReleaseAddresses() implements VrrpAction {}

  /**
   * Still MASTER, but another router was also acting as master (a lower priority, or a tie it lost):
   * it yields on our advertisement, but switches, ARP caches and cloud routes may now point at it,
   * so announce the addresses again (the split-brain case of keepalived's {@code
   * garp_lower_prio_repeat} and {@code notify_master_rx_lower_pri}).
   */
  record Reannounce() implements VrrpAction {}

  /**
   * The state changed.
   *
   * @param from the state before
   * @param to the state after
   * @param cause why
   */
  record Transition(VrrpState from, VrrpState to, TransitionCause cause) implements VrrpAction {}
}
