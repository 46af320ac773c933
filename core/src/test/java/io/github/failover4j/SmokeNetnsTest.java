package io.github.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.NetnsLab;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeNetnsTest {
  @Test
  void twoNodesElect() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      NetnsLab.Node a = lab.node("a").address("10.0.0.1/24");
      NetnsLab.Node b = lab.node("b").address("10.0.0.2/24");
      try (FailoverGroup ga = group(a, 200); FailoverGroup gb = group(b, 100)) {
        ga.start();
        gb.start();
        assertTrue(ga.awaitMaster(Duration.ofSeconds(3)), ga.status().toString());
        Thread.sleep(500);
        System.out.println(ga.status());
        System.out.println(gb.status());
        assertEquals(Role.BACKUP, gb.role());
        assertTrue(a.has("192.0.2.10"), a.addresses().toString());
        assertTrue(!b.has("192.0.2.10"), b.addresses().toString());
      }
    }
  }

  private static FailoverGroup group(NetnsLab.Node node, int priority) {
    return FailoverGroup.builder().name(node.name()).networkNamespace(node.namespace()).interfaceName("eth0").vrid(51)
        .priority(priority).advertInterval(Duration.ofMillis(100)).virtualIp("192.0.2.10/24").build();
  }
}
