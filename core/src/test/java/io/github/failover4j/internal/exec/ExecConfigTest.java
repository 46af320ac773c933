package io.github.failover4j.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.MoverConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecConfigTest {
  private static final String TOKEN = "tok-77d1-never-shown";

  @TempDir
  Path dir;

  private Path secretFile(String mode) throws IOException {
    Path file = Files.writeString(dir.resolve("token-" + mode), TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static ConfigurationException refused(Map<String, String> settings) {
    return assertThrows(ConfigurationException.class, () -> ExecConfig.read(MoverConfig.of(settings)));
  }

  @Test
  void claimAndObserveAreEnough() {
    ExecConfig config = ExecConfig.read(MoverConfig.of(Map.of("claim", "true", "observe", "echo self")));
    assertEquals(new ExecConfig("true", "echo self", Optional.empty(), Duration.ofSeconds(60), Optional.empty(),
        Map.of(), Map.of(), Optional.empty()), config);
  }

  @Test
  void everySettingIsRead() throws IOException {
    Path token = secretFile("rw-------");
    ExecConfig config = ExecConfig.read(MoverConfig.of(Map.of("claim", "true", "observe", "echo self",
        "release", "exit 0", "timeout", "1.5s", "self", "node-a", "environment.REGION", "fsn1",
        "secretFile.HCLOUD_TOKEN", token.toString())));
    assertEquals(Optional.of("exit 0"), config.release());
    assertEquals(Duration.ofMillis(1500), config.timeout());
    assertEquals(Optional.of("node-a"), config.self());
    assertEquals(Map.of("REGION", "fsn1"), config.environment());
    assertEquals(TOKEN, config.secrets().get("HCLOUD_TOKEN").reveal());
    assertEquals(Duration.ofMillis(500),
        ExecConfig.read(MoverConfig.of(Map.of("claim", "true", "observe", "true", "timeout", "500ms"))).timeout());
    assertEquals(Duration.ofMinutes(2),
        ExecConfig.read(MoverConfig.of(Map.of("claim", "true", "observe", "true", "timeout", "2m"))).timeout());
  }

  @Test
  void everyProblemIsListedAtOnce() throws IOException {
    Path readableByAll = secretFile("rw-r--r--");
    ConfigurationException e = refused(Map.of(
        "claim", "./claim.sh",
        "timeout", "soon",
        "environment.1X", "a",
        "environment.PATH", "/opt/bin",
        "environment.FAILOVER4J_GROUP", "x",
        "secretFile.TOKEN", readableByAll.toString(),
        "region", "fsn1",
        "user", " "));
    assertEquals(List.of(
        "environment.1X: \"1X\" is not a variable name (expected: letters, digits and _, not starting with a digit)",
        "environment.FAILOVER4J_GROUP: FAILOVER4J_GROUP is set by the mover (expected: another name)",
        "environment.PATH: PATH is set by the mover (expected: another name)",
        "secretFile.TOKEN: " + readableByAll + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)",
        "region: unknown (expected: claim, observe, release, self, timeout, user, environment.NAME or"
            + " secretFile.NAME)",
        "user: blank (expected: a user's name, or no user for this process's)",
        "timeout: \"soon\" (expected: a duration above 0 such as 500ms, 60s, 2m)",
        "claim: \"./claim.sh\" is a relative path (expected: an absolute path, or a command in PATH)",
        "observe: missing (expected: a command line for /bin/sh -c that prints self, nobody, other NODE or unknown"
            + " WHY: without it a claim can be neither checked nor verified)"), e.problems());
    assertEquals("ip mover exec: 9 problems", e.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void aCommandHoldingASecretValueIsRefusedWithoutShowingIt() throws IOException {
    ConfigurationException e = refused(Map.of("claim", "echo " + TOKEN, "observe", "echo self",
        "secretFile.TOKEN", secretFile("rw-------").toString()));
    assertEquals(List.of("claim: holds the value of secretFile.TOKEN (expected: $TOKEN; secrets reach commands"
        + " through the environment only)"), e.problems());
    assertFalse(e.getMessage().contains(TOKEN));
  }

  @Test
  void aVariableIsEitherPlainOrSecret() throws IOException {
    ConfigurationException e = refused(Map.of("claim", "true", "observe", "true", "environment.TOKEN", "x",
        "secretFile.TOKEN", secretFile("rw-------").toString()));
    assertEquals(List.of("secretFile.TOKEN: also set as environment.TOKEN (expected: one of them)"), e.problems());
  }

  @Test
  void anUnknownUserIsSaidOnce() {
    ConfigurationException e = refused(Map.of("claim", "true", "observe", "true", "release", "true",
        "user", "no-such-user-f4j"));
    assertEquals(List.of("user: \"no-such-user-f4j\" not found (expected: a user known to this host)"), e.problems());
  }

  @Test
  void aZeroTimeoutIsRefused() {
    assertEquals(List.of("timeout: \"0s\" (expected: a duration above 0 such as 500ms, 60s, 2m)"),
        refused(Map.of("claim", "true", "observe", "true", "timeout", "0s")).problems());
  }
}
