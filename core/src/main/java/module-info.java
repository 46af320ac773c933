/**
 * failover4j: VRRP leadership of virtual addresses for Java applications, with the Linux data
 * plane (raw sockets, rtnetlink, gratuitous ARP) and the IP mover SPI.
 */
module io.github.failover4j {
  requires transitive io.github.failover4j.vrrp;
  requires org.slf4j;
  requires org.jnrproject.ffi;
  // jnr-ffi is an automatic module and declares nothing: resolve what it needs at run time
  requires org.jnrproject.jffi;
  requires org.objectweb.asm;
  requires org.objectweb.asm.commons;
  requires org.objectweb.asm.tree;
  requires org.objectweb.asm.util;
  requires org.objectweb.asm.tree.analysis;

  exports io.github.failover4j;
  exports io.github.failover4j.spi;
  // internal: jnr-ffi implements the libc binding in a class loader, so an unnamed module, of its own
  exports io.github.failover4j.linux.libc;

  uses io.github.failover4j.spi.IpMoverProvider;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.linux.LocalIpMoverProvider;
}
