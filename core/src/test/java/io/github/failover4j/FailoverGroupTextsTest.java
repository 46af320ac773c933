package io.github.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems say durations and addresses as people write them: no PT20S, no /2001:db8:0:0:.... */
class FailoverGroupTextsTest {
  @Test
  void ipv6IsCompressedAsRfc5952Says() throws UnknownHostException {
    assertEquals("2001:db8::10", IpLiterals.text(InetAddress.getByName("2001:db8:0:0:0:0:0:10")));
    assertEquals("::1", IpLiterals.text(InetAddress.getByName("::1")));
    assertEquals("::", IpLiterals.text(InetAddress.getByName("::")));
    assertEquals("2001:db8:0:1::1", IpLiterals.text(InetAddress.getByName("2001:db8:0:1:0:0:0:1")));
    assertEquals("1::2:0:0:3:4", IpLiterals.text(InetAddress.getByName("1:0:0:2:0:0:3:4")));
    assertEquals("2001:db8:0:1:1:1:1:1", IpLiterals.text(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
    assertEquals("fe80::", IpLiterals.text(InetAddress.getByName("fe80::")));
    assertEquals("192.0.2.1", IpLiterals.text(InetAddress.getByName("192.0.2.1")));
  }

  @Test
  void problemsSayDurationsInMillisecondsAndAddressesAsWritten() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).version(2).virtualIp("2001:db8::10/64")
        .announcements(new Announcements(3, Duration.ofSeconds(20), Duration.ofMillis(500)))
        .build());
    assertEquals(List.of(
        "virtualIps: 2001:db8::10 (expected: IPv4; VRRPv2 has no IPv6)",
        "announcements.interval: 20000 ms (expected: 0..10 s)",
        "announcements.refresh: 500 ms (expected: 0 for none, or at least 1 s)"), e.problems().stream()
            .filter(p -> !p.startsWith("advertInterval")).sorted((a, b) -> order(a) - order(b)).toList());
  }

  private static int order(String problem) {
    return problem.startsWith("virtualIps") ? 0 : problem.startsWith("announcements.interval") ? 1 : 2;
  }
}
