package io.github.failover4j.provider.hetzner;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a Hetzner Cloud floating IP: observes which server it is assigned to, assigns it to this
 * server (a direct reassignment, which the API allows from another server), or unassigns it, and
 * follows each write's action to its end.
 *
 * <p>The floating IP is named by id, or found by the group's address on the first operation
 * (listing the project's floating IPs; an IPv6 floating IP is a /64 net that holds the address).
 * A configured id is checked against the address once, so that a typo does not move another IP.
 */
final class FloatingIpMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(FloatingIpMover.class);

  private final HetznerCloudApi api;
  private final SelfId<Long> self;
  private final InetAddress address;
  private final Duration pollInterval;
  private final String group;
  private final OptionalLong configured;
  private volatile OptionalLong resolved = OptionalLong.empty();

  /**
   * Creates the mover.
   *
   * @param api the Hetzner Cloud API
   * @param self this server's id
   * @param floatingIp the floating IP's id, or empty to find it by address
   * @param address the group's address
   * @param pollInterval the wait between two reads of an action
   * @param group the group's name, for logs
   */
  FloatingIpMover(HetznerCloudApi api, SelfId<Long> self, OptionalLong floatingIp, InetAddress address,
      Duration pollInterval, String group) {
    this.api = api;
    this.self = self;
    this.configured = floatingIp;
    this.address = address;
    this.pollInterval = pollInterval;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    long me = self.get(call);
    FloatingIp ip = current(call);
    if (ip.server().isEmpty()) {
      return Holder.nobody();
    }
    long holder = ip.server().getAsLong();
    return holder == me ? Holder.self() : Holder.other("server " + holder);
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    long me = self.get(call);
    long id = id(call);
    String what = "assign floating IP " + id + " to server " + me;
    Optional<Action> action = api.assignFloatingIp(call, id, me);
    if (action.isEmpty()) {
      // 422 floating_ip_assigned: it is assigned already; done if to this server
      OptionalLong holder = api.floatingIp(call, id).server();
      if (holder.isPresent() && holder.getAsLong() == me) {
        return;
      }
      throw new IpMoverException(what + ": the API says it is assigned already, to "
          + (holder.isPresent() ? "server " + holder.getAsLong() : "no server"));
    }
    api.await(call, action.get(), pollInterval, what);
    LOG.info("[{}] assigned floating IP {} ({}) to server {}", group, id, AddressText.of(address), me);
  }

  /**
   * Unassigns the floating IP if this server still holds it: the driver releases after observing
   * it here, but another node may have claimed it since, and the API has no compare-and-swap.
   */
  @Override
  public void release(MoverCall call) throws IpMoverException {
    long me = self.get(call);
    FloatingIp ip = current(call);
    if (ip.server().isEmpty() || ip.server().getAsLong() != me) {
      return;
    }
    api.await(call, api.unassignFloatingIp(call, ip.id()), pollInterval, "unassign floating IP " + ip.id());
    LOG.info("[{}] unassigned floating IP {} ({})", group, ip.id(), AddressText.of(address));
  }

  /** Reads the floating IP, finding or checking it first if that was not done yet. */
  private FloatingIp current(MoverCall call) throws IpMoverException {
    if (resolved.isPresent()) {
      return api.floatingIp(call, resolved.getAsLong());
    }
    FloatingIp ip;
    if (configured.isPresent()) {
      ip = api.floatingIp(call, configured.getAsLong());
      if (!ip.covers(address)) {
        throw IpMoverException.permanent("floating IP " + ip.id() + " is " + ip.ip() + ", not the group's address "
            + AddressText.of(address) + " (check floatingIp, or leave it out to find the floating IP by address)");
      }
    } else {
      ip = api.floatingIps(call).stream().filter(f -> f.covers(address)).findFirst().orElseThrow(() ->
          IpMoverException.permanent("no floating IP of the project is " + AddressText.of(address)
              + " (the token's project has none with that address)"));
      LOG.info("[{}] floating IP {} is {}", group, ip.id(), ip.ip());
    }
    resolved = OptionalLong.of(ip.id());
    return ip;
  }

  private long id(MoverCall call) throws IpMoverException {
    return resolved.isPresent() ? resolved.getAsLong() : current(call).id();
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "hetzner floating-ip mover of " + AddressText.of(address);
  }
}
