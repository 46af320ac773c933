package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.failover4j.linux.LocalIpMoverProvider;
import org.junit.jupiter.api.Test;

class IpMoversTest {
  @Test
  void findsTheLocalProviderThroughServiceLoader() {
    assertEquals(LocalIpMoverProvider.class, IpMovers.byName("local").getClass());
  }

  @Test
  void anUnknownNameListsTheAvailableOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpMovers.byName("hetzer"));
    assertEquals("unknown ip mover \"hetzer\" (available: exec, local)", e.getMessage());
  }

  @Test
  void oneOfOursNamesTheArtifactToAdd() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpMovers.byName("hetzner"));
    assertEquals("unknown ip mover \"hetzner\" (available: exec, local); add io.github.failover4j:failover4j-provider-hetzner"
        + " to the class path or module path", e.getMessage());
  }
}
