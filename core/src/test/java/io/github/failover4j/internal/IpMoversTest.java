package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.LocalIpMoverProvider;
import io.github.failover4j.spi.IpMoverProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aBrokenProviderJarIsNamedNotSwallowed(@TempDir Path jar) throws Exception {
    Path services = Files.createDirectories(jar.resolve("META-INF/services"));
    Files.writeString(services.resolve(IpMoverProvider.class.getName()), "com.example.cloud.MissingProvider\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpMovers.byName("local"));
      assertTrue(e.getMessage().startsWith("ip mover providers: one could not be loaded: "), e.getMessage());
      assertTrue(e.getMessage().contains("com.example.cloud.MissingProvider"), e.getMessage());
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
