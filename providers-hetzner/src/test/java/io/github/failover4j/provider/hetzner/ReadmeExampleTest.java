package io.github.failover4j.provider.hetzner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.spi.MoverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example builds (it is not started: that needs a network and a Hetzner project). */
class ReadmeExampleTest {
  @Test
  void theExampleGroupBuilds(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("hcloud.token");
    Files.writeString(token, FakeCloud.TOKEN);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    FailoverGroup.Builder example = FailoverGroup.builder()
        .name("web")
        .interfaceName("ens10")
        .vrid(42)
        .preempt(false)
        .unicastPeers(List.of("10.0.1.2", "10.0.1.3"))
        .virtualIp("10.0.1.1/32")
        .mover("hetzner", MoverConfig.of(Map.of(
            "mode", "alias-ip",
            "network", "7578",
            "tokenFile", token.toString())));
    assertDoesNotThrow(() -> example.build().close());
  }

  @Test
  void buildReportsTheMoversProblems() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> FailoverGroup.builder()
        .interfaceName("ens10")
        .vrid(42)
        .virtualIp("10.0.1.1/32")
        .mover("hetzner", MoverConfig.of(Map.of("mode", "alias-ip", "netwrok", "7578")))
        .build());
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("movers: hetzner: netwrok: unknown key")),
        e.problems().toString());
  }
}
