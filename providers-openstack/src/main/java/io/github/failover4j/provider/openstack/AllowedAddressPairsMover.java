package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the group's address is in this node's port's allowed address pairs, so that Neutron's
 * anti-spoofing lets the port send from it: the VRRP election and the gratuitous ARP then move the
 * address as on any LAN (keepalived's setup on OpenStack, and OpenShift's IP failover).
 *
 * <p>An allowed address pair is a permission, not a route: several ports may hold the same one,
 * and the usual setup keeps the address in every member's pairs for good, so that a failover needs
 * no API call. So this mover's holder means "allowed on the port": {@link #observe} answers SELF
 * when this port allows the address — whether others do too or not — and names another port only
 * when this one does not and another in its network does. A claim adds the address to this port's
 * pairs; it never removes it from another port, and never changes this port's other pairs. A
 * release removes only the address's own pair from this port.
 *
 * <p>Neutron replaces the whole list on an update, so each write sends the list it read, changed,
 * with the revision it read ({@code If-Match}); a 412 means the port changed in between, and the
 * list is read again. Neutron's answer is checked to hold exactly the intended list.
 */
final class AllowedAddressPairsMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(AllowedAddressPairsMover.class);

  private final NeutronApi api;
  private final NodePort self;
  private final InetAddress vip;
  private final String group;

  /**
   * Creates the mover.
   *
   * @param api Neutron
   * @param self this node's port
   * @param vip the address to allow
   * @param group the group's name, for logs
   */
  AllowedAddressPairsMover(NeutronApi api, NodePort self, InetAddress vip, String group) {
    this.api = api;
    this.self = self;
    this.vip = vip;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    Port mine = api.port(call, self.id(call));
    if (allows(mine)) {
      return Holder.self();
    }
    for (Port other : api.ports(call, "network_id", mine.networkId())) {
      if (!other.id().equals(mine.id()) && allows(other)) {
        return Holder.other("port " + other.id());
      }
    }
    return Holder.nobody();
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    String me = self.id(call);
    Port port = api.port(call, me);
    for (int attempt = 1; attempt <= NeutronApi.ATTEMPTS; attempt++) {
      if (allows(port)) {
        return;
      }
      List<Port.AddressPair> with = new ArrayList<>(port.allowedAddressPairs());
      with.add(new Port.AddressPair(AddressText.of(vip), Optional.empty()));
      Optional<Port> changed = api.setAllowedAddressPairs(call, port, with);
      if (changed.isPresent()) {
        check(changed.get(), port, true);
        LOG.info("[{}] allowed {} on port {}", group, AddressText.of(vip), me);
        return;
      }
      port = api.port(call, me);
    }
    throw new IpMoverException("allow " + AddressText.of(vip) + " on port " + me + ": changed by another client "
        + NeutronApi.ATTEMPTS + " times in a row (HTTP 412)");
  }

  @Override
  public void release(MoverCall call) throws IpMoverException {
    String me = self.id(call);
    Port port = api.port(call, me);
    for (int attempt = 1; attempt <= NeutronApi.ATTEMPTS; attempt++) {
      if (!allows(port)) {
        return;
      }
      List<Port.AddressPair> without = new ArrayList<>(port.allowedAddressPairs());
      without.removeIf(this::isVip);
      Optional<Port> changed = api.setAllowedAddressPairs(call, port, without);
      if (changed.isPresent()) {
        check(changed.get(), port, false);
        LOG.info("[{}] no longer allowed {} on port {}", group, AddressText.of(vip), me);
        return;
      }
      port = api.port(call, me);
    }
    throw new IpMoverException("disallow " + AddressText.of(vip) + " on port " + me + ": changed by another client "
        + NeutronApi.ATTEMPTS + " times in a row (HTTP 412)");
  }

  /** Checks Neutron's answer: the address as intended, and every other pair kept. */
  private void check(Port after, Port before, boolean allowed) throws IpMoverException {
    List<String> lost = before.allowedAddressPairs().stream().filter(p -> !isVip(p))
        .map(Port.AddressPair::ipAddress)
        .filter(ip -> after.allowedAddressPairs().stream().noneMatch(p -> p.ipAddress().equals(ip)))
        .toList();
    if (allows(after) != allowed || !lost.isEmpty()) {
      throw new IpMoverException("port " + after.id() + " after the update: " + AddressText.of(vip)
          + (allows(after) ? " allowed" : " not allowed") + (lost.isEmpty() ? "" : ", lost " + lost)
          + " (expected: " + (allowed ? "allowed" : "not allowed") + ", every other pair kept)");
    }
  }

  private boolean allows(Port port) {
    return port.allowedAddressPairs().stream().anyMatch(this::isVip);
  }

  /** The address's own pair: the address, or its single-host CIDR; a wider CIDR is another pair. */
  private boolean isVip(Port.AddressPair pair) {
    return Addresses.is(pair.ipAddress(), vip);
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "openstack allowed-address-pairs mover of " + AddressText.of(vip);
  }
}
