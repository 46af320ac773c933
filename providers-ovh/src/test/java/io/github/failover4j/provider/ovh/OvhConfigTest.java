package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.VirtualAddresses;
import io.github.failover4j.testkit.TestMoverContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings: every problem at once, the credential sources and their order, no network. */
class OvhConfigTest {
  @TempDir
  Path dir;

  private final TestEnvironment environment = new TestEnvironment();
  private List<Path> confPaths = List.of();

  private List<String> problems(Map<String, String> settings) {
    return OvhConfig.problems(MoverConfig.of(settings), environment, confPaths);
  }

  private OvhConfig parse(Map<String, String> settings, String... addresses) {
    VirtualAddresses target = TestMoverContext.of(MoverConfig.of(Map.of()),
        addresses.length == 0 ? new String[] {"203.0.113.7/32"} : addresses).target();
    return OvhConfig.parse(MoverConfig.of(settings), target, environment, confPaths);
  }

  private List<String> parseProblems(Map<String, String> settings, String... addresses) {
    return assertThrows(ConfigurationException.class, () -> parse(settings, addresses)).problems();
  }

  private Path secretFile(String name, String content) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private Path conf(String name, String text, String permissions) throws Exception {
    Path file = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private TestEnvironment signedEnvironment() {
    return environment.set("OVH_APPLICATION_KEY", "env-ak").set("OVH_APPLICATION_SECRET", "env-as")
        .set("OVH_CONSUMER_KEY", "env-ck");
  }

  private static Map<String, String> move(String... more) {
    Map<String, String> settings = new HashMap<>(Map.of("mode", "ip-move", "service", "ns1234567.ip-203-0-113.eu"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  private static Map<String, String> cloud(String... more) {
    Map<String, String> settings = new HashMap<>(Map.of("mode", "cloud-ip", "project", FakeOvh.PROJECT));
    for (int i = 0; i + 1 < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  private static void assertHas(List<String> problems, String start) {
    assertTrue(problems.stream().anyMatch(p -> p.startsWith(start)), () -> "no problem starting with \"" + start
        + "\" in\n  " + String.join("\n  ", problems));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<String> problems = problems(Map.of("mode", "cloud", "endpoint", "ovh-mars", "pollInterval", "fast",
        "requestTimeout", "0s", "instance", "web-1", "colour", "blue", "service", "ns 1", "ip", "203.0.113.7/24",
        "metadataUrl", "not a url"));
    assertHas(problems, "colour: unknown key (expected: one of applicationKey, applicationSecretFile, clientId, ");
    assertHas(problems, "mode: cloud (expected: cloud-ip or ip-move)");
    assertHas(problems, "endpoint: ovh-mars (expected: ovh-ca, ovh-eu, ovh-us, or the API's URL");
    assertHas(problems, "credentials: none found");
    assertHas(problems, "ip: 203.0.113.7/24 (expected: the additional IP or its block as OVH names it");
    assertHas(problems, "requestTimeout: 0s (expected: a duration of 100ms..10m such as 30s)");
    assertHas(problems, "pollInterval: fast (expected: a duration of 100ms..1m");
    assertHas(problems, "instance: web-1 (expected: auto, to ask the metadata service, or this instance's OpenStack id");
    assertHas(problems, "service: \"ns 1\" (expected: this server's OVH service name");
    assertHas(problems, "metadataUrl: not a url (expected: a URL such as http://169.254.169.254)");
    assertEquals(10, problems.size(), String.join("\n", problems));
  }

  @Test
  void aModeNeedsItsOwnKeysAndRefusesTheOthers() {
    signedEnvironment();
    List<String> problems = problems(Map.of("mode", "ip-move", "project", FakeOvh.PROJECT, "instance", "auto"));
    assertHas(problems, "instance: set in mode ip-move (expected: only in mode cloud-ip)");
    assertHas(problems, "project: set in mode ip-move (expected: only in mode cloud-ip)");
    assertHas(problems, "service: missing (expected: this server's OVH service name");
    assertEquals(3, problems.size(), problems.toString());
    assertHas(problems(Map.of("mode", "cloud-ip")), "project: missing");
    assertEquals(List.of(), problems(cloud()));
    assertEquals(List.of(), problems(move()));
  }

  @Test
  void createReportsWhatValidateReportsAndWhatOnlyTheGroupTells() {
    Map<String, String> settings = Map.of("mode", "ip-move", "requestTimeout", "forever");
    List<String> validated = problems(settings);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> new OvhMoverProvider(environment,
        confPaths, new TestClock(Instant.now())).create(TestMoverContext.of(MoverConfig.of(settings), "203.0.113.7/32")));
    assertEquals(validated, e.problems());
    assertTrue(e.getMessage().startsWith("ip mover ovh of group test: 3 problems"), e.getMessage());
    // a group with two addresses: which one is the additional IP only the group can tell
    signedEnvironment();
    assertEquals(List.of(), problems(move()));
    assertHas(parseProblems(move(), "203.0.113.7/32", "203.0.113.8/32"),
        "ip: missing (expected: which additional IP the mover moves, e.g. 203.0.113.7/32: the group has 2 addresses");
  }

  @Test
  void validateAndCreateCallNoNetwork() throws Exception {
    signedEnvironment();
    try (FakeOvh fake = FakeOvh.start()) {
      Map<String, String> settings = cloud("endpoint", fake.endpoint().toString(), "instance", "auto",
          "metadataUrl", fake.metadataUrl().toString());
      OvhMoverProvider provider = new OvhMoverProvider(environment, confPaths, new TestClock(Instant.now()));
      assertEquals(List.of(), provider.validate(MoverConfig.of(settings)));
      IpMover mover = provider.create(TestMoverContext.of(MoverConfig.of(settings), "203.0.113.7/32"));
      mover.close();
      assertEquals(List.of(), fake.requests());
    }
  }

  @Test
  void theIpIsTheGroupsAddressAsA32UnlessSet() {
    signedEnvironment();
    assertEquals("203.0.113.7/32", parse(move(), "203.0.113.7/24").block().toString());
    assertEquals("203.0.113.4/30", parse(move("ip", "203.0.113.4/30"), "203.0.113.6/32").block().toString());
    assertEquals("2001:db8:1:2::/64", parse(move("ip", "2001:DB8:1:2::/64"), "2001:db8:1:2::10/64").block().toString());
    assertHas(parseProblems(move("ip", "198.51.100.9/32"), "203.0.113.7/32"),
        "ip: 198.51.100.9/32 (expected: a block holding one of the group's addresses [203.0.113.7])");
    assertHas(parseProblems(move(), "2001:db8:1:2::10/64"), "ip: missing (expected: the IPv6 block that holds");
  }

  @Test
  void pollingDefaultsSuitEachModeAndOvhsFairUse() {
    signedEnvironment();
    assertEquals(Duration.ofSeconds(2), parse(cloud()).pollInterval());
    assertEquals(Duration.ofSeconds(5), parse(move()).pollInterval());
    assertEquals(Duration.ofSeconds(30), parse(move()).requestTimeout());
    assertEquals(Duration.ofMillis(1500), parse(move("pollInterval", "1.5s")).pollInterval());
  }

  @Test
  void theEndpointComesFromTheSettingThenOvhEndpointThenOvhConfThenOvhEu() throws Exception {
    signedEnvironment();
    assertEquals("https://eu.api.ovh.com/1.0", parse(move()).endpoint().api().toString());
    confPaths = List.of(conf("ovh.conf", "[default]\nendpoint=ovh-us\n", "rw-r--r--"));
    assertEquals("https://api.us.ovhcloud.com/1.0", parse(move()).endpoint().api().toString());
    environment.set("OVH_ENDPOINT", "ovh-ca");
    assertEquals("https://ca.api.ovh.com/1.0", parse(move()).endpoint().api().toString());
    assertEquals("https://eu.api.ovh.com/1.0", parse(move("endpoint", "ovh-eu")).endpoint().api().toString());
    assertEquals("http://127.0.0.1:8080/1.0", parse(move("endpoint", "http://127.0.0.1:8080/1.0")).endpoint().api()
        .toString());
    assertHas(problems(move("endpoint", "http://api.example.com/1.0")),
        "endpoint: http://api.example.com/1.0 (expected: an https URL; http only to a loopback address)");
  }

  @Test
  void eachCredentialComesFromItsSettingThenTheEnvironmentThenOvhConf() throws Exception {
    confPaths = List.of(conf("ovh.conf", """
        [ovh-eu]
        application_key=conf-ak
        application_secret=conf-as
        consumer_key=conf-ck
        """, "rw-------"));
    Path consumerKey = secretFile("ck", "file-ck");
    environment.set("OVH_APPLICATION_KEY", "env-ak");
    OvhCredentials.Signed signed = assertInstanceOf(OvhCredentials.Signed.class,
        parse(move("consumerKeyFile", consumerKey.toString())).credentials());
    assertEquals("env-ak", signed.applicationKey());
    assertEquals("conf-as", signed.applicationSecret().reveal());
    assertEquals("file-ck", signed.consumerKey().reveal());
    assertEquals("applicationKey from OVH_APPLICATION_KEY, applicationSecret from " + confPaths.get(0)
        + ", consumerKey from file " + consumerKey, signed.sources());
    assertEquals("settings-ak", ((OvhCredentials.Signed) parse(move("applicationKey", "settings-ak")).credentials())
        .applicationKey());
  }

  @Test
  void ovhConfIsReadInTheSectionOfTheEndpoint() throws Exception {
    confPaths = List.of(conf("ovh.conf", """
        [default]
        endpoint=ovh-ca
        [ovh-eu]
        application_key=eu-ak
        application_secret=eu-as
        consumer_key=eu-ck
        [ovh-ca]
        application_key=ca-ak
        application_secret=ca-as
        consumer_key=ca-ck
        """, "rw-------"));
    assertEquals("ca-ak", ((OvhCredentials.Signed) parse(move()).credentials()).applicationKey());
    assertEquals("eu-ak", ((OvhCredentials.Signed) parse(move("endpoint", "ovh-eu")).credentials()).applicationKey());
  }

  @Test
  void ovhConfIsNotReadWhenTheSettingsNameEverything() throws Exception {
    confPaths = List.of(conf("ovh.conf", "not a key\n", "rw-------"));
    Path as = secretFile("as", "file-as");
    Path ck = secretFile("ck", "file-ck");
    Map<String, String> settings = move("endpoint", "ovh-eu", "applicationKey", "ak", "applicationSecretFile",
        as.toString(), "consumerKeyFile", ck.toString());
    assertEquals(List.of(), problems(settings));
    // looked for there, the file's broken line is worth knowing
    settings.remove("consumerKeyFile");
    List<String> problems = problems(settings);
    assertHas(problems, confPaths.get(0) + ": line 1 is neither a [section] nor a key=value (skipped)");
    assertHas(problems, "consumerKeyFile: missing");
  }

  @Test
  void aSecretReadableByEveryUserIsRefused() throws Exception {
    Path shared = Files.writeString(dir.resolve("as"), "file-as\n");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
    signedEnvironment();
    assertHas(problems(move("applicationSecretFile", shared.toString())),
        "applicationSecretFile: " + shared + " is readable by every user (expected: chmod o-r");
    environment.set("OVH_CONSUMER_KEY", "");
    confPaths = List.of(conf("ovh.conf", "[ovh-eu]\nconsumer_key=conf-ck\n", "rw-r--r--"));
    assertHas(problems(move()), "consumerKeyFile: missing, and consumer_key in " + confPaths.get(0)
        + " is refused: the file is readable by every user (expected: chmod o-r");
  }

  @Test
  void aMissingPieceSaysWhereItWasLookedFor() throws Exception {
    confPaths = List.of(dir.resolve("ovh.conf"), dir.resolve(".ovh.conf"));
    environment.set("OVH_APPLICATION_KEY", "env-ak");
    List<String> problems = problems(move());
    assertHas(problems, "applicationSecretFile: missing, and neither OVH_APPLICATION_SECRET nor application_secret in "
        + "section [ovh-eu] of an ovh.conf is set (expected: a file holding the application secret; ovh.conf looked "
        + "for in " + dir.resolve("ovh.conf") + ", " + dir.resolve(".ovh.conf") + ")");
    assertHas(problems, "consumerKeyFile: missing, and neither OVH_CONSUMER_KEY nor consumer_key");
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void oauth2TakesTheTokenUrlOfTheEndpoint() throws Exception {
    environment.set("OVH_CLIENT_ID", "client").set("OVH_CLIENT_SECRET", "secret");
    Map<String, String> expected = Map.of("ovh-eu", "https://www.ovh.com/auth/oauth2/token",
        "ovh-ca", "https://ca.ovh.com/auth/oauth2/token", "ovh-us", "https://us.ovhcloud.com/auth/oauth2/token");
    expected.forEach((endpoint, tokenUrl) -> assertEquals(tokenUrl,
        ((OvhCredentials.OAuth2) parse(move("endpoint", endpoint)).credentials()).tokenUrl().toString()));
    assertHas(problems(move("endpoint", "https://eu.api.example.net/1.0")),
        "tokenUrl: missing (expected: the OAuth2 token URL of the endpoint https://eu.api.example.net/1.0");
    assertEquals("https://auth.example.net/token", ((OvhCredentials.OAuth2) parse(move("endpoint",
        "https://eu.api.example.net/1.0", "tokenUrl", "https://auth.example.net/token")).credentials()).tokenUrl()
        .toString());
    Path secret = secretFile("client-secret", "file-secret");
    OvhCredentials.OAuth2 oauth2 = (OvhCredentials.OAuth2) parse(move("clientId", "settings-client",
        "clientSecretFile", secret.toString())).credentials();
    assertEquals("settings-client", oauth2.clientId());
    assertEquals("file-secret", oauth2.clientSecret().reveal());
  }

  @Test
  void signedAndOauth2CredentialsAreNeverMixed() throws Exception {
    assertHas(problems(move("applicationKey", "ak", "clientId", "client")),
        "clientId: set together with applicationKey, applicationSecretFile or consumerKeyFile");
    signedEnvironment().set("OVH_CLIENT_ID", "client");
    assertHas(problems(move()), "credentials: both an application key and an OAuth2 client were found");
    // naming one in the settings settles it
    assertInstanceOf(OvhCredentials.Signed.class, parse(move("applicationKey", "ak")).credentials());
    environment.set("OVH_CLIENT_ID", "");
    assertHas(problems(move("tokenUrl", "https://auth.example.net/token")),
        "tokenUrl: set without OAuth2 credentials");
  }

  @Test
  void noValueOfACredentialShowsInTheSettingsOrTheCredentials() throws Exception {
    signedEnvironment();
    OvhConfig config = parse(move());
    String shown = config + " " + config.credentials() + " " + config.credentials().secrets();
    assertTrue(!shown.contains("env-as") && !shown.contains("env-ck") && !shown.contains("env-ak"), shown);
  }

  @Test
  void serviceLoaderFindsTheProviderByName() {
    assertTrue(ServiceLoader.load(IpMoverProvider.class).stream()
        .anyMatch(p -> p.type() == OvhMoverProvider.class && p.get().name().equals("ovh")));
  }
}
