package io.github.failover4j;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.check.Check;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.ScriptDir;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A group in a network namespace probes from there, as keepalived's scripts of a
 * {@code net_namespace} instance run there: a TCP check of the node's own address (unreachable from
 * the test JVM's namespace) passes, and a script sees the namespace's own identity.
 */
class CheckNamespaceNetnsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void checksOfAGroupInANamespaceRunInThatNamespace() throws Exception {
    try (NetnsLab lab = NetnsLab.create(); ScriptDir dir = ScriptDir.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      a.serveTcp(8080);
      String namespace = a.exec("readlink", "/proc/self/ns/net").trim();
      Check service = Check.builder("service").tcp("10.0.0.1", 8080).interval(Duration.ofMillis(100)).build();
      Check here = Check.builder("here")
          .script(dir.script("here.sh", "test \"$(readlink /proc/self/ns/net)\" = '" + namespace + "'").toString())
          .interval(Duration.ofMillis(100)).build();
      try (FailoverGroup group = FailoverGroup.builder()
          .name("web").networkNamespace(a.namespace()).interfaceName("eth0").vrid(51)
          .advertInterval(Duration.ofMillis(100)).virtualIp("10.0.0.200/24")
          .track(service, 0)
          .track(here, 0)
          .build()) {
        group.start();
        assertTrue(group.awaitMaster(WAIT), group.status().toString());
        eventually(WAIT, () -> group.status().tracked().stream().allMatch(t -> t.state() == TrackState.HEALTHY),
            () -> group.status().tracked().toString());
        assertEquals(List.of(), group.status().faults());
      }
    }
  }
}
