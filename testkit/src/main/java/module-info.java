/**
 * Testing support for failover4j: a virtual ticker, a discrete-event scheduler, and a seeded
 * simulated network on which failover4j's own group logic (state machine, tracked checks, sync
 * groups, mover driver) elects and fails over in virtual time.
 */
module io.github.failover4j.testkit {
  requires transitive io.github.failover4j;

  exports io.github.failover4j.testkit;
}
