/**
 * Testing support for failover4j: a virtual ticker, a discrete-event scheduler, and a seeded
 * simulated network on which real VRRP state machines elect and fail over in virtual time.
 */
module io.github.failover4j.testkit {
  requires transitive io.github.failover4j.vrrp;

  exports io.github.failover4j.testkit;
}
