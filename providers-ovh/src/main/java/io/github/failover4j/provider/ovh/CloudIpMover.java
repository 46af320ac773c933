package io.github.failover4j.provider.ovh;

import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an OVH Public Cloud additional ("failover") IP by attaching it to this instance: observes
 * which instance it is routed to, attaches it (from wherever it is: the API moves it), and follows
 * the attach until its status is {@code ok} again. The IP is found in the project by its address on
 * the first operation, and its id kept.
 *
 * <p>OVH cannot detach such an IP by API, so {@link #release} fails {@code PERMANENT}: the IP stays
 * on the last instance until another one attaches it, which the driver's default release policy
 * ({@code KEEP}) expects.
 */
final class CloudIpMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(CloudIpMover.class);

  private final OvhApi api;
  private final SelfId<String> self;
  private final String project;
  private final IpBlock block;
  private final Duration pollInterval;
  private final String group;
  private volatile String id;

  /**
   * Creates the mover.
   *
   * @param api OVH's API
   * @param self this instance's id
   * @param project the Public Cloud project's id
   * @param block the additional IP
   * @param pollInterval the wait between two reads of an attach in progress
   * @param group the group's name, for logs
   */
  CloudIpMover(OvhApi api, SelfId<String> self, String project, IpBlock block, Duration pollInterval, String group) {
    this.api = api;
    this.self = self;
    this.project = project;
    this.block = block;
    this.pollInterval = pollInterval;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    String me = self.get(call);
    FailoverIp ip = current(call);
    if (ip.routedTo().isEmpty()) {
      return Holder.nobody();
    }
    if (!ip.routedTo().get().equals(me)) {
      return Holder.other("instance " + ip.routedTo().get());
    }
    // routed here, but until OVH says ok the route may not carry traffic yet: the claim waits for it
    return ip.pending() ? Holder.unknown("the attach to this instance is still " + ip.status()) : Holder.self();
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    String me = self.get(call);
    FailoverIp ip = current(call);
    if (ip.pending()) {
      // another attach is under way (ours, repeated after a timeout, or another node's): let it end
      ip = settle(call, ip);
    }
    if (ip.routedTo().equals(Optional.of(me))) {
      LOG.debug("[{}] additional IP {} is attached to this instance already", group, block);
      return;
    }
    String what = "attach additional IP " + block + " to instance " + me;
    FailoverIp done = settle(call, api.attach(call, project, ip.id(), me));
    if (!done.routedTo().equals(Optional.of(me))) {
      throw new IpMoverException(what + ": the attach ended, but the IP is now routed to "
          + done.routedTo().map(r -> "instance " + r).orElse("no instance") + " (another node attached it meanwhile)");
    }
    LOG.info("[{}] attached additional IP {} to instance {} (was on {})", group, block, me,
        ip.routedTo().map(r -> "instance " + r).orElse("no instance"));
  }

  /** Waits until the IP's status is ok, reading it every poll interval. */
  private FailoverIp settle(MoverCall call, FailoverIp started) throws IpMoverException {
    FailoverIp ip = started;
    while (ip.pending()) {
      call.pause(pollInterval);
      ip = api.failoverIp(call, project, ip.id());
    }
    return ip;
  }

  /**
   * Fails: OVH offers no call that detaches a Public Cloud additional IP.
   *
   * @throws IpMoverException always, PERMANENT
   */
  @Override
  public void release(MoverCall call) throws IpMoverException {
    throw IpMoverException.permanent("release additional IP " + block + ": OVH cannot detach a Public Cloud "
        + "additional IP by API; it stays on this instance until another one attaches it (use the release "
        + "policy KEEP, the default)");
  }

  /** Reads the IP, finding its id by address first if that was not done yet. */
  private FailoverIp current(MoverCall call) throws IpMoverException {
    String known = id;
    if (known != null) {
      return api.failoverIp(call, project, known);
    }
    FailoverIp found = api.failoverIps(call, project).stream().filter(ip -> ip.is(block)).findFirst()
        .orElseThrow(() -> IpMoverException.permanent("no additional IP " + block + " in Public Cloud project "
            + project + " (import it into the project first, in the same region as the instances)"));
    LOG.info("[{}] additional IP {} has the id {} in Public Cloud project {}", group, block, found.id(), project);
    id = found.id();
    return found;
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "ovh cloud-ip mover of " + block + " in project " + project;
  }
}
