package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
  private enum Mode { FLOATING_IP, ALIAS_IP, ROBOT }

  private static final Map<String, Set<Mode>> KEYS = Map.of(
      "mode", EnumSet.allOf(Mode.class),
      "requestTimeout", EnumSet.allOf(Mode.class),
      "network", EnumSet.of(Mode.ALIAS_IP, Mode.FLOATING_IP),
      "user", EnumSet.of(Mode.ROBOT));

  private final List<String> problems = new ArrayList<>();

  private ConfigReader reader(String... keysAndValues) {
    Map<String, String> settings = new java.util.HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new ConfigReader(MoverConfig.of(settings), problems);
  }

  @Test
  void aConstantIsSpelledInLowerCaseWithDashes() {
    assertEquals("floating-ip", ConfigReader.spelling(Mode.FLOATING_IP));
    assertEquals("robot", ConfigReader.spelling(Mode.ROBOT));
  }

  @Test
  void theModeAndItsKeys() {
    assertEquals(Mode.ALIAS_IP, reader("mode", "alias-ip", "network", "7578").mode(Mode.class, KEYS));
    assertEquals(List.of(), problems);
  }

  @Test
  void unknownKeysAreNamedWithTheKnownOnes() {
    assertEquals(Mode.ROBOT, reader("mode", "robot", "zone", "fsn1", "tokn", "x").mode(Mode.class, KEYS));
    assertEquals(List.of("tokn: unknown key (expected: one of mode, network, requestTimeout, user)",
        "zone: unknown key (expected: one of mode, network, requestTimeout, user)"), problems);
  }

  @Test
  void aMissingOrUnknownModeListsTheModes() {
    assertNull(reader().mode(Mode.class, KEYS));
    assertNull(reader("mode", "floating").mode(Mode.class, KEYS));
    assertEquals(List.of("mode: missing (expected: floating-ip, alias-ip or robot)",
        "mode: floating (expected: floating-ip, alias-ip or robot)"), problems);
  }

  @Test
  void aKeyOfAnotherModeIsNamedWithItsModes() {
    assertEquals(Mode.ROBOT, reader("mode", "robot", "network", "7578").mode(Mode.class, KEYS));
    assertEquals(List.of("network: set in mode robot (expected: only in mode floating-ip or alias-ip)"), problems);
  }

  @Test
  void durations() {
    Duration fallback = Duration.ofSeconds(30);
    assertEquals(Duration.ofMillis(1500), reader("t", "1.5s").duration("t", fallback, Duration.ofMillis(100),
        Duration.ofMinutes(10)));
    assertEquals(fallback, reader().duration("t", fallback, Duration.ofMillis(100), Duration.ofMinutes(10)));
    assertEquals(List.of(), problems);
    for (String bad : List.of("30", "50ms", "11m")) {
      assertEquals(fallback, reader("t", bad).duration("t", fallback, Duration.ofMillis(100), Duration.ofMinutes(10)));
    }
    assertEquals(List.of("t: 30 (expected: a duration of 100ms..10m such as 30s)",
        "t: 50ms (expected: a duration of 100ms..10m such as 30s)",
        "t: 11m (expected: a duration of 100ms..10m such as 30s)"), problems);
  }

  @Test
  void theRequestTimeoutEveryMoverHas() {
    assertEquals(Duration.ofSeconds(30), reader().requestTimeout());
    assertEquals(Duration.ofMillis(250), reader("requestTimeout", "250ms").requestTimeout());
    assertEquals(Duration.ofSeconds(30), reader("requestTimeout", "1h").requestTimeout());
    assertEquals(List.of("requestTimeout: 1h (expected: a duration of 100ms..10m such as 30s)"), problems);
  }

  @Test
  void aUrlNoCredentialGoesTo() {
    assertEquals(HttpUrl.get("http://169.254.169.254/"), reader().url("metadataUrl", "http://169.254.169.254"));
    assertNull(reader("metadataUrl", "169.254.169.254").url("metadataUrl", "http://169.254.169.254"));
    assertEquals(List.of("metadataUrl: 169.254.169.254 (expected: a URL such as http://169.254.169.254)"), problems);
  }

  @Test
  void credentialsGoOverHttpsOrToLoopbackOnly() {
    ConfigReader r = reader();
    for (String fine : List.of("https://api.example.com/v1", "http://127.0.0.1:8080/v1", "http://[::1]:8080/",
        "http://localhost/")) {
      assertNotNull(r.secureUrl("endpoint", fine, "the API's URL"), fine);
    }
    assertNull(r.secureUrl("endpoint", "http://api.example.com/v1", "the API's URL"));
    assertNull(r.secureUrl("endpoint", "http://10.0.0.1/v1", "the API's URL"));
    assertNull(r.secureUrl("endpoint", "api.example.com", "the API's URL such as https://api.example.com/v1"));
    String https = " (expected: an https URL; http only to a loopback address)";
    assertEquals(List.of("endpoint: http://api.example.com/v1" + https, "endpoint: http://10.0.0.1/v1" + https,
        "endpoint: api.example.com (expected: the API's URL such as https://api.example.com/v1)"), problems);
  }

  @Test
  void aSecretFileOthersCannotRead(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("token"), "s3cret\n");
    Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
    Path open = Files.writeString(dir.resolve("open"), "s3cret\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigReader r = reader();
    Secret secret = r.secretFile("tokenFile", good.toString(), "an API token");
    assertEquals("s3cret", secret.reveal());
    assertNull(r.secretFile("tokenFile", open.toString(), "an API token"));
    assertNull(r.secretFile("tokenFile", "bad\0path", "an API token"));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("tokenFile: " + open + " is readable by every user"), problems.get(0));
    assertEquals("tokenFile: bad\0path (expected: the path of a file holding an API token)", problems.get(1));
  }
}
