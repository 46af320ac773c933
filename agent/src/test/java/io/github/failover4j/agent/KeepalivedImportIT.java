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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import round trip: keepalived runs one node's keepalived.conf, the agent runs the YAML that
 * {@code import-keepalived} made of the other node's, on one bridge; they elect, fail over and
 * (where the file says so) preempt as two keepalived would. The files are seed 001's (OpenStack:
 * unicast, {@code auth_type PASS}, {@code state MASTER} on the active node) and seed 004's (Hetzner:
 * one file for both nodes with a symmetric {@code unicast_peer} list, {@code track_script},
 * {@code nopreempt}, {@code notify_master}), with the lab's interface and addresses.
 */
class KeepalivedImportIT {
  private static final String VIP = "10.0.0.200";
  private static final Duration TAKEOVER = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  @BeforeAll
  static void keepalivedIsInstalled() {
    boolean installed = Files.isExecutable(Path.of("/usr/sbin/keepalived"))
        || Files.isExecutable(Path.of("/sbin/keepalived"));
    if (!installed && System.getenv(NetnsLab.REQUIRED) != null) {
      fail("keepalived is not installed, and " + NetnsLab.REQUIRED + " is set (apt-get install -y keepalived)");
    }
    Assumptions.assumeTrue(installed, "skipped: keepalived is not installed (apt-get install -y keepalived)");
  }

  /** Seed 001's pair: keepalived on the active node, the agent on the passive one, imported. */
  @Test
  void seed001ImportedPassiveNodeWithKeepalivedActiveNode() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node f = lab.node("f").address("10.0.0.1/24");
      Node k = lab.node("k").address("10.0.0.2/24");
      PacketCapture wire = lab.captureBridge();
      Keepalived keepalived = f.own(new Keepalived(k, dir, seed001("MASTER", 100, "10.0.0.1")));
      Daemon agent = f.own(agent(f, seed001("BACKUP", 50, "10.0.0.2"), "agent-1.log"));

      expectMaster(wire, k, f, "keepalived's active node (100) over the imported passive node (50)", agent, keepalived);
      keepalived.crash();
      expectMaster(wire, f, null, "the imported passive node takes over from a crashed keepalived", agent, keepalived);
      keepalived = f.own(new Keepalived(k, dir, seed001("MASTER", 100, "10.0.0.1")));
      expectMaster(wire, k, f, "keepalived's active node preempts on its return", agent, keepalived);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
    }
  }

  /**
   * Seed 004's one file on both nodes: keepalived starts first and is MASTER; the agent (the same
   * file, imported) stays BACKUP; keepalived's check fails, the agent takes over and runs its
   * {@code notify_master}; the check passes again and, {@code nopreempt}, the agent stays MASTER.
   */
  @Test
  void seed004ImportedNodeWithKeepalivedOnTheSameFile() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node f = lab.node("f").address("10.0.0.1/24");
      Node k = lab.node("k").address("10.0.0.2/24");
      PacketCapture wire = lab.captureBridge();
      ScriptDir scripts = f.own(ScriptDir.create());
      OwnedProcess[] nginx = {f.own(OwnedProcess.start(k, "sleep", "1000")), f.own(OwnedProcess.start(f, "sleep",
          "1000"))};
      scripts.file("k.pid", nginx[0].pid() + "\n");
      scripts.file("f.pid", nginx[1].pid() + "\n");
      Path marker = scripts.path().resolve("f.master");
      Path notify = scripts.script("f-notify.sh", "echo master > " + marker);
      Path kNotify = scripts.script("k-notify.sh", "true");

      Keepalived keepalived = f.own(new Keepalived(k, dir, seed004(scripts.script("k-alive.sh",
          "kill -0 $(cat " + scripts.path().resolve("k.pid") + ")"), kNotify)));
      expectMaster(wire, k, null, "keepalived, started first", null, keepalived);
      Daemon agent = f.own(agent(f, seed004(scripts.script("f-alive.sh",
          "kill -0 $(cat " + scripts.path().resolve("f.pid") + ")"), notify), "agent-2.log"));
      eventually(Duration.ofSeconds(20), () -> agent.log().contains("running 1 group"), agent::log);
      Thread.sleep(4000); // a Master_Down_Interval: the agent must stay BACKUP
      expectMaster(wire, k, f, "keepalived stays MASTER beside the imported node", agent, keepalived);
      assertTrue(Files.notExists(marker));

      nginx[0].kill(); // keepalived's track_script fails: FAULT
      expectMaster(wire, f, k, "the imported node takes over from keepalived in FAULT", agent, keepalived);
      eventually(Duration.ofSeconds(5), () -> Files.exists(marker), () -> "no notify_master\n" + agent.log());

      nginx[0] = f.own(OwnedProcess.start(k, "sleep", "1000"));
      scripts.file("k.pid", nginx[0].pid() + "\n");
      Thread.sleep(5000); // nopreempt, equal priorities: nothing moves
      expectMaster(wire, f, k, "nopreempt: the imported node stays MASTER", agent, keepalived);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
      nginx[0].kill();
      nginx[1].kill();
    }
  }

  /** Seed 001's keepalived.conf on the lab: one node's. */
  private static String seed001(String state, int priority, String peer) {
    return """
        vrrp_instance VI_1 {
            state %s
            interface eth0
            virtual_router_id 50
            priority %d
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass EcbCp2b1
            }
            virtual_ipaddress {
              %s
            }
            unicast_peer {
                %s
            }
        }
        """.formatted(state, priority, VIP, peer);
  }

  /** Seed 004's keepalived.conf on the lab: the same peers on both nodes. */
  private static String seed004(Path check, Path notify) {
    return """
        global_defs {
          script_user root
          enable_script_security
        }

        vrrp_script chk_nginx {
          script "%s"
          interval 1
          timeout 1
          rise 1
          fall 2
        }

        vrrp_instance hetzner {
          state                   BACKUP
          interface               eth0
          track_interface {
            eth0
          }
          track_script {
            chk_nginx
          }
          unicast_peer {
            10.0.0.1
            10.0.0.2
          }
          virtual_router_id       42
          priority                100
          virtual_ipaddress {
            %s/32 dev eth0
          }
          nopreempt
          notify_master %s
        }
        """.formatted(check, VIP, notify);
  }

  /** Imports a keepalived.conf with the command, checks the YAML with --check-config, and runs it. */
  private Daemon agent(Node node, String keepalivedConf, String log) throws Exception {
    Path conf = Files.writeString(dir.resolve(log + ".keepalived.conf"), keepalivedConf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Agent.run(new String[] {"import-keepalived", conf.toString()}, new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Path yaml = Files.writeString(dir.resolve(log + ".yaml"), out.toString(StandardCharsets.UTF_8));
    ByteArrayOutputStream checked = new ByteArrayOutputStream();
    assertEquals(0, Agent.run(new String[] {"--check-config", yaml.toString()}, new PrintStream(checked, true,
        StandardCharsets.UTF_8), new PrintStream(checked, true, StandardCharsets.UTF_8)),
        checked.toString(StandardCharsets.UTF_8));
    return Daemons.agent(node, Daemons.AGENT_JAR, yaml, dir.resolve(log));
  }

  /** One router alone advertises (over the last 3 s) and holds the address; the other, if given, does not. */
  private static void expectMaster(PacketCapture wire, Node master, Node other, String what, Daemon agent,
      Daemon keepalived) {
    String source = master.name().equals("f") ? "10.0.0.1" : "10.0.0.2";
    eventually(TAKEOVER, () -> wire.advertisingSince(System.nanoTime() - 3_000_000_000L).equals(Set.of(source))
            && master.has(VIP) && (other == null || !other.has(VIP)),
        () -> what + ": advertising " + wire.advertisingSince(System.nanoTime() - 3_000_000_000L) + " (expected "
            + source + "); address on " + master + ": " + master.has(VIP)
            + (other == null ? "" : ", on " + other + ": " + other.has(VIP))
            + (agent == null ? "" : "\n--- agent\n" + agent.log()) + "\n--- keepalived\n" + keepalived.log());
  }
}
