package io.github.failover4j.provider.openstack;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.MoverState;
import io.github.failover4j.Role;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.MoverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Seed 001 — an OpenStack pair as the keepalived guide sets it up: two instances on one network,
 * VRRP version 2 with unicast peers and a simple password, the VIP in both ports' allowed address
 * pairs — with failover4j moving the floating IP itself instead of leaving it on a VIP port.
 *
 * <p>The two groups run in this JVM on two nodes of a namespace lab (real raw sockets, real
 * addresses, a client behind the VIP); their movers run in the root namespace and reach the fake
 * Keystone, Neutron and metadata services on 127.0.0.1, each node with its own instance. Skipped
 * without root, unless {@value NetnsLab#REQUIRED} is set (CI), where it must run.
 */
class Seed001NetnsTest {
  private static final String WEB1 = "8f1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
  private static final String WEB2 = "2a3b4c5d-6e7f-4809-8a1b-2c3d4e5f6a7b";
  private static final String PORT1 = "0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a";
  private static final String PORT2 = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
  private static final String FLOATING = "203.0.113.117";
  private static final String VIP = "192.168.27.251";
  private static final int HTTP = 8080;
  private static final Duration MARGIN = Duration.ofSeconds(10);

  @Test
  void theFloatingIpFollowsTheMasterAndTheVipAnswersOnIt() throws Exception {
    try (NetnsLab lab = NetnsLab.create();
        OpenStackHarness cloud = new OpenStackHarness(new TestClock(Instant.now()));
        MockWebServer metadata1 = new MockWebServer();
        MockWebServer metadata2 = new MockWebServer()) {
      Node web1 = lab.node("web1").address("192.168.27.116/24");
      Node web2 = lab.node("web2").address("192.168.27.127/24");
      Node client = lab.node("client").address("192.168.27.50/24");
      web1.serveTcp(HTTP);
      web2.serveTcp(HTTP);
      metadata1.setDispatcher(new FakeMetadata(WEB1));
      metadata2.setDispatcher(new FakeMetadata(WEB2));
      metadata1.start();
      metadata2.start();
      // seed 001's ports: the VIP in both ports' allowed address pairs, for good
      cloud.neutron.port(PORT1, OpenStackHarness.NETWORK, WEB1, mac(web1), "192.168.27.116", VIP)
          .port(PORT2, OpenStackHarness.NETWORK, WEB2, mac(web2), "192.168.27.127", VIP);
      String fip = "4c3b2a19-0f8e-47d6-a5b4-c3d2e1f0a9b8";
      cloud.neutron.floatingIp(fip, FLOATING, null);
      Path password = Files.writeString(cloud.folder.resolve("password"), FakeKeystone.PASSWORD);
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));

      FailoverGroup g1 = group(web1, 100, settings(cloud, password, metadata1, web1));
      FailoverGroup g2 = group(web2, 50, settings(cloud, password, metadata2, web2));
      try (g1; g2) {
        g1.start();
        g2.start();
        assertTrue(g1.awaitMaster(MARGIN), g1.status().toString());
        eventually(MARGIN, () -> cloud.neutron.holder(fip).equals(Optional.of(PORT1)) && holding(g1),
            () -> "floating IP on " + cloud.neutron.holder(fip) + ", " + g1.status());
        assertEquals(Role.BACKUP, g2.role());
        assertTrue(web1.has(VIP) && !web2.has(VIP), "the VIP on web1's eth0 only");
        eventually(MARGIN, () -> client.fetch(VIP, HTTP, Duration.ofMillis(300)).equals(Optional.of("web1")),
            () -> "the client through " + VIP);

        // as web2 takes over, web1's last reconcile writes once more: web2's first write is stale
        long revision = cloud.neutron.revision(fip);
        cloud.neutron.before("PUT", "/v2.0/floatingips/" + fip, () -> cloud.neutron.associate(fip, PORT1));
        g1.close();
        assertTrue(g2.awaitMaster(MARGIN), g2.status().toString());
        eventually(MARGIN, () -> cloud.neutron.holder(fip).equals(Optional.of(PORT2)) && holding(g2),
            () -> "floating IP on " + cloud.neutron.holder(fip) + ", " + g2.status());
        List<String> writes = cloud.neutron.writes();
        String stale = "PUT /v2.0/floatingips/" + fip + " If-Match: revision_number=" + revision
            + " {\"floatingip\":{\"port_id\":\"" + PORT2 + "\"}}";
        String fresh = "PUT /v2.0/floatingips/" + fip + " If-Match: revision_number=" + (revision + 1)
            + " {\"floatingip\":{\"port_id\":\"" + PORT2 + "\"}}";
        assertEquals(List.of(stale, fresh), writes.subList(writes.size() - 2, writes.size()),
            "refused with 412, read again, decided again");
        assertTrue(web2.has(VIP) && !web1.has(VIP), "the VIP moved to web2's eth0");
        eventually(MARGIN, () -> client.fetch(VIP, HTTP, Duration.ofMillis(300)).equals(Optional.of("web2")),
            () -> "the client through " + VIP);
        assertEquals(List.of(VIP), cloud.neutron.pairs(PORT1), "the allowed address pairs stay as they were");
        assertEquals(List.of(VIP), cloud.neutron.pairs(PORT2));
      }
    }
  }

  private static boolean holding(FailoverGroup group) {
    return group.status().movers().stream()
        .anyMatch(m -> m.name().equals("openstack") && m.state() == MoverState.HOLDING);
  }

  private static String mac(Node node) {
    return HexFormat.ofDelimiter(":").formatHex(node.mac());
  }

  /** The mover's settings: explicit, so that nothing of this machine's OS_* or clouds.yaml is read. */
  private static Map<String, String> settings(OpenStackHarness cloud, Path password, MockWebServer metadata, Node node) {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", "floating-ip");
    settings.put("address", FLOATING);
    settings.put("authUrl", cloud.authUrl());
    settings.put("username", FakeKeystone.USER);
    settings.put("passwordFile", password.toString());
    settings.put("project", FakeKeystone.PROJECT);
    settings.put("userDomain", FakeKeystone.DOMAIN);
    settings.put("projectDomainId", "default");
    settings.put("region", "RegionOne");
    settings.put("interface", "public");
    settings.put("metadataUrl", metadata.url("/").toString());
    // the group's eth0 is in the node's namespace: its MAC names the port (see InterfaceMacs)
    settings.put("macAddress", mac(node));
    settings.put("pollInterval", "100ms");
    return settings;
  }

  /** Seed 001's keepalived.conf, as a group: VRID 50, advert_int 1, auth_type PASS, unicast peers. */
  private static FailoverGroup group(Node node, int priority, Map<String, String> settings) {
    return FailoverGroup.builder()
        .name(node.name())
        .networkNamespace(node.namespace())
        .interfaceName("eth0")
        .vrid(50)
        .version(2)
        .priority(priority)
        .advertInterval(Duration.ofSeconds(1))
        .authPassword("EcbCp2b1")
        .unicastPeers(List.of("192.168.27.116", "192.168.27.127"))
        .virtualIp(VIP + "/32")
        .mover("openstack", MoverConfig.of(settings))
        .build();
  }
}
