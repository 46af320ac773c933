/** Runnable examples of failover4j, and an example IP mover provider. */
module io.github.failover4j.examples {
  requires io.github.failover4j;
  requires io.github.failover4j.testkit;
  requires jdk.httpserver;

  provides io.github.failover4j.spi.IpMoverProvider
      with io.github.failover4j.examples.provider.FileRegistryMoverProvider;
}
