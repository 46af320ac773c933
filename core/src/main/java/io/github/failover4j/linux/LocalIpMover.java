package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.internal.SerialExecutor;
import io.github.failover4j.internal.Threads;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The {@code local} mover: adds the virtual addresses to the interface with rtnetlink (no {@code ip}
 * subprocess), announces them with gratuitous ARP / unsolicited NA (a burst, and periodic bursts if
 * asked), and removes them. Each operation checks the interface's addresses afterwards; a claim
 * only after its first announcement. Its sockets are opened when it is made. The
 * addresses of an owner group (priority 255) are the interface's own: they are announced, never
 * added or removed.
 */
final class LocalIpMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.failover4j.mover");

  private final MoverContext context;
  private final VirtualAddresses target;
  private final Netlink netlink;
  private final int index;
  private final Announcer announcer;
  private final SerialExecutor log = new SerialExecutor(Threads.movers());
  private long generation; // a newer claim or a release silences the announcements of older ones

  LocalIpMover(MoverContext context) {
    this.context = context;
    this.target = context.target();
    Capabilities.require(Linux.CAP_NET_ADMIN, "CAP_NET_ADMIN", "add and remove virtual addresses");
    Capabilities.require(Linux.CAP_NET_RAW, "CAP_NET_RAW", "send gratuitous ARP and neighbour advertisements");
    Netlink opened = null;
    Announcer prepared = null;
    try {
      opened = Netlink.open(target.networkNamespace());
      Netlink.Link link = opened.link(target.interfaceName()).orElseThrow(() ->
          new FailoverException("interface " + target.interfaceName() + ": not found"));
      prepared = new Announcer(target.networkNamespace(), target.interfaceName(), link.index(), link.mac());
      for (VirtualIp vip : target.addresses()) {
        prepared.prepare(vip.address());
      }
      this.netlink = opened;
      this.index = link.index();
      this.announcer = prepared;
    } catch (ErrnoException | RuntimeException e) {
      if (prepared != null) {
        prepared.close();
      }
      if (opened != null) {
        opened.close();
      }
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new FailoverException("local mover for " + target.interfaceName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Kind kind() {
    return Kind.LOCAL;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    try {
      return missing().isEmpty() ? Holder.self() : Holder.nobody();
    } catch (ErrnoException e) {
      throw new IpMoverException("observe on " + target.interfaceName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    // clients wait for the address and the first announcement: they go first, the check and the log
    // lines after (the log on a lane of its own, since a logger may block on its output)
    List<VirtualIp> added = new ArrayList<>(target.addresses().size());
    try {
      if (!target.addressOwner()) {
        for (VirtualIp vip : target.addresses()) {
          if (netlink.addAddress(index, vip.address(), vip.prefixLength(), vip.label())) {
            added.add(vip);
          }
        }
      }
    } catch (ErrnoException e) {
      throw new IpMoverException("claim on " + target.interfaceName() + ": " + e.getMessage(), e);
    } finally {
      for (VirtualIp vip : added) {
        log.execute(new LogTask(LOG, Level.INFO, "[{}] added {} to {}", target.group(), vip, target.interfaceName()));
      }
    }
    announceBurst(++generation);
    try {
      Set<InetAddress> missing = missing();
      if (!missing.isEmpty()) {
        throw new IpMoverException("claim: " + missing + " not on " + target.interfaceName() + " after adding");
      }
    } catch (ErrnoException e) {
      throw new IpMoverException("claim on " + target.interfaceName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void release(MoverCall call) throws IpMoverException {
    generation++;
    if (target.addressOwner()) {
      return;
    }
    try {
      for (VirtualIp vip : target.addresses()) {
        if (netlink.deleteAddress(index, vip.address(), vip.prefixLength())) {
          log.execute(new LogTask(LOG, Level.INFO, "[{}] removed {} from {}", target.group(), vip,
              target.interfaceName()));
        }
      }
      Set<InetAddress> left = new HashSet<>(addresses());
      left.removeAll(missing());
      if (!left.isEmpty()) {
        throw new IpMoverException("release: " + left + " still on " + target.interfaceName() + " after removing");
      }
    } catch (ErrnoException e) {
      throw new IpMoverException("release on " + target.interfaceName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void reannounce(MoverCall call) throws IpMoverException {
    announceBurst(++generation);
  }

  @Override
  public void close() {
    generation++;
    announcer.close();
    netlink.close();
  }

  /** The first announcement now, the rest of the burst and the refreshes later, until silenced. */
  private void announceBurst(long burst) throws IpMoverException {
    try {
      announceOnce();
    } catch (ErrnoException e) {
      throw new IpMoverException("announce on " + target.interfaceName() + ": " + e.getMessage(), e);
    }
    for (int i = 1; i < target.announcements().repeat(); i++) {
      context.schedule(target.announcements().interval().multipliedBy(i), () -> announceLater(burst));
    }
    if (!target.announcements().refresh().isZero()) {
      context.schedule(target.announcements().refresh(), () -> {
        if (burst == generation) {
          try {
            announceBurst(burst);
          } catch (IpMoverException e) {
            LOG.warn("[{}] {}", target.group(), e.getMessage());
          }
        }
      });
    }
  }

  private void announceLater(long burst) {
    if (burst != generation) {
      return;
    }
    try {
      announceOnce();
    } catch (ErrnoException e) {
      LOG.warn("[{}] announce on {}: {}", target.group(), target.interfaceName(), e.getMessage());
    }
  }

  private void announceOnce() throws ErrnoException {
    for (VirtualIp vip : target.addresses()) {
      announcer.announce(vip.address());
    }
  }

  private List<InetAddress> addresses() {
    return target.addresses().stream().map(VirtualIp::address).toList();
  }

  /** The virtual addresses the kernel does not show on the interface. */
  private Set<InetAddress> missing() throws ErrnoException {
    Set<InetAddress> missing = new HashSet<>(addresses());
    for (Netlink.Address present : netlink.addresses()) {
      if (present.index() == index) {
        missing.remove(present.address());
      }
    }
    return missing;
  }
}
