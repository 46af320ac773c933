package io.github.failover4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MoverConfigTest {
  @Test
  void valuesNeverShowInToString() {
    MoverConfig config = MoverConfig.of(Map.of("token", "hcloud-secret-123", "server", "42"));

    assertEquals("MoverConfig[server, token]", config.toString());
    assertFalse(config.toString().contains("secret"));
    assertEquals(Optional.of("42"), config.get("server"));
    assertEquals(Optional.empty(), config.get("nope"));
  }
}
