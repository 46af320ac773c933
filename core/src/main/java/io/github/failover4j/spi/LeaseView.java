package io.github.failover4j.spi;

import java.util.List;
import java.util.Optional;

/**
 * A group's election as a {@link LeaseStore} saw it at the end of a call.
 *
 * @param holder who holds the lease, with the priority and preempt mode it published; empty when
 *     nobody does (never held, resigned, or expired in the store)
 * @param fencingToken the holder's fencing token: grows with every change of holder (etcd: the
 *     election key's create revision; a Kubernetes Lease: its transitions). A stale holder's token
 *     is smaller than the current one's, so an IP mover can refuse its calls. 0 with no holder
 * @param revision the store's version of the election's data, for {@link LeaseStore#observe} to
 *     wait for the next change
 * @param candidates the live candidates other than the caller, with what they published
 */
public record LeaseView(Optional<Candidate> holder, long fencingToken, long revision, List<Candidate> candidates) {
  /**
   * Copies the parts.
   *
   * @param holder who holds the lease
   * @param fencingToken the holder's token
   * @param revision the store's version
   * @param candidates the other live candidates
   */
  public LeaseView {
    java.util.Objects.requireNonNull(holder, "holder");
    candidates = List.copyOf(candidates);
  }

  /**
   * Tells whether a candidate holds the lease.
   *
   * @param id the candidate's identity
   * @return true if it is the holder
   */
  public boolean heldBy(String id) {
    return holder.isPresent() && holder.get().id().equals(id);
  }
}
