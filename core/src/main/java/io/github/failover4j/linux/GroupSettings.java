package io.github.failover4j.linux;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.vrrp.VrrpConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A group's validated configuration, as the engine uses it.
 *
 * @param name the group's name
 * @param interfaceName its interface
 * @param namespace the interface's network namespace, if not the process's own
 * @param vrrp the virtual router
 * @param virtualIps the virtual addresses with prefixes and labels
 * @param unicastSource the source address for unicast, if set
 * @param unicastPeers the unicast peers; empty for multicast
 * @param checkTtl whether received packets must carry TTL / hop limit 255
 * @param announcements how to announce the addresses
 */
public record GroupSettings(String name, String interfaceName, Optional<String> namespace, VrrpConfig vrrp,
    List<VirtualIp> virtualIps, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers, boolean checkTtl,
    Announcements announcements) {

  /** Copies the lists. */
  public GroupSettings {
    virtualIps = List.copyOf(virtualIps);
    unicastPeers = List.copyOf(unicastPeers);
  }
}
