package io.github.failover4j.group;

import io.github.failover4j.spi.Candidate;

/**
 * A {@link io.github.failover4j.spi.LeaseStore} call a {@link GroupLogic} asks its driver to make,
 * off the driving thread. The driver makes one call at a time: a new request while an
 * {@link Kind#OBSERVE} is in flight cancels that observe (its answer is stale). It answers every
 * request, by id, with {@link GroupLogic#onLeaseView} or {@link GroupLogic#onLeaseFailure}, and
 * cancels the call at its deadline.
 *
 * @param id the request's number, which its answer carries
 * @param kind which call
 * @param self this candidate as it stands now (priority 0 in FAULT)
 * @param sinceRevision for an observe, the revision last seen; -1 to return at once
 * @param deadlineNanos the driver's ticker reading at which the call is cancelled
 */
public record LeaseRequest(long id, Kind kind, Candidate self, long sinceRevision, long deadlineNanos) {
  /** The store's calls. */
  public enum Kind {
    /** {@link io.github.failover4j.spi.LeaseStore#campaign}: take or renew the lease. */
    CAMPAIGN,
    /** {@link io.github.failover4j.spi.LeaseStore#observe}: watch, and publish this candidate. */
    OBSERVE,
    /** {@link io.github.failover4j.spi.LeaseStore#resign}: give the lease up. */
    RESIGN
  }
}
