/**
 * Testing support for failover4j: a virtual ticker, a discrete-event scheduler, and a seeded
 * simulated network on which failover4j's own group logic (state machine, tracked checks, sync
 * groups, mover driver) elects and fails over in virtual time; and {@code IpMoverContract}, the
 * JUnit 5 tests every IP mover must pass.
 */
module io.github.failover4j.testkit {
  requires transitive io.github.failover4j;
  // only IpMoverContract needs JUnit, and only in the tests that extend it, which bring their own
  // (not transitive: javac would then want JUnit to compile every module that reads this one)
  requires static org.junit.jupiter.api;

  exports io.github.failover4j.testkit;
}
