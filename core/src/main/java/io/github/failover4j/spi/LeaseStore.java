package io.github.failover4j.spi;

/**
 * One group's election in a store that grants leases (etcd, a Kubernetes Lease): the SPI an
 * {@link ElectionProvider} implements. The store only keeps the facts — who holds the lease, until
 * when, who else stands and with what priority — and makes taking the lease atomic; the group's
 * logic decides when to campaign, renew, yield to a higher priority or give up, the same way for
 * every store, and the testkit runs that logic against a simulated store.
 *
 * <p>The driver calls one method at a time, from a thread of its own (never the engine's), each
 * call bounded by its {@link ElectionCall}: calls may block on the network. They are idempotent:
 * after a timeout the driver asks again.
 */
public interface LeaseStore extends AutoCloseable {
  /**
   * Returns the lease's times, which the group's timers follow. Known before the first call (from
   * the settings); a store whose server changes them (etcd grants a TTL of its own) returns the
   * granted ones after its first successful {@link #campaign}.
   *
   * @return the times
   */
  LeaseTiming timing();

  /**
   * Stands for the lease: takes it if nobody holds it (never held, resigned, or expired in the
   * store), renews it if this candidate holds it, and never takes it from a live holder. Publishes
   * this candidate's priority and preempt mode either way, so that the holder learns of a
   * higher-priority candidate. Atomic in the store: of candidates campaigning at once, one wins.
   *
   * @param call the call's deadline and cancellation
   * @param self this candidate, as it stands now
   * @return the election after the call; {@link LeaseView#heldBy} this candidate if it holds the
   *     lease, valid from the moment the call was sent for {@link LeaseTiming#duration()}
   * @throws ElectionException if the store could not be asked or refused; the driver counts the
   *     lease as not renewed
   */
  LeaseView campaign(ElectionCall call, Candidate self) throws ElectionException;

  /**
   * Watches the election without standing for the lease, and keeps this candidate's publication
   * alive (a node in FAULT publishes priority 0). Returns as soon as the election's data differs
   * from {@code sinceRevision}, or when the call's deadline is near with the current view.
   *
   * @param call the call's deadline and cancellation; the store returns before it passes
   * @param self this candidate, as it stands now
   * @param sinceRevision the {@link LeaseView#revision()} last seen; -1 to return at once
   * @return the election now
   * @throws ElectionException if the store could not be asked
   */
  LeaseView observe(ElectionCall call, Candidate self, long sinceRevision) throws ElectionException;

  /**
   * Gives the lease up if this candidate holds it, so that another may take it at once (a
   * graceful stop, a fault, a yield to a higher priority). Does nothing if it holds no lease.
   *
   * @param call the call's deadline and cancellation
   * @param self this candidate
   * @throws ElectionException if the store could not be asked; the lease then expires by itself
   */
  void resign(ElectionCall call, Candidate self) throws ElectionException;

  /** Releases the store's connections and withdraws this candidate; no network call after it. */
  @Override
  void close();
}
