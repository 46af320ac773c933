package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-associates a Neutron floating IP with this node's port: Neutron then translates the floating
 * address to this port's fixed IP, so no address needs to move on the link.
 *
 * <p>Every write is a compare-and-swap: it carries the revision number it was decided on
 * ({@code If-Match}), and when Neutron answers 412 because another node changed the floating IP in
 * between, the mover reads it again and decides again — a few times, then it leaves the retry to
 * the driver. A claim waits until Neutron reports the floating IP {@code ACTIVE} on this port (the
 * data plane is programmed after the API answers); a release dissociates the floating IP only while
 * it is on this node's port.
 *
 * <p>The floating IP is named by id, or found by its address on the first operation.
 */
final class FloatingIpMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(FloatingIpMover.class);
  private final NeutronApi api;
  private final NodePort self;
  private final Optional<String> configured;
  private final Optional<InetAddress> address;
  private final Optional<InetAddress> fixedIp;
  private final Duration pollInterval;
  private final String group;
  private volatile Optional<String> resolved = Optional.empty();
  /** The floating IP as last read or written: a claim's first write is decided on it. */
  private volatile FloatingIp lastSeen;

  /**
   * Creates the mover.
   *
   * @param api Neutron
   * @param self this node's port
   * @param floatingIp the floating IP's id, or empty to find it by address
   * @param address the floating IP's address: to find it, or to check the configured id
   * @param fixedIp this port's fixed IP to translate to, or empty for Neutron's choice
   * @param pollInterval the wait between two reads while the floating IP is not yet ACTIVE
   * @param group the group's name, for logs
   */
  FloatingIpMover(NeutronApi api, NodePort self, Optional<String> floatingIp, Optional<InetAddress> address,
      Optional<InetAddress> fixedIp, Duration pollInterval, String group) {
    this.api = api;
    this.self = self;
    this.configured = floatingIp;
    this.address = address;
    this.fixedIp = fixedIp;
    this.pollInterval = pollInterval;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    String me = self.id(call);
    return holder(read(call), me);
  }

  private Holder holder(FloatingIp ip, String me) {
    if (ip.portId().isEmpty()) {
      return Holder.nobody();
    }
    if (!ip.portId().get().equals(me)) {
      return Holder.other("port " + ip.portId().get());
    }
    if (fixedIp.isPresent() && ip.fixedIp().isPresent() && !Addresses.is(ip.fixedIp().get(), fixedIp.get())) {
      return Holder.unknown("on this node's port, but at fixed IP " + ip.fixedIp().get() + ", not "
          + AddressText.of(fixedIp.get()));
    }
    return Holder.self();
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    String me = self.id(call);
    FloatingIp seen = lastSeen;
    // observe's read decides the first write, unless it said this node's: that is checked afresh
    FloatingIp ip = seen != null && resolved.isPresent() && !holder(seen, me).isSelf() ? seen : read(call);
    for (int attempt = 1; attempt <= NeutronApi.ATTEMPTS; attempt++) {
      if (holder(ip, me).isSelf()) {
        awaitActive(call, ip, me);
        return;
      }
      Optional<FloatingIp> changed = api.associate(call, ip, Optional.of(me), fixedIp);
      if (changed.isPresent()) {
        lastSeen = changed.get();
        LOG.info("[{}] associated floating IP {} ({}) with port {} (was {})", group, ip.id(), ip.address(), me,
            ip.portId().map(p -> "port " + p).orElse("not associated"));
        awaitActive(call, changed.get(), me);
        return;
      }
      LOG.info("[{}] floating IP {} changed since revision {}: reading it again", group, ip.id(), ip.revision());
      ip = read(call);
    }
    throw new IpMoverException("associate floating IP " + ip.id() + " with port " + me + ": changed by another client "
        + NeutronApi.ATTEMPTS + " times in a row (HTTP 412)");
  }

  /** Reads the floating IP until the data plane has it on this port. */
  private void awaitActive(MoverCall call, FloatingIp written, String me) throws IpMoverException {
    FloatingIp ip = written;
    while (!ip.status().equals("ACTIVE")) {
      if (ip.status().equals("ERROR")) {
        throw new IpMoverException("floating IP " + ip.id() + " on port " + me + ": status ERROR");
      }
      call.pause(pollInterval);
      ip = api.floatingIp(call, ip.id());
      lastSeen = ip;
      if (!ip.portId().equals(Optional.of(me))) {
        throw new IpMoverException("floating IP " + ip.id() + ": moved to "
            + ip.portId().map(p -> "port " + p).orElse("no port") + " while waiting for it to be ACTIVE on port " + me);
      }
    }
  }

  @Override
  public void release(MoverCall call) throws IpMoverException {
    String me = self.id(call);
    FloatingIp ip = read(call);
    for (int attempt = 1; attempt <= NeutronApi.ATTEMPTS; attempt++) {
      if (!ip.portId().equals(Optional.of(me))) {
        return; // nobody's, or another node's: never taken from it
      }
      Optional<FloatingIp> changed = api.associate(call, ip, Optional.empty(), Optional.empty());
      if (changed.isPresent()) {
        lastSeen = changed.get();
        LOG.info("[{}] dissociated floating IP {} ({}) from port {}", group, ip.id(), ip.address(), me);
        return;
      }
      ip = read(call);
    }
    throw new IpMoverException("dissociate floating IP " + ip.id() + " from port " + me
        + ": changed by another client " + NeutronApi.ATTEMPTS + " times in a row (HTTP 412)");
  }

  /** Reads the floating IP, finding or checking it first if that was not done yet. */
  private FloatingIp read(MoverCall call) throws IpMoverException {
    FloatingIp ip;
    if (resolved.isPresent()) {
      ip = api.floatingIp(call, resolved.get());
    } else if (configured.isPresent()) {
      ip = api.floatingIp(call, configured.get());
      if (address.isPresent() && !Addresses.is(ip.address(), address.get())) {
        throw IpMoverException.permanent("floating IP " + ip.id() + " is " + ip.address() + ", not "
            + AddressText.of(address.get()) + " (check floatingIp and address)");
      }
      resolved = Optional.of(ip.id());
    } else {
      InetAddress wanted = address.orElseThrow();
      List<FloatingIp> found = api.floatingIpsWithAddress(call, wanted);
      if (found.size() != 1) {
        throw IpMoverException.permanent((found.isEmpty() ? "no floating IP" : found.size() + " floating IPs")
            + " of the project " + (found.isEmpty() ? "is " : "are ") + AddressText.of(wanted)
            + " (set address to the floating IP's address, or floatingIp to its id)");
      }
      ip = found.get(0);
      resolved = Optional.of(ip.id());
      LOG.info("[{}] floating IP {} is {}", group, ip.id(), ip.address());
    }
    lastSeen = ip;
    return ip;
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "openstack floating-ip mover of " + configured.or(() -> address.map(AddressText::of))
        .orElse("?");
  }
}
