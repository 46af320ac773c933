package io.github.failover4j.provider.hetzner;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.check.Check;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.OwnedProcess;
import io.github.failover4j.linux.NetnsServers.ScriptDir;
import io.github.failover4j.linux.NetnsServers.TcpService;
import io.github.failover4j.spi.MoverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004, Hetzner Cloud's internal failover IP, on a namespace lab against the fake Hetzner Cloud
 * API: two nginx nodes, {@code n0} (10.0.1.2, server 3080229) and {@code n1} (10.0.1.3, server
 * 3080230), in private network 7578, and a test client, on one bridge. Both run the seed's
 * keepalived configuration as failover4j groups, the same on both: VRID 42, priority 100,
 * {@code nopreempt}, the symmetric unicast peer list {@code [10.0.1.2, 10.0.1.3]} (each node drops
 * its own address), a {@code kill -0} check of its "nginx" process (interval 1 s, timeout 1 s, rise
 * 1, fall 2, weight 0), the VIP 10.0.1.1/32 on the interface, and instead of the seed's
 * {@code notify_master} script running {@code hcloud server change-alias-ips} with the token in its
 * environment, the {@code hetzner} mover in {@code alias-ip} mode, its token in a 0600 file.
 *
 * <p>The groups run in the lab's namespaces; their mover threads stay in the test's namespace, where
 * the fake API listens on loopback. The seed's script wiped every other alias of the other server
 * ({@code --clear}); the mover takes only the VIP off it, and keeps n0's other alias 10.0.1.50.
 */
class Seed004LabTest {
  static final long NETWORK = 7578;
  static final long SERVER0 = 3080229;
  static final long SERVER1 = 3080230;
  static final String VIP = "10.0.1.1";
  static final String OTHER_ALIAS = "10.0.1.50";
  static final Duration MOVE = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void theAliasIpFollowsTheMasterByApiAndStaysWithoutPreemption() throws Exception {
    try (NetnsLab lab = NetnsLab.create(); CloudHarness api = new CloudHarness()) {
      Node n0 = lab.node("n0").address("10.0.1.2/24");
      Node n1 = lab.node("n1").address("10.0.1.3/24");
      Node client = lab.node("t").address("10.0.1.9/24");
      api.cloud.server(SERVER0, NETWORK, "10.0.1.2", OTHER_ALIAS);
      api.cloud.server(SERVER1, NETWORK, "10.0.1.3");
      TcpService.start(n0, 80);
      TcpService.start(n1, 80);
      Path token = Files.writeString(dir.resolve("hcloud.token"), FakeCloud.TOKEN + "\n");
      Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
      Nginx nginx0 = new Nginx(n0);
      Nginx nginx1 = new Nginx(n1);

      try (FailoverGroup g0 = group(n0, nginx0, SERVER0, api, token);
          FailoverGroup g1 = group(n1, nginx1, SERVER1, api, token)) {
        g0.start();
        assertTrue(g0.awaitHeld(MOVE), "n0 holds the alias: " + g0.status());
        g1.start(); // nopreempt, and an equal priority: it stays BACKUP
        eventually(Duration.ofSeconds(10), () -> g1.role() == Role.BACKUP
            && g1.status().counters().advertsReceived() > 0, g1.status()::toString);
        assertEquals(List.of(OTHER_ALIAS, VIP), api.cloud.aliases(SERVER0, NETWORK));
        assertEquals(List.of(), api.cloud.aliases(SERVER1, NETWORK));
        assertEquals(Optional.of("n0"), client.fetch(VIP, 80, Duration.ofSeconds(2)));
        int writesBefore = api.cloud.writes().size();

        nginx0.kill(); // the check fails twice: FAULT, priority 0; n1 takes over and moves the alias
        assertTrue(g1.awaitHeld(MOVE), "n1 holds the alias: " + g1.status() + "\n" + api.cloud.writes());
        assertEquals(Role.FAULT, g0.role());
        assertEquals(List.of(OTHER_ALIAS), api.cloud.aliases(SERVER0, NETWORK), "only the VIP left n0");
        assertEquals(List.of(VIP), api.cloud.aliases(SERVER1, NETWORK));
        List<String> moves = api.cloud.writes().subList(writesBefore, api.cloud.writes().size());
        assertEquals(2, moves.size(), moves.toString());
        assertTrue(moves.get(0).startsWith("POST /v1/servers/" + SERVER0 + "/actions/change_alias_ips")
            && moves.get(1).startsWith("POST /v1/servers/" + SERVER1 + "/actions/change_alias_ips"),
            "first off the old holder, then onto the new one: " + moves);
        eventually(Duration.ofSeconds(5), () -> client.fetch(VIP, 80, Duration.ofSeconds(1)).equals(Optional.of("n1")),
            () -> "the client does not reach n1 through " + VIP);
        MoverStatus mover = g1.status().movers().get(1);
        assertEquals("hetzner", mover.name());
        assertEquals(MoverState.HOLDING, mover.state());

        nginx0.start(); // n0 recovers as BACKUP and, nopreempt, leaves the master and the alias alone
        eventually(Duration.ofSeconds(10), () -> g0.role() == Role.BACKUP, g0.status()::toString);
        int writesAfter = api.cloud.writes().size();
        long received = g0.status().counters().advertsReceived();
        eventually(Duration.ofSeconds(10), () -> g0.status().counters().advertsReceived() >= received + 3,
            g0.status()::toString);
        assertEquals(Role.MASTER, g1.role());
        assertEquals(Role.BACKUP, g0.role());
        assertEquals(writesAfter, api.cloud.writes().size(), "no move without a new master");
        assertEquals(List.of(VIP), api.cloud.aliases(SERVER1, NETWORK));
      }
    }
  }

  private FailoverGroup group(Node node, Nginx nginx, long server, CloudHarness api, Path token) {
    Map<String, String> settings = api.settings("alias-ip");
    settings.put("network", String.valueOf(NETWORK));
    settings.put("server", String.valueOf(server));
    settings.put("tokenFile", token.toString());
    settings.put("pollInterval", "100ms");
    settings.remove("metadataUrl");
    return FailoverGroup.builder().name("hetzner").networkNamespace(node.namespace()).interfaceName("eth0")
        .vrid(42).priority(100).preempt(false).unicastPeers(List.of("10.0.1.2", "10.0.1.3"))
        .virtualIp(VIP + "/32").track(nginx.check, 0)
        .mover("hetzner", MoverConfig.of(settings))
        .build();
  }

  /** The node's "nginx": a process the check probes with {@code kill -0}, as the seed's killall -0 nginx. */
  private static final class Nginx {
    private final Node node;
    private final ScriptDir dir;
    private final Check check;
    private OwnedProcess process;

    Nginx(Node node) throws Exception {
      this.node = node;
      this.dir = node.own(ScriptDir.create());
      Path script = dir.script("chk_nginx.sh", "kill -0 $(cat " + dir.path().resolve("nginx.pid") + ")");
      this.check = Check.builder("chk_nginx_" + node.name()).script(script.toString())
          .interval(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(1)).rise(1).fall(2).build();
      start();
    }

    void start() throws Exception {
      process = OwnedProcess.start(node, "sleep", "1000");
      dir.file("nginx.pid", process.pid() + "\n");
    }

    void kill() {
      process.kill();
    }
  }
}
