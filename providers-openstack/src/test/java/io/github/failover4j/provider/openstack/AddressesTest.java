package io.github.failover4j.provider.openstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.VirtualIp;
import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void anAddressIsItselfOrItsHostCidrButNotAWiderOne() {
    var vip = VirtualIp.parse("10.0.0.200").address();
    assertTrue(Addresses.is("10.0.0.200", vip));
    assertTrue(Addresses.is("10.0.0.200/32", vip));
    assertFalse(Addresses.is("10.0.0.0/24", vip));
    assertFalse(Addresses.is("10.0.0.201", vip));
    assertFalse(Addresses.is("not an address", vip));
    assertTrue(Addresses.is("2001:db8:0:0:0:0:0:200/128", VirtualIp.parse("2001:db8::200").address()));
  }
}
