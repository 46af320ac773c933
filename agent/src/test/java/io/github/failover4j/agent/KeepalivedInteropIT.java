package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.agent.Daemons.Keepalived;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.PacketCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failover4j agent and keepalived (the real one, from the distribution) on one bridge, in every
 * mode both support: each is MASTER when it has the higher priority; each takes over when the other
 * crashes (keepalived: SIGKILL of its process group; the agent: SIGKILL) and when the other stops
 * gracefully (SIGTERM: priority 0); and the higher priority preempts when it returns. Roles are
 * judged by the wire (who advertises, as captured on the bridge) and by who holds the address
 * (iproute2), not by logs.
 */
class KeepalivedInteropIT {
  static final String VRID = "51";

  enum Mode {
    V2_MULTICAST(2, false, false, false, Duration.ofSeconds(1)),
    V2_PASSWORD(2, false, false, true, Duration.ofSeconds(1)),
    V2_UNICAST(2, false, true, false, Duration.ofSeconds(1)),
    V3_IPV4_MULTICAST_100MS(3, false, false, false, Duration.ofMillis(100)),
    V3_IPV4_UNICAST(3, false, true, false, Duration.ofMillis(100)),
    V3_IPV6_MULTICAST(3, true, false, false, Duration.ofMillis(100));

    final int version;
    final boolean ipv6;
    final boolean unicast;
    final boolean password;
    final Duration interval;

    Mode(int version, boolean ipv6, boolean unicast, boolean password, Duration interval) {
      this.version = version;
      this.ipv6 = ipv6;
      this.unicast = unicast;
      this.password = password;
      this.interval = interval;
    }

    String address(int host) {
      return ipv6 ? "2001:db8::" + host : "10.0.0." + host;
    }

    String prefix() {
      return ipv6 ? "/64" : "/24";
    }

    String vip() {
      return address(200);
    }

    /** Master_Down_Interval of the backup (priority 100), with room for a JVM to start. */
    Duration takeover() {
      long skew = version == 2 ? 1_000_000_000L * 156 / 256 : interval.toNanos() * 156 / 256;
      return interval.multipliedBy(3).plusNanos(skew).plusSeconds(5);
    }
  }

  @TempDir
  Path dir;

  @BeforeAll
  static void keepalivedIsInstalled() {
    boolean installed = Files.isExecutable(Path.of("/usr/sbin/keepalived")) || Files.isExecutable(Path.of("/sbin/keepalived"));
    if (!installed && System.getenv(NetnsLab.REQUIRED) != null) {
      fail("keepalived is not installed, and " + NetnsLab.REQUIRED + " is set (apt-get install -y keepalived)");
    }
    Assumptions.assumeTrue(installed, "skipped: keepalived is not installed (apt-get install -y keepalived)");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void electsFailsOverAndPreemptsWithKeepalived(Mode mode) throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node f = lab.node("f").address(mode.address(1) + mode.prefix());
      Node k = lab.node("k").address(mode.address(2) + mode.prefix());
      PacketCapture wire = lab.captureBridge();
      Lab test = new Lab(mode, f, k, wire, dir);

      // failover4j has the higher priority
      Keepalived keepalived = f.own(test.keepalived(100));
      Daemon agent = f.own(test.agent(200, "agent-1.log"));
      test.expectMaster(f, k, "failover4j (200) over keepalived (100)", agent, keepalived);

      long crashed = System.nanoTime();
      agent.signal("KILL"); // crashed: no priority 0, and its address stays on its interface
      test.expectMaster(k, null, "keepalived takes over from a crashed failover4j", agent, keepalived);
      test.report("keepalived took over from a crashed failover4j", k, crashed);

      agent = f.own(test.agent(200, "agent-2.log")); // back: removes the stale address, preempts
      test.expectMaster(f, k, "failover4j preempts keepalived on its return", agent, keepalived);

      long stopped = System.nanoTime();
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
      test.expectReleased(f, stopped);
      test.expectMaster(k, f, "keepalived takes over from a stopped failover4j", agent, keepalived);
      test.report("keepalived took over from a stopped failover4j", k, stopped);
      keepalived.signal("TERM");
      keepalived.awaitExit(Duration.ofSeconds(15));

      // keepalived has the higher priority
      keepalived = f.own(test.keepalived(200));
      agent = f.own(test.agent(100, "agent-3.log"));
      test.expectMaster(k, f, "keepalived (200) over failover4j (100)", agent, keepalived);

      crashed = System.nanoTime();
      keepalived.crash();
      test.expectMaster(f, null, "failover4j takes over from a crashed keepalived", agent, keepalived);
      test.report("failover4j took over from a crashed keepalived", f, crashed);

      keepalived = f.own(test.keepalived(200));
      test.expectMaster(k, f, "keepalived preempts failover4j on its return", agent, keepalived);

      stopped = System.nanoTime();
      keepalived.signal("TERM");
      keepalived.awaitExit(Duration.ofSeconds(15));
      test.expectReleased(k, stopped);
      test.expectMaster(f, k, "failover4j takes over from a stopped keepalived", agent, keepalived);
      test.report("failover4j took over from a stopped keepalived", f, stopped);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
    }
  }

  /** The two routers of one mode and how to judge them. */
  private record Lab(Mode mode, Node f, Node k, PacketCapture wire, Path dir) {
    Daemon agent(int priority, String log) throws IOException, InterruptedException {
      StringBuilder yaml = new StringBuilder()
          .append("groups:\n  - name: web\n    interface: eth0\n    vrid: ").append(VRID)
          .append("\n    version: ").append(mode.version)
          .append("\n    priority: ").append(priority)
          .append("\n    advertInterval: ").append(mode.interval.toMillis()).append("ms")
          .append("\n    virtualIps: [\"").append(mode.vip()).append(mode.prefix()).append("\"]\n");
      if (mode.password) {
        yaml.append("    authPassword: s3cret\n");
      }
      if (mode.unicast) {
        yaml.append("    unicast: { source: ").append(mode.address(1)).append(", peers: [").append(mode.address(2))
            .append("] }\n");
      }
      Path config = Files.writeString(dir.resolve("agent-" + priority + ".yaml"), yaml);
      Daemon agent = Daemons.agent(f, Daemons.AGENT_JAR, config, dir.resolve(log));
      // judge roles only once it runs, and has had a Master_Down_Interval to get them wrong
      eventually(Duration.ofSeconds(20), () -> agent.log().contains("running 1 group"), agent::log);
      sleepNanos(mode.takeover().minusSeconds(5).toNanos());
      return agent;
    }

    Keepalived keepalived(int priority) {
      StringBuilder conf = new StringBuilder()
          .append("global_defs {\n  router_id k\n}\n")
          .append("vrrp_instance VI {\n  state BACKUP\n  interface eth0\n  virtual_router_id ").append(VRID)
          .append("\n  priority ").append(priority)
          .append("\n  advert_int ").append(mode.interval.toMillis() / 1000.0)
          .append("\n  version ").append(mode.version).append('\n');
      if (mode.password) {
        conf.append("  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }\n");
      }
      if (mode.unicast) {
        conf.append("  unicast_src_ip ").append(mode.address(2)).append("\n  unicast_peer {\n    ")
            .append(mode.address(1)).append("\n  }\n");
      }
      conf.append("  virtual_ipaddress {\n    ").append(mode.vip()).append(mode.prefix()).append(" dev eth0\n  }\n}\n");
      return new Keepalived(k, dir, conf.toString());
    }

    /** The address its advertisements come from, written as the capture writes it. */
    String source(Node node) {
      try {
        return InetAddress.getByName(mode.ipv6 && !mode.unicast ? node.linkLocal() : mode.address(node == f ? 1 : 2))
            .getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * One router alone advertises (over the last three intervals, on the bridge) and holds the
     * address; the other, if given, does not hold it.
     */
    void expectMaster(Node master, Node other, String what, Daemon agent, Daemon keepalived) {
      Set<String> expected = Set.of(source(master));
      long window = mode.interval.multipliedBy(3).toNanos();
      eventually(mode.takeover(), () -> wire.advertisingSince(System.nanoTime() - window).equals(expected)
              && master.has(mode.vip()) && (other == null || !other.has(mode.vip())),
          () -> what + ": advertising " + wire.advertisingSince(System.nanoTime() - window) + " (expected " + expected
              + "); address on " + master + ": " + master.has(mode.vip())
              + (other == null ? "" : ", on " + other + ": " + other.has(mode.vip()))
              + "\n--- agent\n" + agent.log() + "\n--- keepalived\n" + keepalived.log());
    }

    /**
     * Prints, for the record, the time from the other router's last advertisement with a priority
     * (or its priority 0) before the new master's first, on the wire.
     */
    void report(String what, Node master, long event) {
      String other = source(master == f ? k : f);
      java.util.List<PacketCapture.Advert> adverts = wire.adverts();
      long last = adverts.stream().filter(a -> a.source().equals(other) && a.nanos() < event + 1_000_000_000L)
          .mapToLong(PacketCapture.Advert::nanos).max().orElse(event);
      long first = adverts.stream().filter(a -> a.source().equals(source(master)) && a.priority() > 0
          && a.nanos() > last).mapToLong(PacketCapture.Advert::nanos).min().orElse(last);
      System.out.printf(java.util.Locale.ROOT, "%s: %s after its last advertisement: %.1f ms%n", mode, what,
          (first - last) / 1e6);
    }

    /** The stopped router said priority 0 on the wire. */
    void expectReleased(Node node, long since) {
      eventually(Duration.ofSeconds(5), () -> wire.adverts().stream()
              .anyMatch(a -> a.nanos() >= since && a.priority() == 0 && a.source().equals(source(node))),
          () -> node + " sent no priority 0 after its SIGTERM");
    }
  }

  static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}
