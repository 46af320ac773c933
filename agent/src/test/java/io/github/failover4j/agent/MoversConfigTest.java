package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code movers:} and {@code local:} keys of a group: the driver's keys, then the provider's. */
class MoversConfigTest {
  @TempDir
  Path dir;

  private static final String GROUP = """
      groups:
        - name: web
          interface: ens10
          vrid: 42
          virtualIps: ["10.0.1.1/32"]
      """;

  @Test
  void aCloudMoverComesBesideLocalWithItsDriverKeys() throws IOException {
    AgentConfig config = AgentConfig.load(write(group("""
          movers:
            - provider: exec
              claim: /bin/true
              observe: /bin/echo self
              settle: 2s
              reconcileInterval: 30s
              onClaimFailure: fault
              onSplitBrain: step-down
        """)));
    assertEquals(List.of("local", "exec"), config.groups().get(0).group().moverNames());
    assertEquals(List.of("web: ens10 vrid 42 priority 100; movers local, exec"), config.describe());
  }

  @Test
  void anUnknownProviderNamesTheAvailableOnes() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write(group("""
          movers:
            - provider: hetzer
        """))));
    String problems = String.join("\n", e.problems());
    assertTrue(problems.contains("unknown ip mover \"hetzer\""), problems);
    assertTrue(problems.contains("exec") && problems.contains("local"), problems);
  }

  @Test
  void everyProblemOfTheDriverAndTheProviderIsListed() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write(group("""
          local: maybe
          movers:
            - provider: exec
              observe: /bin/true
              settle: soon
              onClaimFailure: panic
              failAfter: 0s
              demoteBy: 300
            - claim: /bin/true
        """))));
    List<String> problems = e.problems();
    String all = String.join("\n", problems);
    assertTrue(all.contains("groups[0].local: \"maybe\" (expected: true or false)"), all);
    assertTrue(all.contains("groups[0].movers[0].settle: \"soon\""), all);
    assertTrue(all.contains("groups[0].movers[0].onClaimFailure: \"panic\" (expected: one of keep-trying, demote, fault)"),
        all);
    assertTrue(all.contains("failAfter: 0 ms (expected: more than zero)"), all);
    assertTrue(all.contains("demoteBy: 300 (expected: 1..254)"), all);
    assertTrue(all.contains("groups[0].movers[1].provider: missing"), all);
    // the provider's own problem: exec needs a claim command
    assertTrue(all.contains("claim"), all);
  }

  @Test
  void theHetznerProvidersKeysAreCheckedWithoutAnyNetworkCall() throws IOException {
    Path token = dir.resolve("hcloud.token");
    Files.writeString(token, "not-a-real-token\n");
    Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    AgentConfig config = AgentConfig.load(write(group("""
          movers:
            - provider: hetzner
              mode: alias-ip
              tokenFile: hcloud.token
              network: 7578
              server: auto
        """)));
    assertEquals(List.of("local", "hetzner"), config.groups().get(0).group().moverNames());

    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write(group("""
          movers:
            - provider: hetzner
              mode: alias-ip
              tokenFile: hcloud.token
              netwrok: 7578
        """))));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("netwrok"), all);
    assertTrue(all.contains("network"), all);
    assertFalse(all.contains("not-a-real-token"), all);
  }

  @Test
  void theOvhAndOpenStackProvidersAreShippedAndCheckedToo() throws IOException {
    for (String name : List.of("ovh-secret", "ovh-consumer", "os-password")) {
      Path file = dir.resolve(name);
      Files.writeString(file, "not-a-real-secret-" + name + "\n");
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    AgentConfig config = AgentConfig.load(write(group("""
          movers:
            - provider: ovh
              mode: ip-move
              endpoint: ovh-eu
              applicationKey: ak-not-secret
              applicationSecretFile: ovh-secret
              consumerKeyFile: ovh-consumer
              service: ns1234567.ip-203-0-113.eu
        """)));
    assertEquals(List.of("local", "ovh"), config.groups().get(0).group().moverNames());

    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write(group("""
          movers:
            - provider: openstack
              mode: floating-ip
              authUrl: https://keystone.example.com/v3
              username: failover
              passwordFile: os-password
              project: edge
              floatingIP: 2f8c5c2c-1b9e-4a1e-9a0e-5c2d8f1b7a10
        """))));
    String all = String.join("\n", e.problems());
    assertTrue(all.contains("floatingIP"), all);
    assertFalse(all.contains("not-a-real-secret"), all);
  }

  @Test
  void localCanBeTurnedOffAndNamingItAsAMoverIsAMistake() throws IOException {
    assertEquals(List.of(), AgentConfig.load(write(group("""
          local: false
        """))).groups().get(0).group().moverNames());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write(group("""
          movers: [{provider: local}]
        """))));
    assertTrue(String.join("\n", e.problems()).contains("local is on unless local(false)"), e.problems().toString());
  }

  /** The group, with more of its keys. */
  private static String group(String keys) {
    return GROUP + keys.indent(2);
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, text);
    return file;
  }
}
