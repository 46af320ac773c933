package io.github.failover4j.provider.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings: every key checked at once, without the network; the modes' keys; the defaults;
 * and the address defaulting to the group's.
 */
class OpenStackConfigTest {
  @TempDir
  Path folder;

  private final Map<String, String> environment = new HashMap<>(Map.of(
      "OS_AUTH_URL", "https://keystone.example.com:5000/v3", "OS_USERNAME", "failover", "OS_PASSWORD", "pw-secret-42",
      "OS_PROJECT_NAME", "demo", "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_ID", "default",
      "OS_REGION_NAME", "RegionOne"));

  private OpenStackMoverProvider provider() {
    return new OpenStackMoverProvider(Environment.of(environment), new CloudsYaml.Locations(List.of(folder)),
        Clock.systemUTC(), System::nanoTime, (name, namespace) -> Optional.empty());
  }

  private OpenStackConfig parse(Map<String, String> settings, String... addresses) {
    TestMoverContext context = TestMoverContext.of(MoverConfig.of(settings),
        addresses.length == 0 ? new String[] {"203.0.113.7/32"} : addresses);
    return OpenStackConfig.parse(context.config(), context.target(), Environment.of(environment),
        new CloudsYaml.Locations(List.of(folder)));
  }

  private List<String> problems(Map<String, String> settings, String... addresses) {
    return assertThrows(ConfigurationException.class, () -> parse(settings, addresses)).problems();
  }

  @Test
  void theProviderIsFoundByName() {
    assertTrue(ServiceLoader.load(IpMoverProvider.class).stream()
        .anyMatch(p -> p.get().name().equals("openstack") && p.type() == OpenStackMoverProvider.class));
  }

  @Test
  void aFloatingIpNeedsOnlyItsModeAndAnOpenrc() {
    OpenStackConfig c = parse(Map.of("mode", "floating-ip"));
    assertEquals(OpenStackConfig.Mode.FLOATING_IP, c.mode());
    assertEquals("203.0.113.7", AddressText.of(c.address().orElseThrow()));
    assertEquals(Optional.empty(), c.floatingIp());
    assertEquals(Optional.empty(), c.port());
    assertEquals(Duration.ofSeconds(30), c.requestTimeout());
    assertEquals(Duration.ofSeconds(1), c.pollInterval());
    assertEquals("http://169.254.169.254/", c.metadataUrl().toString());
    OpenStackCredentials credentials = c.credentials();
    assertEquals("https://keystone.example.com:5000/v3", credentials.authUrl().toString());
    assertEquals("public", credentials.endpointInterface());
    assertEquals(Optional.of("RegionOne"), credentials.region());
    assertEquals("password of user failover (domain Default) in project demo (domain default) at "
        + "https://keystone.example.com:5000/v3, public endpoints of region RegionOne, from the OS_* environment variables",
        credentials.toString());
  }

  @Test
  void theAllowedAddressIsTheGroupsUnlessNamed() {
    OpenStackConfig c = parse(Map.of("mode", "allowed-address-pairs"), "10.0.0.200/24");
    assertEquals("10.0.0.200", AddressText.of(c.vip()));
    c = parse(Map.of("mode", "allowed-address-pairs", "vip", "10.0.0.201"), "10.0.0.200/24", "10.0.0.201/24");
    assertEquals("10.0.0.201", AddressText.of(c.vip()));
    assertEquals(List.of("vip: 10.0.0.9 (expected: one of the group's addresses [10.0.0.200])"),
        problems(Map.of("mode", "allowed-address-pairs", "vip", "10.0.0.9"), "10.0.0.200/24"));
    assertEquals(List.of("vip: missing (expected: the address to allow on this node's port; it defaults to the group's "
        + "address, but the group has 2: [10.0.0.200, 10.0.0.201])"),
        problems(Map.of("mode", "allowed-address-pairs"), "10.0.0.200/24", "10.0.0.201/24"));
  }

  @Test
  void theFloatingIpsAddressNeedNotBeTheGroups() {
    OpenStackConfig c = parse(Map.of("mode", "floating-ip", "address", "198.51.100.7"), "10.0.0.200/24");
    assertEquals("198.51.100.7", AddressText.of(c.address().orElseThrow()));
    c = parse(Map.of("mode", "floating-ip", "floatingIp", "2f245a7b-796b-4f26-9cf9-9e82d248fda7"), "10.0.0.200/24",
        "10.0.0.201/24");
    assertEquals(Optional.empty(), c.address(), "named by id, checked against no address");
    assertEquals(List.of("address: 2001:db8::7 (expected: an IPv4 address; Neutron's floating IPs are IPv4)"),
        problems(Map.of("mode", "floating-ip"), "2001:db8::7/64"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "floating-ip");
    settings.put("token", "x");
    settings.put("vip", "10.0.0.200");
    settings.put("port", "port-1");
    settings.put("floatingIp", "42");
    settings.put("macAddress", "fa:16:3e");
    settings.put("fixedIp", "10.0.0.0/24");
    settings.put("address", "eth0");
    settings.put("metadataUrl", "169.254.169.254");
    settings.put("requestTimeout", "1 minute");
    settings.put("pollInterval", "5m");
    settings.put("interface", "private");
    assertEquals(List.of(
        "token: unknown key (expected: one of address, applicationCredentialId, applicationCredentialSecretFile, authUrl, "
            + "cloud, fixedIp, floatingIp, interface, macAddress, metadataUrl, mode, passwordFile, pollInterval, port, "
            + "project, projectDomain, projectDomainId, projectId, region, requestTimeout, userDomain, userDomainId, "
            + "username, vip)",
        "vip: set in mode floating-ip (expected: only in mode allowed-address-pairs)",
        "interface: private (expected: public, internal or admin)",
        "requestTimeout: 1 minute (expected: a duration of 100ms..10m such as 30s)",
        "pollInterval: 5m (expected: a duration of 100ms..1m such as 1s)",
        "metadataUrl: 169.254.169.254 (expected: a URL such as http://169.254.169.254)",
        "port: port-1 (expected: auto, to find this node's port through the metadata service, or the port's id, a UUID "
            + "such as 5f1c2b9e-0d4a-4e8f-9c3b-7a6d5e4f3a21)",
        "macAddress: fa:16:3e (expected: the MAC address of this node's port, e.g. fa:16:3e:3e:23:46)",
        "fixedIp: 10.0.0.0/24 (expected: this node's fixed IP address on the port)",
        "floatingIp: 42 (expected: the floating IP's id, or leave it out to find the floating IP by its address, a UUID "
            + "such as 5f1c2b9e-0d4a-4e8f-9c3b-7a6d5e4f3a21)",
        "address: eth0 (expected: the floating IP's address, e.g. 203.0.113.7)"), problems(settings));
  }

  @Test
  void aMissingOrUnknownModeIsReported() {
    assertEquals(List.of("mode: missing (expected: floating-ip or allowed-address-pairs)"), problems(Map.of()));
    assertEquals(List.of("mode: aap (expected: floating-ip or allowed-address-pairs)"), problems(Map.of("mode", "aap")));
  }

  @Test
  void missingCredentialsAreReportedEachWithWhereTheyAreLookedFor() {
    environment.clear();
    assertEquals(List.of(
        "authUrl: missing (expected: Keystone's URL, e.g. https://keystone.example.com:5000/v3, as authUrl, OS_AUTH_URL or "
            + "auth.auth_url of a clouds.yaml cloud; looked in no OS_* variables, no clouds.yaml)",
        "username: missing (expected: the user, as username, OS_USERNAME or auth.username of a clouds.yaml cloud; or an "
            + "application credential; looked in no OS_* variables, no clouds.yaml)",
        "project: missing (expected: the project whose floating IPs and ports the mover changes, as project, projectId, "
            + "OS_PROJECT_NAME, OS_PROJECT_ID or auth.project_name of a clouds.yaml cloud; looked in no OS_* variables, "
            + "no clouds.yaml)",
        "passwordFile: missing (expected: a file holding the user's password, OS_PASSWORD, or password in a clouds.yaml "
            + "or secure.yaml cloud; looked in no OS_* variables, no clouds.yaml)"),
        problems(Map.of("mode", "floating-ip")));
  }

  @Test
  void explicitSettingsNeedNoOtherSource() throws Exception {
    environment.clear();
    Path password = Files.writeString(folder.resolve("password"), "pw-from-file\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    OpenStackConfig c = parse(Map.of("mode", "floating-ip", "authUrl", "https://keystone.example.com/identity",
        "username", "failover", "passwordFile", password.toString(), "projectId", "3b1f9c2d8e7a4b6c9d0e1f2a3b4c5d6e",
        "userDomainId", "default", "interface", "internal"));
    OpenStackCredentials credentials = c.credentials();
    assertEquals("https://keystone.example.com/identity/v3", credentials.authUrl().toString());
    OpenStackCredentials.Password auth = assertInstanceOf(OpenStackCredentials.Password.class, credentials.auth());
    assertEquals("pw-from-file", auth.password().reveal());
    assertEquals("Secret(from file " + password + ")", auth.password().toString());
    assertEquals(OpenStackCredentials.Ref.id("3b1f9c2d8e7a4b6c9d0e1f2a3b4c5d6e"), auth.project());
    assertEquals("the mover's settings", credentials.source());
    assertEquals("internal", credentials.endpointInterface());
  }

  @Test
  void aSecretFileReadableByEveryoneOrMissingIsReported() throws Exception {
    Path open = Files.writeString(folder.resolve("open"), "pw");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(List.of("passwordFile: " + open + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)"),
        problems(Map.of("mode", "floating-ip", "passwordFile", open.toString())));
    Path missing = folder.resolve("missing");
    assertEquals(List.of("applicationCredentialSecretFile: " + missing + " cannot be read (NoSuchFileException)"),
        problems(Map.of("mode", "floating-ip", "applicationCredentialId", "6d1c4e9f0a2b4c8d9e7f1a3b5c7d9e0f",
            "applicationCredentialSecretFile", missing.toString())));
  }

  @Test
  void aPasswordAndAnApplicationCredentialTogetherAreReported() {
    assertEquals(List.of("applicationCredentialId: set with project, username (expected: either a password or an "
        + "application credential)"), problems(Map.of("mode", "floating-ip", "applicationCredentialId", "abc",
        "username", "u", "project", "p")));
  }

  @Test
  void aThingNamedTwoWaysIsReported() {
    assertEquals(List.of("projectId: set with project (expected: one of them)",
        "userDomainId: set with userDomain (expected: one of them)"), problems(Map.of("mode", "floating-ip",
        "project", "demo", "projectId", "3b1f", "userDomain", "Default", "userDomainId", "default")));
  }

  @Test
  void keystoneV2IsReported() {
    environment.put("OS_AUTH_URL", "https://keystone.example.com:5000/v2.0/");
    assertEquals(List.of("authUrl: https://keystone.example.com:5000/v2.0/ (expected: Keystone's v3 API; v2.0 is not "
        + "supported)"), problems(Map.of("mode", "floating-ip")));
  }

  @Test
  void validateChecksWithoutTheGroupNorTheNetwork() {
    IpMoverProvider provider = provider();
    assertEquals(List.of(), provider.validate(MoverConfig.of(Map.of("mode", "floating-ip"))),
        "the address defaults to the group's, checked by create");
    assertEquals(List.of(), provider.validate(MoverConfig.of(Map.of("mode", "allowed-address-pairs"))));
    environment.remove("OS_PASSWORD");
    IpMoverProvider withoutPassword = provider();
    List<String> problems = withoutPassword.validate(MoverConfig.of(Map.of("mode", "floating-ip", "pollInterval", "0s")));
    assertEquals(2, problems.size(), problems.toString());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> withoutPassword.create(
        TestMoverContext.of(MoverConfig.of(Map.of("mode", "floating-ip", "pollInterval", "0s")), "203.0.113.7/32")));
    assertEquals(problems, e.problems(), "create reports what validate reports");
    assertTrue(e.getMessage().startsWith("ip mover openstack of group test: 2 problems"), e.getMessage());
  }

  @Test
  void noValueShowsInToString() {
    OpenStackConfig c = parse(Map.of("mode", "floating-ip", "project", "demo"));
    assertFalse(c.toString().contains("pw-secret-42"), c.toString());
    assertTrue(c.toString().startsWith("OpenStackConfig[mode=floating-ip, keys=[mode, project], credentials=password of "
        + "user failover"), c.toString());
    assertEquals("MoverConfig[mode, project]", MoverConfig.of(Map.of("mode", "floating-ip", "project", "demo")).toString());
  }
}
