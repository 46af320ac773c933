package io.github.failover4j.linux;

import io.github.failover4j.FailoverException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * An interface as a group needs it at start: its index, whether it is up, and its addresses
 * (primary IPv4 addresses first, in the kernel's order).
 *
 * @param name the interface's name
 * @param index its index
 * @param up administratively up and with carrier
 * @param addresses its addresses, primary IPv4 before secondary ones
 */
public record InterfaceInfo(String name, int index, boolean up, List<InetAddress> addresses) {

  /**
   * Reads an interface of a namespace through rtnetlink.
   *
   * @param namespace the network namespace, or empty for the process's own
   * @param name the interface's name
   * @return the interface
   * @throws FailoverException if it does not exist, naming the ones that do
   */
  public static InterfaceInfo describe(Optional<String> namespace, String name) {
    try (Netlink netlink = Netlink.open(namespace)) {
      List<Netlink.Link> links = netlink.links();
      Netlink.Link link = links.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() ->
          new FailoverException("interface " + name + ": not found" + namespace.map(n -> " in namespace " + n)
              .orElse("") + " (available: " + String.join(", ", links.stream().map(Netlink.Link::name).toList())
              + ")"));
      List<InetAddress> addresses = netlink.addresses().stream()
          .filter(a -> a.index() == link.index())
          .sorted((a, b) -> Boolean.compare((a.flags() & Linux.IFA_F_SECONDARY) != 0,
              (b.flags() & Linux.IFA_F_SECONDARY) != 0))
          .map(Netlink.Address::address)
          .toList();
      return new InterfaceInfo(name, link.index(), link.up(), addresses);
    } catch (ErrnoException e) {
      throw new FailoverException("interface " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the address VRRP is sent from: the first primary IPv4 address that is not a virtual
   * one, or the IPv6 link-local address (RFC 9568 §5.1.1.1, §5.1.2.1).
   *
   * @param ipv6 the group's family
   * @param virtualAddresses the group's virtual addresses, which are never the source
   * @return the source, if the interface has one
   */
  public Optional<InetAddress> vrrpSource(boolean ipv6, List<InetAddress> virtualAddresses) {
    return addresses.stream()
        .filter(a -> ipv6 ? a.isLinkLocalAddress() : a instanceof Inet4Address)
        .filter(a -> !virtualAddresses.contains(a))
        .findFirst();
  }
}
