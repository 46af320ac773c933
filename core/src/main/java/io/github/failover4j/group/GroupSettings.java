package io.github.failover4j.group;

import io.github.failover4j.Tracked;
import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.vrrp.VrrpConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A group's validated configuration, as its logic and drivers use it.
 *
 * @param name the group's name
 * @param interfaceName its interface
 * @param namespace the interface's network namespace, if not the process's own
 * @param vrrp the virtual router, with the base priority
 * @param virtualIps the virtual addresses with prefixes and labels
 * @param unicastSource the source address for unicast, if set
 * @param unicastPeers the unicast peers; empty for multicast. This node's own address may be among
 *     them (one peer list shared by every node): it is left out at start
 * @param checkTtl whether received packets must carry TTL / hop limit 255
 * @param announcements how to announce the addresses
 * @param tracked what the group tracks, with weights
 * @param syncGroup the sync group it moves with, if any (VRRP groups only)
 * @param election the lease election that gives the group its leadership instead of VRRP, if any;
 *     {@code vrrp} then only gives the priority, preemption and addresses
 */
public record GroupSettings(String name, String interfaceName, Optional<String> namespace, VrrpConfig vrrp,
    List<VirtualIp> virtualIps, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers, boolean checkTtl,
    Announcements announcements, List<Tracked> tracked, Optional<SyncCoordinator> syncGroup,
    Optional<ElectionSettings> election) {

  /** Copies the lists; a sync group moves VRRP groups only (its members become MASTER together). */
  public GroupSettings {
    virtualIps = List.copyOf(virtualIps);
    unicastPeers = List.copyOf(unicastPeers);
    tracked = List.copyOf(tracked);
    if (syncGroup.isPresent() && election.isPresent()) {
      throw new IllegalArgumentException("syncGroup: " + syncGroup.get().name() + " with an election (expected: none;"
          + " a lease cannot be taken on a sync group's word)");
    }
  }

  /**
   * The settings of a VRRP group.
   *
   * @param name the group's name
   * @param interfaceName its interface
   * @param namespace the interface's network namespace, if not the process's own
   * @param vrrp the virtual router, with the base priority
   * @param virtualIps the virtual addresses with prefixes and labels
   * @param unicastSource the source address for unicast, if set
   * @param unicastPeers the unicast peers; empty for multicast
   * @param checkTtl whether received packets must carry TTL / hop limit 255
   * @param announcements how to announce the addresses
   * @param tracked what the group tracks, with weights
   * @param syncGroup the sync group it moves with, if any
   */
  public GroupSettings(String name, String interfaceName, Optional<String> namespace, VrrpConfig vrrp,
      List<VirtualIp> virtualIps, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers, boolean checkTtl,
      Announcements announcements, List<Tracked> tracked, Optional<SyncCoordinator> syncGroup) {
    this(name, interfaceName, namespace, vrrp, virtualIps, unicastSource, unicastPeers, checkTtl, announcements,
        tracked, syncGroup, Optional.empty());
  }

  /**
   * Returns these settings without the unicast peers that are this node's own addresses: the
   * symmetric peer list every node of a keepalived setup shares names the node itself.
   *
   * @param own the addresses of the group's interface
   * @return the settings, the same object if none was dropped
   */
  public GroupSettings withoutOwnPeers(java.util.Collection<InetAddress> own) {
    List<InetAddress> peers = unicastPeers.stream().filter(p -> !own.contains(p)).toList();
    return peers.size() == unicastPeers.size() ? this : new GroupSettings(name, interfaceName, namespace, vrrp,
        virtualIps, unicastSource, peers, checkTtl, announcements, tracked, syncGroup, election);
  }

  /**
   * Returns these settings elected by a lease instead of VRRP.
   *
   * @param value the election, with the times its store has
   * @return the settings
   */
  public GroupSettings withElection(ElectionSettings value) {
    return new GroupSettings(name, interfaceName, namespace, vrrp, virtualIps, unicastSource, unicastPeers, checkTtl,
        announcements, tracked, syncGroup, Optional.of(value));
  }

  /**
   * Returns the VRID the group shows: 0 for a group elected by a lease, which has none.
   *
   * @return the VRID, or 0
   */
  public int vrid() {
    return election.isPresent() ? 0 : vrrp.vrid();
  }

  /**
   * Returns whether the group owns its addresses (priority 255).
   *
   * @return true for the owner
   */
  public boolean owner() {
    return vrrp.priority() == VrrpConfig.OWNER_PRIORITY;
  }
}
