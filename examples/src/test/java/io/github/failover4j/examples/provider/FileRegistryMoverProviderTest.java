package io.github.failover4j.examples.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.spi.IpMoverProvider;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryMoverProviderTest {
  @TempDir
  Path dir;

  @Test
  void serviceLoaderFindsItByName() {
    assertEquals(List.of(FileRegistryMoverProvider.class), ServiceLoader.load(IpMoverProvider.class).stream()
        .filter(p -> p.get().name().equals("file-registry")).map(ServiceLoader.Provider::type).toList());
  }

  @Test
  void everyProblemOfTheSettingsIsListedAtOnce() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "reg-token-81c4f0\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> new FileRegistryMoverProvider()
        .create(TestMoverContext.of(MoverConfig.of(Map.of("tokenFile", token.toString(), "region", "eu")),
            "192.0.2.10/24")));
    assertEquals(List.of(
        "region: unknown (expected: file, node, tokenFile)",
        "file: missing (expected: the registry's properties file)",
        "node: missing (expected: this node's name in the registry)",
        "tokenFile: " + token + " is readable by every user (expected: chmod o-r, e.g. 0600 or 0640)"), e.problems());
    assertFalse(e.getMessage().contains("reg-token-81c4f0"));
  }
}
