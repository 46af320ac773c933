package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11, section 5: the configuration as a new user writes it. */
class ConfigHardeningTest {
  @TempDir
  Path dir;

  private static final String GROUP = "groups:\n  - name: a\n    interface: lo\n    vrid: 51\n";

  // --- nothing secret in any message, parse errors included

  @Test
  void aYamlSyntaxErrorOnThePasswordLineDoesNotShowTheLine() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    version: 2\n    authPassword: pw:x: y\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).matches("line 6, column \\d+: invalid YAML \\(.+\\)"), e.getMessage());
  }

  @Test
  void anUnclosedQuoteDoesNotShowTheText() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    version: 2\n    authPassword: \"s3cr\n");
    assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
    assertTrue(e.problems().get(0).matches("line \\d+, column \\d+: invalid YAML \\(.+\\)"), e.getMessage());
  }

  @Test
  void anUnquotedJsonPasswordDoesNotShowTheToken() throws IOException {
    ConfigurationException e = problems("a.json", "{\"groups\": [{\"name\": \"a\", \"version\": 2,\n"
        + "  \"authPassword\": s3cretpw, \"virtualIps\": [\"192.0.2.10/24\"]}]}\n");
    assertFalse(e.getMessage().contains("s3cretpw"), e.getMessage());
    assertEquals(List.of("line 2, column 19: invalid JSON (a value that is not JSON: text must be in quotes)"),
        e.problems());
  }

  @Test
  void aMapOfValuesIsNeverPrintedWhole() throws IOException {
    // a list where a map is expected: the item was printed whole, password included
    ConfigurationException e = problems("a.yaml", "groups:\n  - - {name: a, version: 2, authPassword: s3cretpw}\n");
    assertEquals(List.of("groups[0]: a list (expected: a map)"), e.problems());
  }

  // --- unquoted YAML passwords

  @ParameterizedTest
  @ValueSource(strings = {"0012", "yes", "1e3", "12345"})
  void anUnquotedPasswordThatYamlReadsAsSomethingElseIsRefused(String password) throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    version: 2\n    authPassword: " + password + "\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    String expected = "groups[0].authPassword: (hidden) (expected: text in quotes, authPassword: \"...\";"
        + " YAML reads an unquoted 0012 as the number 10, yes as true)";
    assertEquals(List.of(expected), e.problems());
    assertFalse(e.getMessage().replace(expected, "").contains(password), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"~", "", "null"})
  void anEmptyPasswordIsNotNoPassword(String password) throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    version: 2\n    authPassword: " + password + "\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(List.of("groups[0].authPassword: empty (expected: text in quotes, authPassword: \"...\";"
        + " leave the key out for no password)"), e.problems());
  }

  @Test
  void aQuotedPasswordIsReadAsWritten() throws IOException {
    Path file = write("a.yaml", GROUP + "    version: 2\n    authPassword: \"0012\"\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals(1, AgentConfig.load(file).groups().size());
  }

  // --- a password with the default version

  @Test
  void aPasswordWithTheDefaultVersionSaysSetVersion2() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    authPassword: \"s3cret\"\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(List.of("groups[0].authPassword: set with version 3, the default (expected: version: 2;"
        + " VRRPv3 has no authentication, and keepalived's default version is 2, the agent's 3)"), e.problems());
  }

  @Test
  void theReadmesConfigurationExampleIsValid() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("## Configuration\\s+```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find());
    Path file = write("readme.yaml", m.group(1));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals(1, AgentConfig.load(file).groups().size());
  }

  // --- unicast

  @Test
  void anEmptyPeerListIsNotMulticast() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    unicast: {peers: []}\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(List.of("groups[0].unicast.peers: [] (expected: one or more peers' addresses; leave unicast out for"
        + " multicast)"), e.problems());
  }

  @Test
  void anEmptyUnicastIsNotMulticast() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    unicast: ~\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(List.of("groups[0].unicast: empty (expected: a map with source, peers; leave unicast out for"
        + " multicast)"), e.problems());
    e = problems("b.yaml", GROUP + "    unicast:\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(List.of("groups[0].unicast: \"\" (expected: a map with source, peers)"), e.problems());
  }

  @Test
  void theSharedPeerListNamingThisNodeIsAccepted() throws IOException {
    assertEquals(1, AgentConfig.load(write("a.yaml", GROUP + "    unicast: {peers: [10.0.1.2, 10.0.1.3]}\n"
        + "    virtualIps: [\"10.0.1.1/32\"]\n")).groups().size());
    assertEquals(1, AgentConfig.load(write("b.yaml", GROUP + "    unicast: {source: 10.0.1.2, peers: [10.0.1.2,"
        + " 10.0.1.3]}\n    virtualIps: [\"10.0.1.1/32\"]\n")).groups().size());
  }

  @Test
  void aPeerListOfOnlyTheSourceIsAProblem() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    unicast: {source: 10.0.1.2, peers: [10.0.1.2]}\n"
        + "    virtualIps: [\"10.0.1.1/32\"]\n");
    assertEquals(List.of("groups[0].unicast.peers: [10.0.1.2] (expected: another node's address besides"
        + " unicast.source, which is dropped from the list)"), e.problems());
  }

  // --- an interface that does not exist

  @Test
  void anInterfaceThatDoesNotExistIsAWarning() throws IOException {
    Path file = write("a.yaml", "groups:\n"
        + "  - {name: a, interface: nosuch0, vrid: 51, virtualIps: [\"192.0.2.10/24\"]}\n"
        + "  - {name: b, interface: lo, vrid: 52, virtualIps: [\"192.0.2.11/24\"]}\n");
    assertEquals(List.of("groups[0].interface: nosuch0 does not exist (expected: an interface of this host; the group"
        + " will fail to start unless it exists then)"), AgentConfig.load(file).warnings());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(Agent.OK, Agent.run(new String[] {"--check-config", file.toString()}, print(out), print(err)));
    assertEquals("warning: groups[0].interface: nosuch0 does not exist (expected: an interface of this host; the group"
        + " will fail to start unless it exists then)\n", err.toString(StandardCharsets.UTF_8));
  }

  // --- quoted numbers, maps for lists

  @Test
  void quotedNumbersAreAccepted() throws IOException {
    AgentConfig config = AgentConfig.load(write("a.yaml", "groups:\n  - {name: a, interface: lo, vrid: \"51\","
        + " priority: \"150\", version: \"3\", garp: {repeat: \"2\"}, virtualIps: [\"192.0.2.10/24\"]}\n"));
    assertEquals(51, config.groups().get(0).group().status().vrid());
    assertEquals(150, config.groups().get(0).group().status().basePriority());
  }

  @Test
  void aMapWhereAListIsExpectedIsNotMissing() throws IOException {
    ConfigurationException e = problems("a.yaml", "groups: {name: a, interface: lo}\n");
    assertEquals(List.of("groups: a map (expected: a list of one or more groups)"), e.problems());
  }

  // --- how values are printed

  @Test
  void durationsAndIpv6AddressesAreSaidAsWritten() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    version: 2\n    garp: {interval: 20s}\n"
        + "    virtualIps: [\"2001:db8::10/64\"]\n");
    assertEquals(List.of("groups[0] (a).garp.interval: 20000 ms (expected: 0..10 s)",
        "groups[0] (a).virtualIps: 2001:db8::10 (expected: IPv4; VRRPv2 has no IPv6)"), e.problems());
  }

  @Test
  void theLibrarysDurationsAreSaidInMilliseconds() throws IOException {
    ConfigurationException e = problems("a.yaml", GROUP + "    notify: {timeout: 0, master: /bin/true}\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.problems().get(0).matches("groups\\[0\\]\\.notify.*: 0 ms \\(expected: .*\\)"), e.getMessage());
    assertEquals("a: 1500 ms, 0 ms, 7200000 ms (expected: x)",
        AgentConfig.readable("a: PT1.5S, PT0S, PT2H (expected: x)"));
  }

  // --- YAML merge keys

  @Test
  void yamlMergeKeysAreRead() throws IOException {
    AgentConfig config = AgentConfig.load(write("a.yaml", """
        x-defaults: &defaults
          interface: lo
          priority: 150
          virtualIps: ["192.0.2.10/24"]
        groups:
          - <<: *defaults
            name: a
            vrid: 51
          - <<: *defaults
            name: b
            vrid: 52
            priority: 120
            virtualIps: ["192.0.2.11/24"]
        """));
    assertEquals(2, config.groups().size());
    assertEquals(150, config.groups().get(0).group().status().basePriority());
    assertEquals(120, config.groups().get(1).group().status().basePriority());
  }

  // --- many problems

  @Test
  void manyProblemsAreCappedAndSummarised() throws IOException {
    StringBuilder yaml = new StringBuilder("groups:\n");
    for (int i = 0; i < 500; i++) {
      yaml.append("  - {name: g").append(i).append(", vrid: 0}\n");
    }
    ConfigurationException e = problems("a.yaml", yaml.toString());
    String[] lines = e.getMessage().split("\n");
    assertTrue(lines.length <= 102, lines.length + " lines");
    assertTrue(lines[0].endsWith(": " + e.problems().size() + " problems"), lines[0]);
    assertTrue(lines[lines.length - 1].matches("  - \\(and \\d+ more problems, not shown\\)"), lines[lines.length - 1]);
  }

  // --- an inline password in a file every user may read

  @Test
  void anInlinePasswordInAFileEveryUserMayReadIsAWarning() throws IOException {
    Path file = write("a.yaml", GROUP + "    version: 2\n    authPassword: \"s3cret\"\n"
        + "    virtualIps: [\"192.0.2.10/24\"]\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(List.of("groups[0].authPassword: in " + file + ", which is readable by every user"
        + " (expected: chmod o-r, e.g. 0600 or 0640, or the password in an authPasswordFile)"), AgentConfig.load(file).warnings());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertEquals(List.of(), AgentConfig.load(file).warnings());
  }

  private ConfigurationException problems(String name, String text) throws IOException {
    Path file = write(name, text);
    return assertThrows(ConfigurationException.class, () -> AgentConfig.load(file));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
