package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.GroupStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir
  Path dir;

  static final String CONTRACT = """
      groups:
        - name: web                  # unique
          interface: eth0
          vrid: 51
          version: 3                 # 2 | 3, default 3
          priority: 150              # 1..255, default 100
          advertInterval: 100ms      # v3: 10ms..40950ms in 10 ms steps; v2: whole seconds; default 1s
          preempt: true              # default true
          preemptDelay: 0s
          checksum: rfc5798          # rfc5798 (default, keepalived-compatible) | rfc9568
          unicast:                   # omit for multicast
            source: 10.0.0.1         # optional
            peers: [10.0.0.2, 10.0.0.3]
          virtualIps: ["192.0.2.10/24"]
          garp: { repeat: 3, interval: 10ms, refresh: 0s }
      """;

  @Test
  void theDocumentedExampleIsValid() throws IOException {
    AgentConfig config = AgentConfig.load(write("agent.yaml", CONTRACT));

    assertEquals("info", config.logLevel());
    assertEquals(1, config.groups().size());
    GroupStatus status = config.groups().get(0).group().status();
    assertEquals("web", status.name());
    assertEquals("eth0", status.interfaceName());
    assertEquals(51, status.vrid());
    assertEquals(150, status.priority());
    assertEquals(List.of("web: eth0 vrid 51 priority 150; movers local"), config.describe());
  }

  @Test
  void theSameSchemaInJson() throws IOException {
    AgentConfig config = AgentConfig.load(write("agent.json", """
        {"groups": [{"name": "db", "interface": "eth1", "vrid": 7, "version": 2, "advertInterval": "1s",
          "authPassword": "s3cret", "virtualIps": [{"address": "192.0.2.20/24", "label": "eth1:db"}]}]}
        """));
    assertEquals("db", config.groups().get(0).group().name());
  }

  @Test
  void everyProblemOfTheFileIsListedWithItsPath() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("bad.yaml", """
        logLevel: loud
        groups:
          - name: web
            interface: eth0
            vrid: 0
            version: 2
            prority: 150
            advertInterval: fast
            checksum: rfc1234
            authPassword: my-very-secret-password
            unicast: { peers: [10.0.0.2] }
            virtualIps: ["192.0.2.10/24", "192.0.2.300/24"]
            garp: { repeat: 0 }
          - name: web
            interface: eth0
            vrid: 52
            version: 2
            virtualIps: ["2001:db8::10/64"]
        """)));

    assertEquals(List.of(
        "logLevel: \"loud\" (expected: one of error, warn, info, debug, trace)",
        "groups[0].prority: unknown key; did you mean priority?",
        "groups[0].advertInterval: \"fast\" (expected: a duration such as 100ms, 1s, 1.5s, 5m)",
        "groups[0].checksum: \"rfc1234\" (expected: rfc5798 or rfc9568)",
        "groups[0].virtualIps[1]: \"192.0.2.300\" (expected: an IPv4 or IPv6 address literal)",
        "groups[0] (web).authPassword: password length: 23 bytes (expected: 1..8; keepalived ignores the rest)",
        "groups[0] (web).garp.repeat: 0 (expected: 1..100)",
        "groups[0] (web).vrid: 0 (expected: 1..255)",
        "groups[1].name: web (expected: unique; groups[0] has it too)",
        "groups[1] (web).virtualIps: 2001:db8::10 (expected: IPv4; VRRPv2 has no IPv6)"),
        e.problems());
    assertFalse(e.getMessage().contains("my-very-secret-password"), "the password must not leak");
  }

  @Test
  void aVridTwiceOnOneInterfaceIsCaughtBeforeStart() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("twice.yaml", """
        groups:
          - { name: a, interface: eth0, vrid: 51, virtualIps: ["192.0.2.10/24"] }
          - { name: b, interface: eth0, vrid: 51, virtualIps: ["192.0.2.11/24"] }
        """)));
    assertEquals(List.of("groups[1].vrid: 51 on eth0 (expected: unique per interface and family; groups[0] has it too)"),
        e.problems());
  }

  @Test
  void aPasswordFileMustNotBeReadableByEveryone() throws IOException {
    Path secret = write("vrrp.pass", "s3cret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    String yaml = "groups:\n  - { name: a, interface: eth0, vrid: 51, version: 2, authPasswordFile: vrrp.pass,"
        + " virtualIps: [\"192.0.2.10/24\"] }\n";
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("a.yaml", yaml)));
    assertEquals(List.of("groups[0].authPasswordFile: " + secret + " is readable by every user"
        + " (expected: chmod o-r, e.g. 0600 or 0640)"), e.problems());

    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
    assertEquals(1, AgentConfig.load(write("a.yaml", yaml)).groups().size());
  }

  @Test
  void durationsAsOperatorsWriteThem() {
    assertEquals(Duration.ofMillis(100), Type.duration("100ms"));
    assertEquals(Duration.ofMillis(1500), Type.duration("1.5s"));
    assertEquals(Duration.ofMinutes(5), Type.duration("5m"));
    assertEquals(Duration.ZERO, Type.duration("0"));
    assertNull(Type.duration("100"));
    assertNull(Type.duration("-1s"));
  }

  @Test
  void checkConfigPrintsTheGroupsOrEveryProblem() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path good = write("good.yaml", CONTRACT);
    assertEquals(Agent.OK, Agent.run(new String[] {"--check-config", good.toString()}, print(out), print(err)));
    assertEquals(good + ": valid, 1 group\n  web: eth0 vrid 51 priority 150; movers local\n", out.toString(StandardCharsets.UTF_8));

    Path bad = write("bad.yaml", "groups:\n  - { name: a, vrid: 300 }\n");
    assertEquals(Agent.INVALID_CONFIG, Agent.run(new String[] {"--check-config", bad.toString()}, print(out), print(err)));
    String problems = err.toString(StandardCharsets.UTF_8);
    assertTrue(problems.contains("groups[0].virtualIps: missing"), problems);
    assertTrue(problems.contains("groups[0] (a).interface: missing"), problems);
    assertTrue(problems.contains("groups[0] (a).vrid: 300 (expected: 1..255)"), problems);

    assertEquals(Agent.USAGE, Agent.run(new String[] {"--conf"}, print(out), print(err)));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
