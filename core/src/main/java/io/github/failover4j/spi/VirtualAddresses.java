package io.github.failover4j.spi;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import java.util.List;
import java.util.Optional;

/**
 * One group's virtual addresses and where they live.
 *
 * @param group the group's name, for logs
 * @param vrid the group's virtual router identifier
 * @param interfaceName the interface the group runs on
 * @param networkNamespace the network namespace of that interface, if not the process's own
 * @param addresses the virtual addresses
 * @param announcements how to announce them on the link
 * @param addressOwner whether the group has priority 255: the addresses are the interface's own and
 *     must never be removed
 */
public record VirtualAddresses(String group, int vrid, String interfaceName, Optional<String> networkNamespace,
    List<VirtualIp> addresses, Announcements announcements, boolean addressOwner) {

  /** Copies the list. */
  public VirtualAddresses {
    addresses = List.copyOf(addresses);
  }
}
