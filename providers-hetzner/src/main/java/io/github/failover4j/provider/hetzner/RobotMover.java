package io.github.failover4j.provider.hetzner;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a Hetzner Robot failover IP between dedicated servers: observes the server it is routed
 * to ({@code active_server_ip}), routes it to this server's main IP — a POST that Robot answers
 * only once the switch is done, 40 to 60 seconds later — and unroutes it on release.
 *
 * <p>Robot allows 50 switches an hour per webservice user, shared by every node using it: the
 * driver observes before each claim, so a switch is never sent to where the IP already is, and
 * Robot's own {@code FAILOVER_ALREADY_ROUTED} counts as done.
 */
final class RobotMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(RobotMover.class);

  private final HetznerRobotApi api;
  private final String failoverIp;
  private final InetAddress serverIp;
  private final String serverIpText;
  private final String group;

  /**
   * Creates the mover.
   *
   * @param api the Robot webservice
   * @param failoverIp the failover IP as Robot names it
   * @param serverIp this server's main IP address
   * @param serverIpText the same as configured, which is what Robot is sent
   * @param group the group's name, for logs
   */
  RobotMover(HetznerRobotApi api, String failoverIp, InetAddress serverIp, String serverIpText, String group) {
    this.api = api;
    this.failoverIp = failoverIp;
    this.serverIp = serverIp;
    this.serverIpText = serverIpText;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    Optional<String> active = api.failover(call, failoverIp).activeServerIp();
    if (active.isEmpty()) {
      return Holder.nobody();
    }
    boolean mine = AddressText.parse(active.get()).map(a -> a.address().equals(serverIp)).orElse(false);
    return mine ? Holder.self() : Holder.other("server " + active.get());
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    api.route(call, failoverIp, serverIpText);
    LOG.info("[{}] routed failover IP {} to {}", group, failoverIp, serverIpText);
  }

  /**
   * Unroutes the failover IP ({@code DELETE /failover/{ip}}) if it is still routed here: it then
   * reaches no server until the next claim. The driver calls this only when the mover's options ask
   * to unassign on release ({@code MoverOptions.Release.UNASSIGN}), after observing the IP here;
   * it is read once more because another node may have switched it since.
   */
  @Override
  public void release(MoverCall call) throws IpMoverException {
    if (!observe(call).isSelf()) {
      return;
    }
    api.unroute(call, failoverIp);
    LOG.info("[{}] unrouted failover IP {}", group, failoverIp);
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "hetzner robot mover of failover IP " + failoverIp + " to " + serverIpText;
  }
}
