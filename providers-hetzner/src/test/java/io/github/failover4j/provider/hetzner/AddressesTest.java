package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.VirtualIp;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
  private static InetAddress ip(String text) {
    return VirtualIp.parse(text).address();
  }

  @Test
  void aNetHoldsItsAddressesOnly() {
    VirtualIp net = VirtualIp.parse("2001:db8:1:2::/64");
    assertTrue(Addresses.contains(net, ip("2001:db8:1:2::1")));
    assertTrue(Addresses.contains(net, ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
    assertFalse(Addresses.contains(net, ip("2001:db8:1:3::1")));
    assertFalse(Addresses.contains(net, ip("203.0.113.7")), "another family");
    assertTrue(Addresses.contains(VirtualIp.parse("203.0.113.7"), ip("203.0.113.7")));
    assertFalse(Addresses.contains(VirtualIp.parse("203.0.113.7"), ip("203.0.113.8")));
    assertTrue(Addresses.contains(VirtualIp.parse("203.0.113.0/29"), ip("203.0.113.7")));
    assertFalse(Addresses.contains(VirtualIp.parse("203.0.113.0/29"), ip("203.0.113.8")));
  }

  @Test
  void theNetOfAnAddress() {
    assertEquals(ip("2a01:4f8:fff0:5::"), Addresses.network(ip("2a01:4f8:fff0:5:1:2:3:4"), 64));
    assertEquals(ip("203.0.113.0"), Addresses.network(ip("203.0.113.7"), 29));
    assertEquals(ip("203.0.113.6"), Addresses.network(ip("203.0.113.7"), 31));
  }
}
