/**
 * failover4j: VRRP leadership of virtual addresses for Java applications, with the Linux data
 * plane (raw sockets, rtnetlink, gratuitous ARP) and the IP mover SPI.
 */
// the qualified exports name the testkit, which is built after this module
@SuppressWarnings("module")
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
  // optional: only io.github.failover4j.micrometer needs it, and only the user who binds metrics loads that
  requires static micrometer.core;

  exports io.github.failover4j;
  exports io.github.failover4j.check;
  exports io.github.failover4j.notify;
  exports io.github.failover4j.spi;
  exports io.github.failover4j.micrometer;
  // the group logic and what runs beside it, for the testkit's simulation to run the same code
  exports io.github.failover4j.group to io.github.failover4j.testkit;
  exports io.github.failover4j.internal to io.github.failover4j.testkit;
  exports io.github.failover4j.internal.check to io.github.failover4j.testkit;
  // internal: jnr-ffi implements the libc binding in a class loader, so an unnamed module, of its own
  exports io.github.failover4j.linux.libc;

  uses io.github.failover4j.spi.IpMoverProvider;
  uses io.github.failover4j.spi.ElectionProvider;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.linux.LocalIpMoverProvider,
      io.github.failover4j.internal.exec.ExecIpMoverProvider;
}
