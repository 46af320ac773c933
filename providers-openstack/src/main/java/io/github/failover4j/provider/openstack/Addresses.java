package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.AddressText;
import java.net.InetAddress;

/** IP addresses as Neutron reads them. */
final class Addresses {
  private Addresses() {}

  /**
   * Tells whether Neutron's text names exactly one address: it, or its single-host CIDR.
   *
   * @param text Neutron's text
   * @param address the address
   * @return true if it is that address; a wider CIDR holding it is not
   */
  static boolean is(String text, InetAddress address) {
    return AddressText.parse(text).map(ip -> ip.address().equals(address)
        && ip.prefixLength() == address.getAddress().length * 8).orElse(false);
  }
}
