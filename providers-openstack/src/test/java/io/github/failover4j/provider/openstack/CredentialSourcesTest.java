package io.github.failover4j.provider.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.MoverConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the credentials come from, as openstacksdk finds them: clouds.yaml (its search path,
 * {@code OS_CLIENT_CONFIG_FILE}, secure.yaml merged over it) chosen by {@code cloud} or
 * {@code OS_CLOUD}; else the {@code OS_*} variables; else a clouds.yaml with one cloud; the mover's
 * explicit settings over any of them. Only temporary folders and injected variables: never the real
 * ~/.config or environment.
 */
class CredentialSourcesTest {
  private static final String PROD = """
      clouds:
        prod:
          auth:
            auth_url: https://keystone.prod.example.com:5000/v3
            username: failover
            project_name: web
            user_domain_name: Users
            project_domain_id: a1b2c3
          region_name: RegionOne
          interface: internal
          identity_api_version: 3
        lab:
          auth:
            auth_url: https://keystone.lab.example.com/identity
            application_credential_id: 6d1c4e9f0a2b4c8d9e7f1a3b5c7d9e0f
            application_credential_secret: lab-secret-1
          auth_type: v3applicationcredential
          regions:
            - name: LabTwo
            - LabThree
      """;
  private static final String SECURE = """
      clouds:
        prod:
          auth:
            password: prod-password-9
      """;

  @TempDir
  Path cwd;
  @TempDir
  Path etc;

  private final Map<String, String> environment = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private Optional<OpenStackCredentials> resolve(Map<String, String> settings) {
    return OpenStackCredentials.resolve(MoverConfig.of(settings), Environment.of(environment),
        new CloudsYaml.Locations(List.of(cwd, etc)), problems);
  }

  private OpenStackCredentials resolved(Map<String, String> settings) {
    Optional<OpenStackCredentials> c = resolve(settings);
    assertEquals(List.of(), problems);
    return c.orElseThrow();
  }

  private static Path write(Path file, String text, String permissions) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private void openrc() {
    environment.putAll(Map.of("OS_AUTH_URL", "https://keystone.env.example.com/v3", "OS_USERNAME", "env-user",
        "OS_PASSWORD", "env-password-3", "OS_PROJECT_ID", "e0e1e2e3"));
  }

  @Test
  void osCloudPicksAnEntryOfCloudsYamlWithItsSecureYaml() throws Exception {
    Path clouds = write(etc.resolve("clouds.yaml"), PROD, "rw-r--r--");
    Path secure = write(etc.resolve("secure.yaml"), SECURE, "rw-------");
    environment.put("OS_CLOUD", "prod");
    OpenStackCredentials c = resolved(Map.of());
    assertEquals("https://keystone.prod.example.com:5000/v3", c.authUrl().toString());
    assertEquals(Optional.of("RegionOne"), c.region());
    assertEquals("internal", c.endpointInterface());
    OpenStackCredentials.Password auth = assertInstanceOf(OpenStackCredentials.Password.class, c.auth());
    assertEquals("failover (domain Users)", auth.user().toString());
    assertEquals(OpenStackCredentials.Ref.name("web", OpenStackCredentials.Ref.id("a1b2c3")), auth.project());
    assertEquals("prod-password-9", auth.password().reveal());
    assertEquals("cloud \"prod\" of " + clouds + " (and " + secure + ")", c.source());
  }

  @Test
  void theCloudSettingWinsOverOsCloudAndAnApplicationCredentialTakesItsFirstRegion() throws Exception {
    write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    environment.put("OS_CLOUD", "prod");
    OpenStackCredentials c = resolved(Map.of("cloud", "lab"));
    assertEquals("https://keystone.lab.example.com/identity/v3", c.authUrl().toString());
    assertEquals(Optional.of("LabTwo"), c.region());
    assertEquals("public", c.endpointInterface());
    OpenStackCredentials.ApplicationCredential auth = assertInstanceOf(OpenStackCredentials.ApplicationCredential.class,
        c.auth());
    assertEquals("lab-secret-1", auth.secret().reveal());
  }

  @Test
  void theFirstCloudsYamlFoundWinsAndOsClientConfigFileComesFirst() throws Exception {
    write(cwd.resolve("clouds.yml"), PROD.replace("keystone.prod", "keystone.cwd"), "rw-------");
    write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    environment.put("OS_CLOUD", "lab");
    assertEquals("https://keystone.lab.example.com/identity/v3", resolved(Map.of()).authUrl().toString());
    environment.put("OS_CLOUD", "prod");
    environment.put("OS_PASSWORD", "ignored");
    problems.clear();
    resolve(Map.of());
    assertEquals(List.of("passwordFile: missing (expected: a file holding the user's password, OS_PASSWORD, or password "
        + "in a clouds.yaml or secure.yaml cloud; looked in cloud \"prod\" of " + cwd.resolve("clouds.yml") + ")"),
        problems, "OS_PASSWORD is not merged into a clouds.yaml cloud, as in openstacksdk");
    problems.clear();
    Path elsewhere = write(etc.resolve("other.yaml"), PROD.replace("keystone.prod", "keystone.other"), "rw-------");
    environment.put("OS_CLIENT_CONFIG_FILE", elsewhere.toString());
    resolve(Map.of("passwordFile", write(etc.resolve("pw"), "p", "rw-------").toString()));
    assertEquals(List.of(), problems);
    assertEquals("https://keystone.other.example.com:5000/v3", resolve(Map.of("passwordFile", etc.resolve("pw").toString()))
        .orElseThrow().authUrl().toString());
  }

  @Test
  void withoutOsCloudTheVariablesAreTheSourceEvenBesideACloudsYaml() throws Exception {
    write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    openrc();
    OpenStackCredentials c = resolved(Map.of());
    assertEquals("https://keystone.env.example.com/v3", c.authUrl().toString());
    OpenStackCredentials.Password auth = assertInstanceOf(OpenStackCredentials.Password.class, c.auth());
    assertEquals("env-user (domain default)", auth.user().toString(), "Keystone's default domain when none is named");
    assertEquals(OpenStackCredentials.Ref.id("e0e1e2e3"), auth.project());
    assertEquals("the OS_* environment variables", c.source());
  }

  @Test
  void theOnlyCloudOfCloudsYamlIsTheSourceWhenNothingElseIs() throws Exception {
    write(etc.resolve("clouds.yaml"), "clouds:\n  only:\n    auth:\n      auth_url: https://k.example.com/v3\n"
        + "      username: u\n      password: p\n      project_name: x\n      domain_name: Corp\n", "rw-------");
    environment.put("OS_REGION_NAME", "Elsewhere"); // a selector: not a source of its own
    OpenStackCredentials c = resolved(Map.of());
    OpenStackCredentials.Password auth = assertInstanceOf(OpenStackCredentials.Password.class, c.auth());
    assertEquals("u (domain Corp)", auth.user().toString(), "domain_name is both domains' default, as in openstacksdk");
    assertEquals("x (domain Corp)", auth.project().toString());
    assertEquals(Optional.empty(), c.region());
  }

  @Test
  void severalCloudsAndNoChoiceIsReported() throws Exception {
    Path clouds = write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    resolve(Map.of());
    assertTrue(problems.get(0).endsWith("looked in no OS_* variables, " + clouds + ", whose clouds lab, prod need cloud or "
        + "OS_CLOUD to choose one)"), problems.toString());
  }

  @Test
  void explicitSettingsOverrideTheSourceOneByOne() throws Exception {
    write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    write(etc.resolve("secure.yaml"), SECURE, "rw-------");
    OpenStackCredentials c = resolved(Map.of("cloud", "prod", "projectId", "p-42", "region", "RegionTwo",
        "interface", "public"));
    OpenStackCredentials.Password auth = assertInstanceOf(OpenStackCredentials.Password.class, c.auth());
    assertEquals(OpenStackCredentials.Ref.id("p-42"), auth.project(), "the project's name is replaced, not kept beside");
    assertEquals(Optional.of("RegionTwo"), c.region());
    assertEquals("public", c.endpointInterface());
    assertTrue(c.source().endsWith(" and the mover's settings"), c.source());
  }

  @Test
  void aPasswordInACloudsYamlEveryoneMayReadIsRefused() throws Exception {
    Path clouds = write(etc.resolve("clouds.yaml"), PROD.replace("project_domain_id: a1b2c3",
        "project_domain_id: a1b2c3\n      password: visible-pw"), "rw-r--r--");
    resolve(Map.of("cloud", "prod"));
    assertEquals(List.of("passwordFile: missing, and password of cloud \"prod\" of " + clouds + " is in " + clouds
        + ", which is readable by every user (expected: chmod o-r " + clouds + ", or the secret in secure.yaml or in a "
        + "file named by passwordFile)"), problems);
  }

  @Test
  void anUnknownCloudOrNoCloudsYamlIsReported() throws Exception {
    resolve(Map.of("cloud", "prod"));
    assertEquals("cloud: prod (expected: a cloud of clouds.yaml, but there is none in OS_CLIENT_CONFIG_FILE or [" + cwd
        + ", " + etc + "])", problems.get(0));
    problems.clear();
    Path clouds = write(etc.resolve("clouds.yaml"), PROD, "rw-------");
    environment.put("OS_CLOUD", "staging");
    resolve(Map.of());
    assertEquals("OS_CLOUD: staging (expected: one of the clouds of " + clouds + ": lab, prod)", problems.get(0));
  }

  @Test
  void brokenYamlIsReportedByLineWithoutItsText() throws Exception {
    Path clouds = write(etc.resolve("clouds.yaml"), "clouds:\n  prod:\n    auth:\n      password: \"unterminated-pw-7\n",
        "rw-------");
    resolve(Map.of("cloud", "prod"));
    assertEquals(List.of("cloud: " + clouds + " is not valid YAML (line 4)"), problems, "and nothing that follows from it");
    assertFalse(problems.toString().contains("unterminated-pw-7"));
  }

  @Test
  void anUnsupportedAuthTypeIsReported() throws Exception {
    write(etc.resolve("clouds.yaml"), PROD.replace("v3applicationcredential", "v3oidcpassword"), "rw-------");
    resolve(Map.of("cloud", "lab"));
    assertTrue(problems.get(0).startsWith("auth_type: v3oidcpassword of cloud \"lab\" of "), problems.toString());
  }
}
