package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.agent.Daemons.Keepalived;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.OwnedProcess;
import io.github.failover4j.linux.NetnsServers.ScriptDir;
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
import org.junit.jupiter.api.Test;
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

  /**
   * Health checks, both ways: each router tracks a check of a process of its own (seed 004's
   * {@code vrrp_script} with {@code killall -0 nginx}; here {@code kill -0 $(cat PIDFILE)} of a
   * {@code sleep} the test started in the router's namespace, in a root-owned 0755 script, run
   * under keepalived's {@code enable_script_security}), interval 1 s, timeout 1 s, rise 1, fall 2,
   * weight 0 (keepalived's default: FAULT while failing). The master's process is killed (by its
   * PID): within fall x interval the master goes FAULT, says priority 0 on the wire and releases
   * the address, and the other takes over after its Skew_Time; the process comes back, the check
   * passes once (rise 1) and the master preempts again. First keepalived is the master with the
   * failing check, then failover4j.
   */
  @Test
  void trackedCheckFailsOverBothWaysWithKeepalived() throws Exception {
    Mode mode = Mode.V3_IPV4_MULTICAST_100MS;
    try (NetnsLab lab = NetnsLab.create()) {
      Node f = lab.node("f").address(mode.address(1) + mode.prefix());
      Node k = lab.node("k").address(mode.address(2) + mode.prefix());
      PacketCapture wire = lab.captureBridge();
      Lab test = new Lab(mode, f, k, wire, dir);
      ScriptDir scripts = f.own(ScriptDir.create());
      Watched onF = new Watched(f, scripts);
      Watched onK = new Watched(k, scripts);

      // keepalived is the master, and its track_script fails
      Keepalived keepalived = f.own(test.keepalived(200, onK.script));
      Daemon agent = f.own(test.agent(100, "agent-checks-1.log", onF.script));
      test.expectMaster(k, f, "keepalived (200, check passing) over failover4j (100)", agent, keepalived);
      long killed = System.nanoTime();
      onK.kill();
      test.expectReleased(k, killed);
      test.expectMaster(f, k, "failover4j takes over from keepalived whose track_script fails", agent, keepalived);
      test.reportCheck("failover4j took over from keepalived in FAULT", f, killed);
      onK.start();
      test.expectMaster(k, f, "keepalived preempts failover4j once its track_script passes again", agent,
          keepalived);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
      keepalived.signal("TERM");
      keepalived.awaitExit(Duration.ofSeconds(15));

      // failover4j is the master, and its check fails
      keepalived = f.own(test.keepalived(100, onK.script));
      agent = f.own(test.agent(200, "agent-checks-2.log", onF.script));
      test.expectMaster(f, k, "failover4j (200, check passing) over keepalived (100)", agent, keepalived);
      killed = System.nanoTime();
      onF.kill();
      test.expectReleased(f, killed);
      test.expectMaster(k, f, "keepalived takes over from failover4j whose check fails", agent, keepalived);
      test.reportCheck("keepalived took over from failover4j in FAULT", k, killed);
      onF.start();
      test.expectMaster(f, k, "failover4j preempts keepalived once its check passes again", agent, keepalived);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
    }
  }

  /**
   * A process a router's check watches (seed 004's nginx): started by the test in the router's
   * namespace, its PID in a pid file, and the check script {@code kill -0 $(cat PIDFILE)}.
   */
  private static final class Watched {
    final Node node;
    final ScriptDir dir;
    final Path script;
    OwnedProcess process;

    Watched(Node node, ScriptDir dir) {
      this.node = node;
      this.dir = dir;
      start();
      this.script = dir.script(node.name() + "-alive.sh", "kill -0 $(cat " + dir.path().resolve(node.name() + ".pid")
          + ")");
    }

    /** Starts the process and writes its pid file (atomically). */
    void start() {
      process = OwnedProcess.start(node, "sleep", "1000");
      dir.file(node.name() + ".pid", process.pid() + "\n");
    }

    /** Kills it by its PID, and reaps it. */
    void kill() {
      process.kill();
    }
  }

  /** The two routers of one mode and how to judge them. */
  private record Lab(Mode mode, Node f, Node k, PacketCapture wire, Path dir) {
    Daemon agent(int priority, String log) throws IOException, InterruptedException {
      return agent(priority, log, null);
    }

    /**
     * The agent, tracking a check (weight 0) of a script if one is given: the keys of the agent's
     * configuration that mirror keepalived's {@code vrrp_script} and {@code track_script}.
     */
    Daemon agent(int priority, String log, Path checkScript) throws IOException, InterruptedException {
      StringBuilder yaml = new StringBuilder();
      if (checkScript != null) {
        yaml.append("checks:\n  service: { script: \"").append(checkScript)
            .append("\", interval: 1s, timeout: 1s, rise: 1, fall: 2 }\n");
      }
      yaml.append("groups:\n  - name: web\n    interface: eth0\n    vrid: ").append(VRID)
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
      if (checkScript != null) {
        yaml.append("    track:\n      checks: [service]\n");
      }
      Path config = Files.writeString(dir.resolve("agent-" + priority + ".yaml"), yaml);
      Daemon agent = Daemons.agent(f, Daemons.AGENT_JAR, config, dir.resolve(log));
      // judge roles only once it runs, and has had a Master_Down_Interval to get them wrong
      eventually(Duration.ofSeconds(20), () -> agent.log().contains("running 1 group"), agent::log);
      sleepNanos(mode.takeover().minusSeconds(5).toNanos());
      return agent;
    }

    Keepalived keepalived(int priority) {
      return keepalived(priority, null);
    }

    /**
     * keepalived, tracking a {@code vrrp_script} (weight 0: FAULT while failing) if one is given, as
     * seed 004 configures it: {@code script_user root}, {@code enable_script_security}.
     */
    Keepalived keepalived(int priority, Path checkScript) {
      StringBuilder conf = new StringBuilder();
      if (checkScript == null) {
        conf.append("global_defs {\n  router_id k\n}\n");
      } else {
        conf.append("global_defs {\n  router_id k\n  script_user root\n  enable_script_security\n}\n")
            .append("vrrp_script chk_service {\n  script \"").append(checkScript)
            .append("\"\n  interval 1\n  timeout 1\n  rise 1\n  fall 2\n}\n");
      }
      conf.append("vrrp_instance VI {\n  state BACKUP\n  interface eth0\n  virtual_router_id ").append(VRID)
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
      if (checkScript != null) {
        conf.append("  track_script {\n    chk_service\n  }\n");
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

    /**
     * Checks that the failing master honoured its check's fall (2 runs, 1 s apart: its priority 0
     * comes 1..2 s after the failure; less a run already under way, plus slack for a busy machine),
     * and prints that time and the time from the priority 0 to the new master's first advertisement
     * (the new master's Skew_Time).
     */
    void reportCheck(String what, Node master, long failed) {
      String other = source(master == f ? k : f);
      java.util.List<PacketCapture.Advert> adverts = wire.adverts();
      long released = adverts.stream().filter(a -> a.source().equals(other) && a.priority() == 0 && a.nanos() >= failed)
          .mapToLong(PacketCapture.Advert::nanos).min().orElse(failed);
      long first = adverts.stream().filter(a -> a.source().equals(source(master)) && a.priority() > 0
          && a.nanos() > released).mapToLong(PacketCapture.Advert::nanos).min().orElse(released);
      String timing = String.format(java.util.Locale.ROOT, "%s: %s; priority 0 %.1f ms after the failure, first"
          + " advertisement %.1f ms after that", mode, what, (released - failed) / 1e6, (first - released) / 1e6);
      System.out.println(timing);
      assertTrue(released - failed >= 800_000_000L && released - failed <= 2_500_000_000L,
          timing + " (expected: 1000..2000 ms, fall 2 x interval 1 s)");
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
