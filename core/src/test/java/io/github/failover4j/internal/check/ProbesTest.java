package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.check.Probe;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ProbesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aScriptIsHealthyOnExitCodeZeroOnly() throws Exception {
    List<String> output = new CopyOnWriteArrayList<>();
    assertTrue(Probes.create(new Probe.Script("exit 0", Optional.empty()), output::add).run(TIMEOUT));
    assertFalse(Probes.create(new Probe.Script("echo failing; exit 1", Optional.empty()), output::add).run(TIMEOUT));
    assertThrows(TimeoutException.class,
        () -> Probes.create(new Probe.Script("sleep 5", Optional.empty())).run(Duration.ofMillis(200)));
  }

  @Test
  void anInJvmCheckIsCalled() throws Exception {
    assertTrue(Probes.create(new Probe.InJvm(() -> true)).run(TIMEOUT));
    assertFalse(Probes.create(new Probe.InJvm(() -> false)).run(TIMEOUT));
    IOException e = assertThrows(IOException.class,
        () -> Probes.create(new Probe.InJvm(() -> { throw new IOException("backend down"); })).run(TIMEOUT));
    assertEquals("backend down", e.getMessage());
  }

  @Test
  void eachKindHasItsTask() throws Exception {
    assertTrue(Probes.create(new Probe.Tcp("127.0.0.1", 1)) instanceof TcpProbe);
    assertTrue(Probes.create(new Probe.Http(java.net.URI.create("http://127.0.0.1/"), 200, 299, Optional.empty()))
        instanceof HttpProbe);
    assertTrue(Probes.create(new Probe.Ping(java.net.InetAddress.getLoopbackAddress())) instanceof PingProbe);
    assertTrue(Probes.create(new Probe.Process("java", Optional.empty(), 1, 1)) instanceof ProcessProbe);
    assertTrue(Probes.create(new Probe.Script("true", Optional.empty())) instanceof ScriptProbe);
  }
}
