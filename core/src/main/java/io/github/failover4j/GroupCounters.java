package io.github.failover4j;

import io.github.failover4j.vrrp.VrrpDecodeException;
import java.time.Duration;
import java.util.Map;

/**
 * What a group has done and seen since it started.
 *
 * @param advertsSent advertisements sent (to each unicast peer counted once per peer)
 * @param advertsReceived valid advertisements received for this group
 * @param priorityZeroSent releases sent
 * @param priorityZeroReceived releases received
 * @param invalid packets for this VRID that failed a receive check, by reason
 * @param notFromPeer unicast advertisements from an address that is not a configured peer
 * @param wrongDestination multicast advertisements to a unicast group, or unicast ones to a
 *     multicast group
 * @param addressListMismatches valid advertisements listing other addresses than ours (logged,
 *     not dropped: RFC 9568 §7.1)
 * @param sendErrors advertisements the kernel refused (e.g. while the link is down)
 * @param transitions role changes
 * @param timeInRole time spent in each role
 * @param moverFailures failed claims or releases of an IP mover (each is retried)
 * @param engineStalls times the engine thread woke a quarter of the shortest interval late or
 *     more (GC pauses, CPU starvation): the main cause of false failovers on a JVM
 */
public record GroupCounters(
    long advertsSent,
    long advertsReceived,
    long priorityZeroSent,
    long priorityZeroReceived,
    Map<VrrpDecodeException.Reason, Long> invalid,
    long notFromPeer,
    long wrongDestination,
    long addressListMismatches,
    long sendErrors,
    long transitions,
    Map<Role, Duration> timeInRole,
    long moverFailures,
    long engineStalls) {

  /** Copies the maps. */
  public GroupCounters {
    invalid = Map.copyOf(invalid);
    timeInRole = Map.copyOf(timeInRole);
  }

  /**
   * Returns every packet dropped for this group, whatever the reason.
   *
   * @return the total
   */
  public long dropped() {
    return invalid.values().stream().mapToLong(Long::longValue).sum() + notFromPeer + wrongDestination;
  }
}
