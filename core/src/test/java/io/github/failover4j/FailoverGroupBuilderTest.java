package io.github.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.MoverConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverGroupBuilderTest {

  @Test
  void everyProblemIsListedAtOnce() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .name("web")
        .vrid(0)
        .version(2)
        .priority(300)
        .advertInterval(Duration.ofMillis(1500))
        .virtualIp("2001:db8::10/64")
        .virtualIp("192.0.2.300/24")
        .authPassword("far-too-long-password")
        .unicastPeers(List.of("not-an-address"))
        .acceptMode(false)
        .mover("hetzer")
        .build());

    assertEquals(List.of(
        "interfaceName: missing (expected: an interface name of 1..15 characters, e.g. eth0)",
        "acceptMode: false (expected: true; failover4j cannot yet drop traffic to the virtual addresses)",
        "virtualIps: \"192.0.2.300\" (expected: an IPv4 or IPv6 address literal)",
        "unicastPeers: \"not-an-address\" (expected: an IPv4 or IPv6 address literal)",
        "authPassword: password length: 21 bytes (expected: 1..8; keepalived ignores the rest)",
        "vrid: 0 (expected: 1..255)",
        "priority: 300 (expected: 1..255)",
        "advertInterval: 1500 ms (expected: 1..255 whole seconds for VRRPv2)",
        "virtualIps: 2001:db8::10 (expected: IPv4; VRRPv2 has no IPv6)",
        "movers: unknown ip mover \"hetzer\" (available: exec, local)"), e.problems());
    assertTrue(e.getMessage().startsWith("failover group web: 10 problems\n  - interfaceName: missing"),
        e.getMessage());
    assertFalse(e.getMessage().contains("far-too-long-password"), "the password must not leak");
  }

  @Test
  void optionsAreSetOnce() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).vrid(2).virtualIp("192.0.2.10/24").build());
    assertEquals(List.of("vrid: set twice (expected: once)"), e.problems());
  }

  @Test
  void unicastNeedsPeersOfTheRightFamily() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).virtualIp("192.0.2.10/24").unicastSource("10.0.0.1").build());
    assertEquals(List.of("unicastSource: set without unicastPeers (expected: peers to send to)"), e.problems());

    ConfigurationException mixed = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).virtualIp("192.0.2.10/24").unicastPeers(List.of("10.0.0.2", "2001:db8::2"))
        .build());
    assertEquals(List.of("unicastPeers: 2001:db8::2 (expected: the family of the virtual addresses)"),
        mixed.problems());
  }

  @Test
  void labelsStartWithTheInterface() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).virtualIp(VirtualIp.parse("192.0.2.10/24").withLabel("vip")).build());
    assertEquals(List.of("virtualIps: label \"vip\" of 192.0.2.10 (expected: 15 characters at most, starting with eth0)"),
        e.problems());
  }

  @Test
  void aValidGroupBuildsWithoutTouchingTheNetwork() {
    FailoverGroup group = FailoverGroup.builder().name("web").interfaceName("eth0").vrid(51).priority(150)
        .advertInterval(Duration.ofMillis(100)).virtualIp("192.0.2.10/24").build();

    assertEquals(FailoverGroup.Lifecycle.LATENT, group.lifecycle());
    assertEquals(Role.INITIALIZE, group.role());
    assertFalse(group.isMaster());
    assertEquals("web", group.status().name());
    assertThrows(IllegalStateException.class, () -> group.awaitMaster(Duration.ZERO));
    group.close();
    group.close(); // idempotent
    assertEquals(FailoverGroup.Lifecycle.CLOSED, group.lifecycle());
    assertThrows(IllegalStateException.class, group::start);
  }

  @Test
  void aCloudMoverComesBesideLocalUnlessLocalIsTurnedOff() {
    FailoverGroup.Builder base = FailoverGroup.builder().interfaceName("eth0").vrid(51).virtualIp("192.0.2.10/24");
    assertEquals(List.of("local"), base.build().moverNames());
    assertEquals(List.of("local", "exec"), FailoverGroup.builder().interfaceName("eth0").vrid(51)
        .virtualIp("192.0.2.10/24").mover("exec", MoverConfig.of(Map.of("claim", "true", "observe", "echo self")))
        .build().moverNames());
    assertEquals(List.of("exec"), FailoverGroup.builder().interfaceName("eth0").vrid(51).virtualIp("192.0.2.10/24")
        .local(false).mover("exec", MoverConfig.of(Map.of("claim", "true", "observe", "echo self")))
        .build().moverNames());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(51).virtualIp("192.0.2.10/24").mover("local").build());
    assertEquals(List.of("movers: local named as a mover (expected: nothing; local is on unless local(false) turns it"
        + " off)"), e.problems());
  }

  @Test
  void addressesAreLiteralsNeverNames() {
    assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("localhost"));
    assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("10.0.0.256"));
    assertEquals("2001:db8:0:0:0:0:0:1", IpLiterals.parse("2001:db8::1").getHostAddress());
    assertEquals("192.0.2.10/32", VirtualIp.parse("192.0.2.10").toString());
    assertEquals("192.0.2.10/24 (eth0:vip)", VirtualIp.parse("192.0.2.10/24").withLabel("eth0:vip").toString());
  }

  @Test
  void trackedWeightsAreCheckedAndTheOwnerTakesNone() {
    io.github.failover4j.check.Check web = io.github.failover4j.check.Check.builder("web").tcp("127.0.0.1", 80).build();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("eth0").vrid(1).priority(255).virtualIp("192.0.2.10/24")
        .track(web, -60)
        .track(web, 0)
        .trackInterface("eth1", 300)
        .trackFile(java.nio.file.Path.of("/run/web.prio"), 0)
        .build());
    assertEquals(List.of(
        "track check web: weight -60 with priority 255 (expected: weight 0; the address owner's priority never changes)",
        "track check web: tracked twice (expected: once)",
        "track interface eth1: weight 300 (expected: -253..253)"), e.problems());

    FailoverGroup.builder().interfaceName("eth0").vrid(1).priority(255).virtualIp("192.0.2.10/24")
        .track(web, 0).trackInterface("eth1", 0).build(); // weight 0 (FAULT) is fine for the owner
  }

  @Test
  void aDemotionNeedsAReasonAndAnAmount() {
    FailoverGroup group = FailoverGroup.builder().interfaceName("eth0").vrid(1).virtualIp("192.0.2.10/24").build();
    assertThrows(IllegalArgumentException.class, () -> group.demote("maintenance", 0));
    assertThrows(IllegalArgumentException.class, () -> group.demote(" ", 10));
    try (Demotion d = group.demote("maintenance", 50)) {
      assertEquals("Demotion[-50 maintenance]", d.toString());
    }
  }

  @Test
  void theStatusBeforeStartShowsTheDemotionsAlreadyMade() {
    FailoverGroup group = FailoverGroup.builder().interfaceName("eth0").vrid(1).priority(150)
        .virtualIp("192.0.2.10/24").build();
    try (Demotion d = group.demote("maintenance", 50)) {
      assertEquals(d.amount(), group.status().demotion());
      assertEquals(100, group.status().priority());
      assertEquals(150, group.status().basePriority());
      try (Demotion all = group.demote("more", 254)) {
        assertEquals(50 + all.amount(), group.status().demotion());
        assertEquals(1, group.status().priority(), "the priority stays within 1..254");
      }
    }
    assertEquals(0, group.status().demotion());
    assertEquals(150, group.status().priority());
    assertFalse(group.yieldMastership("not started"), "only a started MASTER yields");
  }
}
