package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.agent.Daemons.Keepalived;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.OwnedProcess;
import io.github.failover4j.linux.PacketCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in OpenShift ipfailover mode ({@code --from-env}), as an ipfailover pod runs it: a
 * Deployment's variables, two VIPs in two groups, a TCP monitor port served on every node. Two
 * agents elect and fail over; then one agent beside keepalived running the keepalived.conf that
 * ipfailover's generator writes for the other node. Closing the monitor port of a master moves its
 * VIP; reopening it moves it back (a "master" group preempts at once: keepalived clears the
 * preempt_delay of a {@code state MASTER} instance).
 *
 * <p>With nodes 10.0.0.10 and 10.0.0.11, replicas 2 (config-generators.sh generate_failover_config):
 * 10.0.0.10 (slot 10, idx 1) has VIP_1 at 245 and VIP_2 at 11, both "master" groups; 10.0.0.11
 * (slot 11, idx 2) has VIP_1 at 11 + $RANDOM % 32 with preempt_delay 300 and VIP_2 at 244, a
 * "master" group. So 10.0.0.200 (VIP_1) is on .10 and 10.0.0.201 (VIP_2) on .11.
 */
class IpFailoverIT {
  static final int PORT = 8080;
  static final String VIP_1 = "10.0.0.200";
  static final String VIP_2 = "10.0.0.201";
  /** A TCP server answering and closing every connection. */
  static final String SERVER = "import socket\ns = socket.socket()\n"
      + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(('0.0.0.0', " + PORT + "))\ns.listen(64)\n"
      + "while True:\n    c, _ = s.accept()\n    c.close()\n";

  @TempDir
  Path dir;

  /** The documentation's Deployment, on eth0, with two VIPs, a 1 s check and the monitor port. */
  static Map<String, String> deployment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OPENSHIFT_HA_CONFIG_NAME", "ipfailover");
    env.put("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.200-201");
    env.put("OPENSHIFT_HA_NETWORK_INTERFACE", "eth0");
    env.put("OPENSHIFT_HA_MONITOR_PORT", String.valueOf(PORT));
    env.put("OPENSHIFT_HA_VRRP_ID_OFFSET", "0");
    env.put("OPENSHIFT_HA_REPLICA_COUNT", "2");
    env.put("OPENSHIFT_HA_PREEMPTION", "preempt_delay 300");
    env.put("OPENSHIFT_HA_CHECK_INTERVAL", "1");
    return env;
  }

  /** The agent as the ipfailover image would start it: no argument, the variables in its environment. */
  Daemon agent(Node node, Map<String, String> env, String log, String... args) {
    List<String> command = new ArrayList<>(List.of("env"));
    env.forEach((k, v) -> command.add(k + "=" + v));
    command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        Daemons.AGENT_JAR.toString()));
    command.addAll(List.of(args));
    return node.own(new Daemon(node, dir.resolve(log), command));
  }

  static OwnedProcess monitorPort(Node node) {
    OwnedProcess server = OwnedProcess.start(node, "/usr/bin/python3", "-c", SERVER);
    eventually(Duration.ofSeconds(10), () -> node.fetch("127.0.0.1", PORT, Duration.ofSeconds(1)).isPresent(),
        () -> "the monitor port of " + node + " does not answer");
    return server;
  }

  @Test
  void twoAgentsElectAndFailOverWhenTheMastersMonitorPortCloses() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.10/24");
      Node b = lab.node("b").address("10.0.0.11/24");
      PacketCapture wire = lab.captureBridge();

      // the priorities come from the interface's first address, not from a /32 VIP held on it
      a.exec("ip", "addr", "add", "10.0.0.250/32", "dev", "eth0");
      Daemon print = agent(a, deployment(), "print.log", "--print-config");
      assertEquals(0, print.awaitExit(Duration.ofSeconds(30)), print.log());
      assertTrue(print.log().contains("# (eth0, 10.0.0.10: priority slot 10, replicas 2)."), print.log());
      a.exec("ip", "addr", "del", "10.0.0.250/32", "dev", "eth0");

      OwnedProcess portA = monitorPort(a);
      monitorPort(b);
      Daemon onA = agent(a, deployment(), "a.log");
      Daemon onB = agent(b, deployment(), "b.log");
      Supplier<String> logs = () -> "\n--- a\n" + onA.log() + "\n--- b\n" + onB.log();
      expect(wire, a, b, VIP_1, 1, "10.0.0.10", logs);
      expect(wire, b, a, VIP_2, 2, "10.0.0.11", logs);
      // the generator's priorities, on the wire
      assertEquals(Set.of(245), priorities(wire, 1, "10.0.0.10"), logs.get());
      assertEquals(Set.of(244), priorities(wire, 2, "10.0.0.11"), logs.get());

      portA.kill();
      expect(wire, b, a, VIP_1, 1, "10.0.0.11", logs);
      expect(wire, b, a, VIP_2, 2, "10.0.0.11", logs);
      assertEquals(Set.of(27), priorities(wire, 1, "10.0.0.11"), logs.get()); // 11 % 64 + 16

      monitorPort(a);
      expect(wire, a, b, VIP_1, 1, "10.0.0.10", logs); // VIP_1 is a "master" group of a: no preempt_delay
      expect(wire, b, a, VIP_2, 2, "10.0.0.11", logs);

      onA.signal("TERM");
      assertEquals(0, onA.awaitExit(Duration.ofSeconds(15)), onA.log());
      expect(wire, b, a, VIP_1, 1, "10.0.0.11", logs);
      assertTrue(onA.log().contains("running 2 groups"), onA.log());
    }
  }

  /**
   * keepalived.conf as ipfailover's generator writes it on node 10.0.0.11 for {@link #deployment}
   * (config-generators.sh: generate_global_config, generate_script_config, generate_vrrpd_instance_config;
   * its {@code $RANDOM % 32} taken as 7), blank lines and all.
   */
  static final String KEEPALIVED_CONF = """
      ! Configuration File for keepalived

      global_defs {
         max_auto_priority    99
         notification_email {
           root@localhost
         }

         notification_email_from ipfailover@openshift.local
         smtp_server 127.0.0.1
         smtp_connect_timeout 30
         router_id ipfailover
      }

      vrrp_script chk_ipfailover {
         script "/bin/bash -c '</dev/tcp/10.0.0.11/8080'"
         interval 1
      }


      vrrp_instance ipfailover_VIP_1 {
         interface eth0
        \s
         virtual_router_id 1
         priority 18
         preempt_delay 300
        \s
         authentication {
            auth_type PASS
            auth_pass ipfailover
         }
        \s
         track_script {
            chk_ipfailover
         }
        \s

          virtual_ipaddress {
          10.0.0.200 dev eth0
         }
      }


      vrrp_instance ipfailover_VIP_2 {
         interface eth0
         state MASTER
         virtual_router_id 2
         priority 244
         preempt_delay 300
        \s
         authentication {
            auth_type PASS
            auth_pass ipfailover
         }
        \s
         track_script {
            chk_ipfailover
         }
        \s

          virtual_ipaddress {
          10.0.0.201 dev eth0
         }
      }
      """;

  @Test
  void oneAgentBesideKeepalivedWithTheGeneratorsConfiguration() throws Exception {
    boolean installed = Files.isExecutable(Path.of("/usr/sbin/keepalived")) || Files.isExecutable(Path.of("/sbin/keepalived"));
    NetnsLab.require(installed, "keepalived is not installed (apt-get install -y keepalived)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
    try (NetnsLab lab = NetnsLab.create()) {
      Node f = lab.node("f").address("10.0.0.10/24");
      Node k = lab.node("k").address("10.0.0.11/24");
      PacketCapture wire = lab.captureBridge();
      OwnedProcess portF = monitorPort(f);
      OwnedProcess portK = monitorPort(k);
      Keepalived keepalived = k.own(new Keepalived(k, dir, KEEPALIVED_CONF));
      Daemon agent = agent(f, deployment(), "f.log", "--from-env");
      Supplier<String> logs = () -> "\n--- failover4j\n" + agent.log() + "\n--- keepalived\n" + keepalived.log();
      expect(wire, f, k, VIP_1, 1, "10.0.0.10", logs);
      expect(wire, k, f, VIP_2, 2, "10.0.0.11", logs);

      // failover4j's monitor port closes: keepalived takes VIP_1; it comes back: failover4j preempts at once
      portF.kill();
      expect(wire, k, f, VIP_1, 1, "10.0.0.11", logs);
      monitorPort(f);
      expect(wire, f, k, VIP_1, 1, "10.0.0.10", logs);
      expect(wire, k, f, VIP_2, 2, "10.0.0.11", logs);

      // keepalived's monitor port closes: failover4j takes VIP_2
      portK.kill();
      expect(wire, f, k, VIP_2, 2, "10.0.0.10", logs);
      expect(wire, f, k, VIP_1, 1, "10.0.0.10", logs);
      assertEquals(Set.of(11), priorities(wire, 2, "10.0.0.10"), logs.get()); // the flip-flop's 10 + 1
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
    }
  }

  /** The VIP is on {@code holder} only, and only {@code source} advertised the VRID over the last 3 s. */
  static void expect(PacketCapture wire, Node holder, Node other, String vip, int vrid, String source,
      Supplier<String> logs) {
    eventually(Duration.ofSeconds(20), () -> holder.has(vip) && !other.has(vip)
        && advertisers(wire, vrid).equals(Set.of(source)), () -> vip + " (VRID " + vrid + ") expected on " + holder
        + ": on " + holder + " " + holder.has(vip) + ", on " + other + " " + other.has(vip) + "; advertising "
        + advertisers(wire, vrid) + logs.get());
  }

  static Set<String> advertisers(PacketCapture wire, int vrid) {
    long since = System.nanoTime() - 3_000_000_000L;
    return wire.adverts().stream().filter(ad -> ad.vrid() == vrid && ad.nanos() >= since && ad.priority() > 0)
        .map(PacketCapture.Advert::source).collect(Collectors.toSet());
  }

  static Set<Integer> priorities(PacketCapture wire, int vrid, String source) {
    long since = System.nanoTime() - 3_000_000_000L;
    return wire.adverts().stream().filter(ad -> ad.vrid() == vrid && ad.source().equals(source) && ad.nanos() >= since
        && ad.priority() > 0).map(PacketCapture.Advert::priority).collect(Collectors.toSet());
  }
}
