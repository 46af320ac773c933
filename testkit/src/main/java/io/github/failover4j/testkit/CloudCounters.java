package io.github.failover4j.testkit;

import java.util.Map;

/**
 * What a {@link SimulatedCloud} has done so far.
 *
 * @param calls the calls started
 * @param writes the claims and releases among them
 * @param moves the writes that moved an address
 * @param cancelled the calls cancelled by their caller before they answered
 * @param cancelledAfterMoving the cancelled writes that had already moved the address: the request
 *     was served, only its answer was given up
 * @param staleReads the reads that answered with a holder the address no longer had when they
 *     were served
 * @param faults the failures injected, by kind
 * @param maxInFlight the most operations one client has had in flight at once (1 unless a driver
 *     overlaps its operations)
 */
public record CloudCounters(long calls, long writes, long moves, long cancelled, long cancelledAfterMoving,
    long staleReads, Map<CloudFault, Long> faults, int maxInFlight) {

  /**
   * Returns every failure injected, whatever its kind.
   *
   * @return the sum of {@link #faults()}
   */
  public long faultsInjected() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }
}
