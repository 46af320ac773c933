package io.github.failover4j;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.PacketCapture;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import io.github.failover4j.vrrp.VrrpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three routers and a client in network namespaces, with real raw sockets: election, hard failover
 * (the master's link goes down), preemption, and graceful handover, in every mode. Who holds the
 * address is read with iproute2, and a client behind the address must get its TCP answer from the
 * new master each time: only an announcement it heard (checked on its packet socket) makes its
 * neighbour cache follow.
 */
class FailoverGroupNetnsTest {
  static final int PORT = 8080;
  static final Duration MARGIN = Duration.ofSeconds(2);

  enum Mode {
    V2_IPV4_MULTICAST(2, false, false),
    V2_IPV4_UNICAST(2, false, true),
    V3_IPV4_MULTICAST(3, false, false),
    V3_IPV4_UNICAST(3, false, true),
    V3_IPV6_MULTICAST(3, true, false),
    V3_IPV6_UNICAST(3, true, true);

    final int version;
    final boolean ipv6;
    final boolean unicast;

    Mode(int version, boolean ipv6, boolean unicast) {
      this.version = version;
      this.ipv6 = ipv6;
      this.unicast = unicast;
    }

    Duration interval() {
      return version == 2 ? Duration.ofSeconds(1) : Duration.ofMillis(100);
    }

    String address(int host) {
      return ipv6 ? "2001:db8::" + host : "10.0.0." + host;
    }

    String cidr(int host) {
      return address(host) + (ipv6 ? "/64" : "/24");
    }

    String vip() {
      return address(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void electsFailsOverPreemptsAndHandsOver(Mode mode) throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address(mode.cidr(1));
      Node b = lab.node("b").address(mode.cidr(2));
      Node c = lab.node("c").address(mode.cidr(3));
      Node client = lab.node("client").address(mode.cidr(100));
      List<Node> routers = List.of(a, b, c);
      routers.forEach(n -> n.serveTcp(PORT));
      PacketCapture capture = client.capture();
      PacketCapture.Mark start = capture.mark();
      c.address(mode.cidr(200)); // left behind by a crashed earlier run of c
      List<RoleChange> changes = new CopyOnWriteArrayList<>();
      FailoverGroup ga = group(mode, a, 1, 200);
      FailoverGroup gb = group(mode, b, 2, 150);
      FailoverGroup gc = group(mode, c, 3, 100);
      try (ga; gb; gc) {
        for (FailoverGroup g : List.of(ga, gb, gc)) {
          g.addListener(changes::add, Runnable::run);
          g.start();
        }

        // election: the highest priority, and only it holds the address
        assertTrue(ga.awaitMaster(mdi(mode, 200).plus(MARGIN)), ga.status().toString());
        eventually(MARGIN, () -> !c.has(mode.vip()), () -> "the leftover address is still on c");
        assertEquals(List.of(true, false, false), holders(mode, routers));
        assertEquals(Role.BACKUP, gb.role());
        assertEquals(Role.BACKUP, gc.role());
        assertAnswers(client, mode, "a");
        assertEquals(Optional.of(true), ga.status().master().map(MasterStatus::self));
        MasterStatus followed = gb.status().master().orElseThrow();
        assertEquals(200, followed.priority());
        assertEquals(mode.unicast || !mode.ipv6 ? IpLiterals.parse(mode.address(1)) : followed.address(),
            followed.address());
        assertTrue(!mode.ipv6 || mode.unicast || followed.address().isLinkLocalAddress(), followed.toString());

        // hard failover: the master's link goes down, it sends nothing more; a's own announcements,
        // whose burst goes on after it is MASTER, do not count
        PacketCapture.Mark failover = capture.afterAnnouncements(mode.vip(), a.mac(), start,
            Announcements.DEFAULT.repeat(), MARGIN).orElseThrow(() -> new AssertionError("a's burst not heard"));
        long down = System.nanoTime();
        a.linkDown();
        assertTrue(gb.awaitMaster(mdi(mode, 150).plus(MARGIN)), gb.status().toString());
        long tookMillis = (System.nanoTime() - down) / 1_000_000;
        assertTrue(tookMillis <= mdi(mode, 150).plus(MARGIN).toMillis(), "took " + tookMillis + " ms");
        eventually(MARGIN, () -> ga.role() == Role.FAULT && !a.has(mode.vip()), () -> "a still " + ga.role());
        assertEquals(List.of(false, true, false), holders(mode, routers));
        assertAnnounced(capture, failover, mode, b, routers);
        assertAnswers(client, mode, "b");

        // the old master comes back and preempts
        a.linkUp();
        assertTrue(ga.awaitMaster(mdi(mode, 200).plus(MARGIN)), ga.status().toString());
        eventually(MARGIN, () -> gb.role() == Role.BACKUP, () -> "b still " + gb.role());
        eventually(MARGIN, () -> holders(mode, routers).equals(List.of(true, false, false)), () -> "holders");
        assertAnswers(client, mode, "a");

        // graceful handover: priority 0, so b takes over after Skew_Time, not Master_Down_Interval
        ga.close();
        assertTrue(gb.awaitMaster(MARGIN), gb.status().toString());
        assertEquals(List.of(false, true, false), holders(mode, routers));
        assertAnswers(client, mode, "b");
        assertTrue(gb.status().counters().priorityZeroReceived() >= 1, gb.status().toString());
        assertEquals(0, gb.status().counters().dropped(), gb.status().toString());
      }
      assertEquals(List.of(false, false, false), holders(mode, routers), "closed groups hold nothing");
      assertTrue(changes.stream().anyMatch(ch -> ch.to() == Role.FAULT && ch.group().equals("a")));
    }
  }

  static FailoverGroup group(Mode mode, Node node, int host, int priority) {
    FailoverGroup.Builder builder = FailoverGroup.builder()
        .name(node.name())
        .networkNamespace(node.namespace())
        .interfaceName("eth0")
        .vrid(51)
        .version(mode.version)
        .priority(priority)
        .advertInterval(mode.interval())
        .virtualIp(mode.ipv6 ? VirtualIp.parse(mode.vip() + "/64")
            : VirtualIp.parse(mode.vip() + "/24").withLabel("eth0:vip"));
    if (mode.unicast) {
      List<String> peers = new ArrayList<>();
      for (int other = 1; other <= 3; other++) {
        if (other != host) {
          peers.add(mode.address(other));
        }
      }
      builder.unicastSource(mode.address(host)).unicastPeers(peers);
    }
    return builder.build();
  }

  /** Master_Down_Interval of a backup of this priority, from the state machine's own arithmetic. */
  static Duration mdi(Mode mode, int priority) {
    VrrpConfig config = VrrpConfig.builder(51)
        .version(mode.version == 2 ? VrrpVersion.V2 : VrrpVersion.V3)
        .priority(priority)
        .advertInterval(mode.interval())
        .addresses(List.of(IpLiterals.parse(mode.vip())))
        .build();
    return Duration.ofNanos(new VrrpStateMachine(config, IpLiterals.parse(mode.address(1))).masterDownIntervalNanos());
  }

  static List<Boolean> holders(Mode mode, List<Node> routers) {
    return routers.stream().map(n -> n.has(mode.vip())).toList();
  }

  static void assertAnswers(Node client, Mode mode, String expected) {
    eventually(MARGIN, () -> client.fetch(mode.vip(), PORT, Duration.ofMillis(300)).equals(Optional.of(expected)),
        () -> "the client did not get \"" + expected + "\" through " + mode.vip() + ": "
            + client.fetch(mode.vip(), PORT, Duration.ofMillis(300)));
  }

  /**
   * Asserts that the client heard the address announced (gratuitous ARP, unsolicited NA) after the
   * mark, and that the first such announcement named the node's eth0 MAC: the new master's, not
   * the old one's.
   */
  static void assertAnnounced(PacketCapture capture, PacketCapture.Mark since, Mode mode, Node node, List<Node> all)
      throws Exception {
    Optional<byte[]> mac = mode.ipv6
        ? capture.awaitNeighborAdvertisement(mode.vip(), since, MARGIN)
        : capture.awaitGratuitousArp(mode.vip(), since, MARGIN);
    assertTrue(mac.isPresent(), "no announcement of " + mode.vip() + " seen by the client since " + since);
    HexFormat hex = HexFormat.ofDelimiter(":");
    String announcer = all.stream().filter(n -> Arrays.equals(n.mac(), mac.get())).map(Node::toString).findFirst()
        .orElse("no router");
    assertEquals(hex.formatHex(node.mac()), hex.formatHex(mac.get()),
        mode.vip() + " announced with the MAC of " + announcer + "'s eth0, not " + node + "'s");
  }
}
