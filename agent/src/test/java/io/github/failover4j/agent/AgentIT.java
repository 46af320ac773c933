package io.github.failover4j.agent;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.agent.Daemons.Daemon;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.PacketCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent jar as operators run it: signals, exit codes, and a non-root user with capabilities. */
class AgentIT {
  @TempDir
  Path dir;

  private Path config(String name, int priority) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".yaml"), """
        groups:
          - name: web
            interface: eth0
            vrid: 51
            priority: %d
            advertInterval: 100ms
            virtualIps: ["10.0.0.200/24"]
        """.formatted(priority));
    // readable by the unprivileged user of the non-root test, and by root
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  @Test
  void sigtermSendsPriorityZeroReleasesAndExitsZero() throws Exception {
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Node b = lab.node("b").address("10.0.0.2/24");
      PacketCapture wire = lab.captureBridge();
      Daemon master = a.own(Daemons.agent(a, Daemons.AGENT_JAR, config("a", 200), dir.resolve("a.log")));
      Daemon backup = b.own(Daemons.agent(b, Daemons.AGENT_JAR, config("b", 100), dir.resolve("b.log")));
      eventually(Duration.ofSeconds(10), () -> a.has("10.0.0.200")
          && wire.advertisingSince(System.nanoTime() - 300_000_000L).equals(Set.of("10.0.0.1")), master::log);

      master.signal("USR1");
      eventually(Duration.ofSeconds(5), () -> master.log().contains("[web vrid=51] MASTER on eth0,"
          + " priority 200, master self; adverts sent"), master::log);

      long signalled = System.nanoTime();
      master.signal("TERM");
      assertEquals(0, master.awaitExit(Duration.ofSeconds(15)), master.log());
      long released = wire.adverts().stream().filter(ad -> ad.source().equals("10.0.0.1") && ad.priority() == 0)
          .mapToLong(PacketCapture.Advert::nanos).min().orElseThrow(() -> new AssertionError("no priority 0"));
      System.out.printf(Locale.ROOT, "SIGTERM to priority 0 on the wire: %.1f ms%n", (released - signalled) / 1e6);
      assertTrue(released - signalled < 1_000_000_000L, "priority 0 too late: a graceful stop, not a crash");
      assertTrue(!a.has("10.0.0.200"), "the stopped agent released the address");
      eventually(Duration.ofSeconds(5), () -> b.has("10.0.0.200"), backup::log);
      // the address goes out on the claim lane, ahead of the role change's log line: wait for the line
      eventually(Duration.ofSeconds(5), () -> backup.log().contains("[web vrid=51] BACKUP -> MASTER (master released"
          + " its addresses"), backup::log);
    }
  }

  @Test
  void runsAsANonRootUserWithAmbientCapabilities() throws Exception {
    NetnsLab.require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      // a copy nobody can read: the build's own directory may be private to root (mktemp -d makes it 0700)
      Path jar = Files.copy(Daemons.AGENT_JAR, dir.resolve("failover4j-agent.jar"));
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      // what systemd does for User=nobody with AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN
      Daemon agent = a.own(Daemons.agent(a, jar, config("a", 100), dir.resolve("nobody.log"), "/usr/bin/setpriv",
          "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all,+net_raw,+net_admin",
          "--ambient-caps=-all,+net_raw,+net_admin", "--"));
      eventually(Duration.ofSeconds(10), () -> a.has("10.0.0.200"), agent::log);
      String user = a.exec("ps", "-o", "user=", "-p", String.valueOf(agent.pid())).trim();
      assertTrue(Set.of("nobody", "65534").contains(user), "runs as " + user);
      agent.signal("TERM");
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(15)), agent.log());
      assertTrue(!a.has("10.0.0.200"));

      // the same user without the capabilities: told which one and how to grant it
      Daemon refused = a.own(Daemons.agent(a, jar, config("b", 100), dir.resolve("refused.log"), "/usr/bin/setpriv",
          "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--"));
      assertEquals(Agent.START_FAILED, refused.awaitExit(Duration.ofSeconds(15)), refused.log());
      assertTrue(refused.log().contains("is needed to") && refused.log().contains("AmbientCapabilities=CAP_NET_RAW"
          + " CAP_NET_ADMIN"), refused.log());
    }
  }

  @Test
  void notifyScriptsFollowTheRolesInOrderAndStopRunsBeforeTheExit() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path notify = Files.writeString(dir.resolve("notify.sh"),
        "#!/bin/sh\necho \"$@\" \"$FAILOVER4J_VIRTUAL_IPS\" >> %s/notify.log\n".formatted(dir));
    Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path down = dir.resolve("down");
    Path config = Files.writeString(dir.resolve("tracked.yaml"), """
        checks:
          up: { script: "test ! -e %s", interval: 100ms, timeout: 1s }
        groups:
          - name: web
            interface: eth0
            vrid: 51
            priority: 200
            advertInterval: 100ms
            virtualIps: ["10.0.0.200/24"]
            track: { checks: [up] }
            notify: { any: %s }
        """.formatted(down, notify));
    try (NetnsLab lab = NetnsLab.create()) {
      Node a = lab.node("a").address("10.0.0.1/24");
      Node b = lab.node("b").address("10.0.0.2/24");
      Daemon tracked = a.own(Daemons.agent(a, Daemons.AGENT_JAR, config, dir.resolve("a.log")));
      Daemon backup = b.own(Daemons.agent(b, Daemons.AGENT_JAR, config("b", 100), dir.resolve("b.log")));
      eventually(Duration.ofSeconds(10), () -> notified().size() == 2 && a.has("10.0.0.200"), tracked::log);
      assertEquals(List.of("INSTANCE web BACKUP 200 10.0.0.200/24", "INSTANCE web MASTER 200 10.0.0.200/24"),
          notified());

      Files.createFile(down); // the check fails: weight 0, so FAULT, and the backup takes over
      eventually(Duration.ofSeconds(10), () -> b.has("10.0.0.200") && !a.has("10.0.0.200") && notified().size() == 3,
          () -> tracked.log() + backup.log());
      assertTrue(notified().get(2).startsWith("INSTANCE web FAULT "), notified().toString());

      Files.delete(down); // healthy again: BACKUP, then it preempts
      eventually(Duration.ofSeconds(10), () -> a.has("10.0.0.200") && notified().size() == 5, tracked::log);
      assertEquals(List.of("INSTANCE web BACKUP", "INSTANCE web MASTER"),
          notified().subList(3, 5).stream().map(line -> line.substring(0, line.lastIndexOf(' ', line.lastIndexOf(' ') - 1)))
              .toList());

      tracked.signal("USR1");
      eventually(Duration.ofSeconds(5), () -> tracked.log().contains("; tracked: check up HEALTHY none"), tracked::log);
      tracked.signal("TERM");
      assertEquals(0, tracked.awaitExit(Duration.ofSeconds(15)), tracked.log());
      assertTrue(notified().get(notified().size() - 1).startsWith("INSTANCE web STOP "), notified().toString());
    }
  }

  private List<String> notified() {
    try {
      return Files.readAllLines(dir.resolve("notify.log"));
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
