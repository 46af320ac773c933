package io.github.failover4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
  @TempDir
  Path dir;

  private Path file(String content, String mode) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void aFileSecretIsItsContentWithoutTheNewlineAndNeverPrints() throws IOException {
    Path file = file("hc-token-123\n", "rw-r-----");
    Secret secret = Secret.fromFile(file);
    assertEquals("hc-token-123", secret.reveal());
    assertEquals("Secret(from file " + file + ")", secret.toString());
    assertEquals("Secret(given)", Secret.of("hc-token-123").toString());
  }

  @Test
  void aFileReadableByEveryoneIsRefusedWithoutQuotingIt() throws IOException {
    Path file = file("hc-token-123\n", "rw-r--r--");
    Secret.Unavailable e = assertThrows(Secret.Unavailable.class, () -> Secret.fromFile(file));
    assertEquals(file + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)", e.getMessage());
    assertFalse(e.getMessage().contains("hc-token-123"));
  }

  @Test
  void aMissingOrEmptyFileIsRefused() throws IOException {
    Path missing = dir.resolve("missing");
    assertEquals(missing + " cannot be read (NoSuchFileException)",
        assertThrows(Secret.Unavailable.class, () -> Secret.fromFile(missing)).getMessage());
    Path empty = file(" \n", "rw-------");
    assertEquals(empty + " is empty (expected: the secret)",
        assertThrows(Secret.Unavailable.class, () -> Secret.fromFile(empty)).getMessage());
  }

  @Test
  void anEnvironmentSecretNamesItsVariable() {
    Secret secret = Secret.fromEnvironment("HCLOUD_TOKEN", Map.of("HCLOUD_TOKEN", "hc-token-123"));
    assertEquals("hc-token-123", secret.reveal());
    assertEquals("Secret(from environment variable HCLOUD_TOKEN)", secret.toString());
    assertEquals("environment variable HCLOUD_TOKEN is not set (expected: the secret)",
        assertThrows(Secret.Unavailable.class, () -> Secret.fromEnvironment("HCLOUD_TOKEN", Map.of())).getMessage());
    assertEquals("environment variable HCLOUD_TOKEN is empty (expected: the secret)", assertThrows(
        Secret.Unavailable.class, () -> Secret.fromEnvironment("HCLOUD_TOKEN", Map.of("HCLOUD_TOKEN", " "))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Secret.of(""));
  }
}
