package io.github.failover4j.provider.ovh;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.spi.MoverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000, the OVH Public Cloud edge pair, in network namespaces: two nodes elect a master with
 * VRRPv2 and a password (CARP's {@code pass}; edge-1 is preferred, as its lower advskew made it), the
 * master attaches the additional IP 203.0.113.7 to its instance through the fake OVH API and holds
 * it on its interface; when the master goes away the other node attaches it to itself, and a client
 * reaches the new master through the address.
 *
 * <p>Unlike the seed, the group and the additional IP share the lab's one interface: the seed runs
 * CARP on a private network and puts the IP on the public interface, and failover4j has no
 * per-address interface yet. The movers' threads stay in the JVM's own namespace, where the fake
 * listens on loopback.
 */
class Seed000NetnsTest {
  private static final String VIP = "203.0.113.7";
  private static final int PORT = 8080;
  private static final Duration MARGIN = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  @Test
  void theMasterAttachesTheAdditionalIpAndTheBackupTakesItOver() throws Exception {
    try (NetnsLab lab = NetnsLab.create(); FakeOvh fake = FakeOvh.start()) {
      Node edge1 = lab.node("edge1").address("10.25.0.1/16");
      Node edge2 = lab.node("edge2").address("10.25.0.2/16");
      Node client = lab.node("client").address("10.25.0.100/16");
      // the additional IP is routed to the edge pair's network, as OVH routes it to the instances
      client.exec("ip", "route", "add", VIP + "/32", "dev", "eth0");
      edge1.serveTcp(PORT);
      edge2.serveTcp(PORT);
      fake.attachReads(2);

      FailoverGroup g1 = group(edge1, 200, FakeOvh.SELF_INSTANCE, fake);
      FailoverGroup g2 = group(edge2, 100, FakeOvh.OTHER_INSTANCE, fake);
      try (g1; g2) {
        g1.start();
        g2.start();

        assertTrue(g1.awaitMaster(Duration.ofSeconds(10)), g1.status().toString());
        eventually(MARGIN, () -> fake.attachedTo().equals(Optional.of(FakeOvh.SELF_INSTANCE))
            && fake.cloudStatus().equals("ok"), () -> "OVH routes the IP to " + fake.attachedTo());
        assertTrue(edge1.has(VIP), edge1.addresses().toString());
        assertFalse(edge2.has(VIP), edge2.addresses().toString());
        assertFalse(g2.isMaster());
        assertAnswers(client, "edge1");

        // the master goes away (a graceful close: priority 0, as an ifstated demotion would end)
        g1.close();
        assertTrue(g2.awaitMaster(MARGIN), g2.status().toString());
        eventually(MARGIN, () -> fake.attachedTo().equals(Optional.of(FakeOvh.OTHER_INSTANCE))
            && fake.cloudStatus().equals("ok"), () -> "OVH routes the IP to " + fake.attachedTo());
        assertTrue(edge2.has(VIP), edge2.addresses().toString());
        assertFalse(edge1.has(VIP), edge1.addresses().toString());
        assertAnswers(client, "edge2");
      }
      // one attach per master, and one read of OVH's time per node: no signature was refused
      assertEquals(2, fake.writes().size(), fake.writes().toString());
      assertEquals(2, fake.count("GET /1.0/auth/time"), fake.requests().toString());
    }
  }

  private FailoverGroup group(Node node, int priority, String instance, FakeOvh fake) throws Exception {
    Path secret = secret(node.name() + ".as", FakeOvh.APPLICATION_SECRET);
    Path consumer = secret(node.name() + ".ck", FakeOvh.CONSUMER_KEY);
    return FailoverGroup.builder()
        .name(node.name())
        .networkNamespace(node.namespace())
        .interfaceName("eth0")
        .vrid(1)
        .version(2)
        .authPassword("carp-pw")
        .priority(priority)
        .virtualIp(VIP + "/32")
        .mover("ovh", MoverConfig.of(Map.of(
            "mode", "cloud-ip",
            "endpoint", fake.endpoint().toString(),
            "applicationKey", FakeOvh.APPLICATION_KEY,
            "applicationSecretFile", secret.toString(),
            "consumerKeyFile", consumer.toString(),
            "project", FakeOvh.PROJECT,
            "instance", instance,
            "pollInterval", "100ms")))
        .build();
  }

  private Path secret(String name, String value) throws Exception {
    Path file = Files.writeString(dir.resolve(name), value + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static void assertAnswers(Node client, String expected) {
    eventually(MARGIN, () -> client.fetch(VIP, PORT, Duration.ofMillis(300)).equals(Optional.of(expected)),
        () -> "the client did not get \"" + expected + "\" through " + VIP + ": "
            + client.fetch(VIP, PORT, Duration.ofMillis(300)));
  }
}
