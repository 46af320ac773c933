package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.testkit.TestMoverContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HetznerConfigTest {
  private final Map<String, String> environment = new HashMap<>(Map.of("HCLOUD_TOKEN", FakeCloud.TOKEN));

  private HetznerConfig parse(Map<String, String> settings, String... addresses) {
    TestMoverContext context = TestMoverContext.of(MoverConfig.of(settings),
        addresses.length == 0 ? new String[] {"203.0.113.7/32"} : addresses);
    return HetznerConfig.parse(context.config(), context.target(), variable -> {
      String value = environment.get(variable);
      if (value == null) {
        throw new Secret.Unavailable("environment variable " + variable + " is not set");
      }
      return Secret.of(value);
    });
  }

  private List<String> problems(Map<String, String> settings, String... addresses) {
    return assertThrows(ConfigurationException.class, () -> parse(settings, addresses)).problems();
  }

  @Test
  void theProviderIsFoundByName() {
    assertTrue(ServiceLoader.load(IpMoverProvider.class).stream()
        .anyMatch(p -> p.get().name().equals("hetzner") && p.type() == HetznerMoverProvider.class));
  }

  @Test
  void aFloatingIpNeedsOnlyItsModeAndAToken() {
    HetznerConfig c = parse(Map.of("mode", "floating-ip"));
    assertEquals(HetznerConfig.Mode.FLOATING_IP, c.mode());
    assertEquals("https://api.hetzner.cloud/v1", c.endpoint().toString());
    assertEquals("http://169.254.169.254/hetzner/v1/metadata", c.metadataUrl().toString());
    assertEquals(Duration.ofSeconds(30), c.requestTimeout());
    assertEquals(Duration.ofSeconds(1), c.pollInterval());
    assertEquals(OptionalLong.empty(), c.server());
    assertEquals(OptionalLong.empty(), c.floatingIp());
    assertEquals(FakeCloud.TOKEN, c.token().reveal());
    assertEquals("Secret(given)", c.token().toString());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    environment.clear();
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "floating-ip");
    settings.put("floatingIp", "abc");
    settings.put("server", "me");
    settings.put("pollInterval", "0");
    settings.put("requestTimeout", "forever");
    settings.put("endpoint", "http://api.example.com/v1");
    settings.put("network", "7578");
    settings.put("flaotingIp", "4711");
    assertEquals(List.of(
        "flaotingIp: unknown key (expected: one of address, endpoint, failoverIp, floatingIp, metadataUrl, mode, network,"
            + " passwordFile, pollInterval, requestTimeout, server, serverIp, switchTimeout, tokenFile, user)",
        "network: set in mode floating-ip (expected: only in mode alias-ip)",
        "endpoint: http://api.example.com/v1 (expected: an https URL; http only to a loopback address)",
        "requestTimeout: forever (expected: a duration of 100ms..10m such as 30s)",
        "server: me (expected: auto, to ask the metadata service, or this server's id, a positive integer)",
        "pollInterval: 0 (expected: a duration of 100ms..1m such as 1s)",
        "floatingIp: abc (expected: the floating IP's id, a positive integer, or leave it out to find the floating IP"
            + " by its address)",
        "tokenFile: missing, and the environment variable HCLOUD_TOKEN is not set (expected: a file holding a Hetzner"
            + " Cloud API token (read and write), or HCLOUD_TOKEN)"),
        problems(settings));
  }

  @Test
  void theMessageNamesTheGroupAndEachProblem() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> parse(Map.of()));
    assertEquals("ip mover hetzner of group test: 1 problem\n  - mode: missing (expected: floating-ip, alias-ip or robot)",
        e.getMessage());
  }

  @Test
  void anUnknownModeIsNamed() {
    assertEquals(List.of("mode: hcloud (expected: floating-ip, alias-ip or robot)"), problems(Map.of("mode", "hcloud")));
  }

  @Test
  void anAliasIpNeedsANetworkAndAnIpv4Address() {
    assertEquals(List.of(
        "network: missing (expected: the private network's id, a positive integer)",
        "address: 2001:db8::1 (expected: an IPv4 address; Hetzner Cloud private networks are IPv4)"),
        problems(Map.of("mode", "alias-ip"), "2001:db8::1/128"));
    HetznerConfig c = parse(Map.of("mode", "alias-ip", "network", "7578"), "10.0.1.1/32");
    assertEquals(7578, c.network());
  }

  @Test
  void oneOfSeveralAddressesMustBeChosen() {
    assertEquals(List.of("address: missing (expected: which of the group's addresses [10.0.1.1, 10.0.1.2] this mover"
        + " moves; it moves one: for several, one group each, in a sync group)"),
        problems(Map.of("mode", "alias-ip", "network", "1"), "10.0.1.1/32", "10.0.1.2/32"));
    assertEquals(List.of("address: 10.0.1.3 (expected: one of the group's addresses [10.0.1.1, 10.0.1.2])"),
        problems(Map.of("mode", "alias-ip", "network", "1", "address", "10.0.1.3"), "10.0.1.1/32", "10.0.1.2/32"));
    HetznerConfig c = parse(Map.of("mode", "alias-ip", "network", "1", "address", "10.0.1.2"), "10.0.1.1/32",
        "10.0.1.2/32");
    assertEquals("10.0.1.2", c.address().getHostAddress());
  }

  @Test
  void robotNeedsItsUserPasswordAndServerIp() {
    environment.clear();
    assertEquals(List.of(
        "user: missing, and the environment variable HROBOT_USER is not set (expected: the Robot webservice user, or"
            + " HROBOT_USER)",
        "passwordFile: missing, and the environment variable HROBOT_PASSWORD is not set (expected: a file holding the"
            + " Robot webservice password, or HROBOT_PASSWORD)",
        "serverIp: missing (expected: this server's main IP address, as Robot's active_server_ip shows it)"),
        problems(Map.of("mode", "robot")));
  }

  @Test
  void robotDefaults() {
    environment.putAll(Map.of("HROBOT_USER", "#ws+user", "HROBOT_PASSWORD", "pw"));
    HetznerConfig c = parse(Map.of("mode", "robot", "serverIp", "198.51.100.10"));
    assertEquals("https://robot-ws.your-server.de/", c.endpoint().toString());
    assertEquals(Duration.ofSeconds(180), c.switchTimeout());
    assertEquals("203.0.113.7", c.failoverIp());
    assertEquals("#ws+user", c.robotUser());
    HetznerConfig v6 = parse(Map.of("mode", "robot", "serverIp", "2a01:4f8:1:2::2"), "2a01:4f8:fff0:5::1/128");
    assertEquals("2a01:4f8:fff0:5::", v6.failoverIp(), "the IPv6 failover net, by its address");
    HetznerConfig subnet = parse(Map.of("mode", "robot", "serverIp", "198.51.100.10", "failoverIp", "203.0.113.0"));
    assertEquals("203.0.113.0", subnet.failoverIp());
  }

  @Test
  void keysOfAnotherModeAreRefused() {
    environment.putAll(Map.of("HROBOT_USER", "#ws+user", "HROBOT_PASSWORD", "pw"));
    assertEquals(List.of(
        "floatingIp: set in mode robot (expected: only in mode floating-ip)",
        "pollInterval: set in mode robot (expected: only in mode floating-ip or alias-ip)",
        "tokenFile: set in mode robot (expected: only in mode floating-ip or alias-ip)"),
        problems(Map.of("mode", "robot", "serverIp", "198.51.100.10", "floatingIp", "1", "pollInterval", "1s",
            "tokenFile", "/etc/hcloud.token")));
  }

  @Test
  void badValuesOfEveryKind() {
    environment.putAll(Map.of("HROBOT_USER", "#ws+user", "HROBOT_PASSWORD", "pw"));
    assertEquals(List.of(
        "serverIp: 198.51.100.10/32 (expected: this server's main IP address, as Robot's active_server_ip shows it)",
        "failoverIp: robot.example.com (expected: the failover IP, or for an IPv6 failover net the net's address)",
        "switchTimeout: 1h (expected: a duration of 1s..10m such as 3m)"),
        problems(Map.of("mode", "robot", "serverIp", "198.51.100.10/32", "failoverIp", "robot.example.com",
            "switchTimeout", "1h")));
  }

  @Test
  void aTokenFileReadableByEveryoneIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hcloud.token");
    Files.writeString(file, FakeCloud.TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> problems = problems(Map.of("mode", "floating-ip", "tokenFile", file.toString()));
    assertEquals(List.of("tokenFile: " + file + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)"),
        problems);
    assertFalse(problems.toString().contains(FakeCloud.TOKEN));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    HetznerConfig c = parse(Map.of("mode", "floating-ip", "tokenFile", file.toString()));
    assertEquals(FakeCloud.TOKEN, c.token().reveal(), "read without its newline");
    assertEquals("Secret(from file " + file + ")", c.token().toString());
  }

  @Test
  void aMissingTokenFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("absent");
    assertEquals(List.of("tokenFile: " + file + " cannot be read (NoSuchFileException)"),
        problems(Map.of("mode", "floating-ip", "tokenFile", file.toString())));
  }

  @Test
  void durationsAreWrittenAsTheAgentWritesThem() {
    HetznerConfig c = parse(Map.of("mode", "floating-ip", "pollInterval", "1.5s", "requestTimeout", "2m"));
    assertEquals(Duration.ofMillis(1500), c.pollInterval());
    assertEquals(Duration.ofMinutes(2), c.requestTimeout());
    assertEquals(Duration.ofMillis(250),
        parse(Map.of("mode", "floating-ip", "pollInterval", "250ms")).pollInterval());
  }

  @Test
  void validateChecksEverythingButTheGroupsAddresses(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hcloud.token");
    Files.writeString(file, FakeCloud.TOKEN);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    HetznerMoverProvider provider = new HetznerMoverProvider(variable -> Secret.of("from-" + variable),
        java.time.Clock.systemUTC());
    assertEquals(List.of(), provider.validate(MoverConfig.of(Map.of("mode", "alias-ip", "network", "7578"))));
    assertEquals(List.of(
        "bogus: unknown key (expected: one of address, endpoint, failoverIp, floatingIp, metadataUrl, mode, network,"
            + " passwordFile, pollInterval, requestTimeout, server, serverIp, switchTimeout, tokenFile, user)",
        "address: 10.0.1 (expected: the group's address that this mover moves)",
        "network: x (expected: the private network's id, a positive integer)",
        "tokenFile: " + file + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)"),
        provider.validate(MoverConfig.of(Map.of("mode", "alias-ip", "network", "x", "address", "10.0.1",
            "tokenFile", file.toString(), "bogus", "1"))));
  }

  @Test
  void toStringShowsKeysNeverValues() {
    HetznerConfig c = parse(Map.of("mode", "floating-ip", "floatingIp", "4711"));
    assertEquals("HetznerConfig[mode=floating-ip, address=203.0.113.7, keys=[floatingIp, mode]]", c.toString());
  }
}
