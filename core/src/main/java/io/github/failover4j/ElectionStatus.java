package io.github.failover4j;

import io.github.failover4j.spi.Candidate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The election of a group whose leadership is a store's lease (etcd, a Kubernetes Lease), as the
 * group last saw it.
 *
 * @param store the store's provider name
 * @param candidate this node's identity in the election
 * @param holder who held the lease at the last answer, with the priority it published; empty if
 *     nobody, or before the first answer
 * @param fencingToken the holder's fencing token at the last answer; 0 with no holder
 * @param candidates the other live candidates at the last answer
 * @param leaseLeft while MASTER, how long this node keeps the addresses if no renewal succeeds
 * @param lastError the last failed call (operation and the store's error, no secret); empty after
 *     a call succeeds
 * @param calls the store calls answered, successes and failures
 * @param failures the store calls that failed, cancelled ones included
 */
public record ElectionStatus(String store, String candidate, Optional<Candidate> holder, long fencingToken,
    List<Candidate> candidates, Optional<Duration> leaseLeft, String lastError, long calls, long failures) {
  /**
   * Copies the list.
   *
   * @param store the provider's name
   * @param candidate this node's identity
   * @param holder the holder
   * @param fencingToken its token
   * @param candidates the other candidates
   * @param leaseLeft how long the addresses are kept without a renewal
   * @param lastError the last failure
   * @param calls calls answered
   * @param failures calls failed
   */
  public ElectionStatus {
    candidates = List.copyOf(candidates);
  }
}
