package io.github.failover4j.provider.hetzner;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an alias IP within a Hetzner Cloud private network. A private network is routed (layer 3):
 * an address answers on a server only once the API lists it among that server's alias IPs, so
 * gratuitous ARP alone moves nothing.
 *
 * <p>The API replaces a server's whole alias list, and an alias can be on one server only. So a
 * claim is two read-modify-write steps, each followed to the end of its action: first the other
 * holder's current list without the address, then this server's current list with it. Both lists
 * are read fresh just before they are written, and every other alias stays where it is — unlike
 * the scripts that clear the other server's list, or set this server's to the address alone.
 */
final class AliasIpMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(AliasIpMover.class);
  /** How {@link #observe} names another holder, and how {@link #claim} reads it back. */
  private static final Pattern HOLDER = Pattern.compile("server (\\d+)");

  private final HetznerCloudApi api;
  private final SelfId<Long> self;
  private final long network;
  private final InetAddress address;
  private final Duration pollInterval;
  private final String group;

  /**
   * Creates the mover.
   *
   * @param api the Hetzner Cloud API
   * @param self this server's id
   * @param network the private network's id
   * @param address the alias IP
   * @param pollInterval the wait between two reads of an action
   * @param group the group's name, for logs
   */
  AliasIpMover(HetznerCloudApi api, SelfId<Long> self, long network, InetAddress address, Duration pollInterval,
      String group) {
    this.api = api;
    this.self = self;
    this.network = network;
    this.address = address;
    this.pollInterval = pollInterval;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    long me = self.get(call);
    if (has(aliases(api.server(call, me)))) {
      return Holder.self();
    }
    OptionalLong holder = findHolder(call, me);
    return holder.isPresent() ? Holder.other("server " + holder.getAsLong()) : Holder.nobody();
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    long me = self.get(call);
    OptionalLong other = otherHolder(call, current, me);
    if (other.isPresent()) {
      Optional<Server.PrivateNet> theirs = api.server(call, other.getAsLong()).in(network);
      if (theirs.isPresent() && has(theirs.get().aliasIps())) {
        List<String> without = new ArrayList<>(theirs.get().aliasIps());
        without.removeIf(this::isAddress);
        change(call, other.getAsLong(), without);
        LOG.info("[{}] removed alias IP {} from server {}", group, address.getHostAddress(), other.getAsLong());
      }
    }
    List<String> mine = aliases(api.server(call, me));
    if (!has(mine)) {
      List<String> with = new ArrayList<>(mine);
      with.add(address.getHostAddress());
      change(call, me, with);
      LOG.info("[{}] added alias IP {} to server {}", group, address.getHostAddress(), me);
    }
  }

  @Override
  public void release(MoverCall call) throws IpMoverException {
    long me = self.get(call);
    List<String> mine = aliases(api.server(call, me));
    if (has(mine)) {
      List<String> without = new ArrayList<>(mine);
      without.removeIf(this::isAddress);
      change(call, me, without);
      LOG.info("[{}] removed alias IP {} from server {}", group, address.getHostAddress(), me);
    }
  }

  private void change(MoverCall call, long server, List<String> aliases) throws IpMoverException {
    Action action = api.changeAliasIps(call, server, network, aliases);
    api.await(call, action, pollInterval, "change alias IPs of server " + server + " in network " + network);
  }

  /** The other holder that observe named, or a fresh search if its name is not one of ours. */
  private OptionalLong otherHolder(MoverCall call, Holder current, long me) throws IpMoverException {
    if (current.state() != Holder.State.OTHER) {
      return OptionalLong.empty();
    }
    Matcher m = HOLDER.matcher(current.node().orElse(""));
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : findHolder(call, me);
  }

  private OptionalLong findHolder(MoverCall call, long me) throws IpMoverException {
    for (Server s : api.servers(call)) {
      if (s.id() != me && s.in(network).map(n -> has(n.aliasIps())).orElse(false)) {
        return OptionalLong.of(s.id());
      }
    }
    return OptionalLong.empty();
  }

  private List<String> aliases(Server server) throws IpMoverException {
    return server.in(network).orElseThrow(() -> IpMoverException.permanent("server " + server.id()
        + " is not attached to network " + network + " (attach it, or check network)")).aliasIps();
  }

  private boolean has(List<String> aliases) {
    return aliases.stream().anyMatch(this::isAddress);
  }

  private boolean isAddress(String alias) {
    return AddressText.parse(alias).map(a -> a.address().equals(address)).orElse(false);
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "hetzner alias-ip mover of " + address.getHostAddress() + " in network " + network;
  }
}
