/** Runnable examples of failover4j. */
module io.github.failover4j.examples {
  requires io.github.failover4j;
  requires io.github.failover4j.testkit;
  requires jdk.httpserver;
}
