/**
 * failover4j: VRRP leadership of virtual addresses for Java applications, with the Linux data
 * plane (raw sockets, rtnetlink, gratuitous ARP) and the IP mover SPI.
 */
module io.github.failover4j {
  requires transitive io.github.failover4j.vrrp;
  requires org.jnrproject.ffi;
  requires org.slf4j;

  exports io.github.failover4j;
  exports io.github.failover4j.spi;
  // jnr-ffi implements the libc binding in a class of its own: it must reach the interface
  exports io.github.failover4j.linux to org.jnrproject.ffi;
  opens io.github.failover4j.linux to org.jnrproject.ffi;

  uses io.github.failover4j.spi.IpMoverProvider;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.linux.LocalIpMoverProvider;
}
