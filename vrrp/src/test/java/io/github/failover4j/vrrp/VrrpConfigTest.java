package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpConfigTest {
  static final List<InetAddress> VIP = List.of(VrrpStateMachineTest.ip("192.0.2.10"));

  @Test
  void defaultsAreTheRfcsAndKeepalivedCompatible() {
    VrrpConfig config = VrrpConfig.builder(51).addresses(VIP).build();

    assertEquals(VrrpVersion.V3, config.version());
    assertEquals(100, config.priority());
    assertEquals(Duration.ofSeconds(1), config.advertInterval());
    assertTrue(config.preempt());
    assertEquals(Duration.ZERO, config.preemptDelay());
    assertTrue(config.advertiseOnLowerPriority());
    assertEquals(ChecksumMode.PSEUDO_HEADER, config.checksum());
    assertEquals(100, config.intervalCentis());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrrpConfig.builder(0)
        .version(VrrpVersion.V2)
        .priority(256)
        .advertInterval(Duration.ofMillis(1500))
        .preemptDelay(Duration.ofSeconds(-1))
        .addresses(List.of(VrrpStateMachineTest.ip("2001:db8::10")))
        .build());

    assertEquals("vrid: 0 (expected: 1..255); priority: 256 (expected: 1..255); "
        + "advertInterval: 1500 ms (expected: 1..255 whole seconds for VRRPv2); "
        + "preemptDelay: PT-1S (expected: >= 0); "
        + "addresses: [/2001:db8:0:0:0:0:0:10] (expected: IPv4; VRRPv2 has no IPv6)", e.getMessage());
  }

  @Test
  void v3IntervalsAreCentiseconds() {
    assertEquals(1, VrrpConfig.builder(1).advertInterval(Duration.ofMillis(10)).addresses(VIP).build().intervalCentis());
    assertEquals(4095, VrrpConfig.builder(1).advertInterval(Duration.ofMillis(40_950)).addresses(VIP).build()
        .intervalCentis());
    for (Duration bad : List.of(Duration.ofMillis(5), Duration.ofMillis(15), Duration.ofMillis(40_960))) {
      assertThrows(IllegalArgumentException.class,
          () -> VrrpConfig.builder(1).advertInterval(bad).addresses(VIP).build(), bad.toString());
    }
  }

  @Test
  void v3HasNoPasswordAndAddressesAreOfOneFamily() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrrpConfig.builder(1)
        .auth(VrrpAuth.password("s3cret"))
        .addresses(List.of(VIP.get(0), VrrpStateMachineTest.ip("2001:db8::10")))
        .build());
    assertTrue(e.getMessage().contains("auth: password (expected: none; VRRPv3 has no authentication)"));
    assertTrue(e.getMessage().contains("(expected: all IPv4 or all IPv6)"));
    assertFalse(e.getMessage().contains("s3cret"));
  }

  @Test
  void decodeOptionsCarryTheRoutersChecks() {
    VrrpConfig config = VrrpConfig.builder(1).version(VrrpVersion.V2).auth(VrrpAuth.password("pw"))
        .advertInterval(Duration.ofSeconds(2)).addresses(VIP).build();

    DecodeOptions options = config.decodeOptions();
    assertEquals(java.util.Set.of(VrrpVersion.V2), options.versions());
    assertEquals(VrrpAuth.password("pw"), options.auth());
    assertEquals(200, options.v2IntervalCentis());
    assertTrue(options.checkTtl());
  }

  @Test
  void advertisementsCarryTheConfiguration() {
    VrrpConfig config = VrrpConfig.builder(7).priority(150).advertInterval(Duration.ofMillis(250)).addresses(VIP)
        .build();

    assertEquals(new VrrpAdvertisement(VrrpVersion.V3, 7, 0, 25, VIP, VrrpAuth.none()), config.advertisement(0));
  }
}
