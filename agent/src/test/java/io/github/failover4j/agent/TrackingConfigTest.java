package io.github.failover4j.agent;

import io.github.failover4j.Tracked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.check.Check;
import io.github.failover4j.check.Probe;
import io.github.failover4j.notify.NotifyHook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys beyond VRRP: checks, what groups track, sync groups and notify scripts. */
class TrackingConfigTest {
  @TempDir
  Path dir;

  /** The README's example, with notify scripts that exist, and one check of every kind. */
  private String contract() throws IOException {
    return """
        checks:
          nginx:   { script: "kill -0 $(cat /run/nginx.pid)", interval: 1s, timeout: 1s, rise: 1, fall: 2 }
          webport: { tcp: "127.0.0.1:80", interval: 2s }
          uplink:  { ping: 198.51.100.1, interval: 15s, timeout: 1s }
          health:  { http: { url: "http://127.0.0.1:8080/health", status: "200-204", body: ok }, startFailing: true }
          workers: { process: { name: nginx, args: "-g daemon off;", quorum: 2, quorumMax: 8 } }
          spare:   { http: "https://[::1]:8443/" }
          own:     { script: %3$s, user: nobody }
        groups:
          - name: web
            interface: eth0
            vrid: 51
            priority: 150
            virtualIps: ["192.0.2.10/24"]
            track:
              checks: [nginx, { name: webport, weight: -60 }, { name: uplink, weight: 10, reverse: true }]
              interfaces: [eth1, { name: eth2, weight: -50, reverse: true }]
              files: [{ path: /run/web.prio, weight: 2 }, web.flag]
            notify:
              any: %1$s
              master: %2$s
              backup: %2$s
              fault: %2$s
              stop: %2$s
              timeout: 5s
          - name: public
            interface: eth1
            vrid: 52
            virtualIps: ["198.51.100.10/24"]
            track:
              checks: [nginx, health, workers, spare]
        syncGroups:
          - { name: edge, groups: [web, public], notify: { master: %1$s } }
        """.formatted(script("notify.sh"), script("to-state.sh"), script("check.sh"));
  }

  @Test
  void everyKeyReachesItsBuilder() throws IOException {
    AgentConfig config = AgentConfig.load(write("agent.yaml", contract()));

    assertEquals(List.of("nginx", "webport", "uplink", "health", "workers", "spare", "own"),
        List.copyOf(config.checks().keySet()));
    Check nginx = config.checks().get("nginx");
    assertEquals(new Probe.Script("kill -0 $(cat /run/nginx.pid)", Optional.empty()), nginx.probe());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2, false),
        List.of(nginx.interval(), nginx.timeout(), nginx.rise(), nginx.fall(), nginx.startFailing()));
    Check webport = config.checks().get("webport");
    assertEquals(new Probe.Tcp("127.0.0.1", 80), webport.probe());
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), List.of(webport.interval(), webport.timeout()));
    Check uplink = config.checks().get("uplink");
    assertEquals(new Probe.Ping(VirtualIp.parse("198.51.100.1").address()), uplink.probe());
    assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(1)), List.of(uplink.interval(), uplink.timeout()));
    Check health = config.checks().get("health");
    assertEquals(new Probe.Http(URI.create("http://127.0.0.1:8080/health"), 200, 204, Optional.of("ok")),
        health.probe());
    assertTrue(health.startFailing());
    assertEquals(new Probe.Process("nginx", Optional.of("-g daemon off;"), 2, 8), config.checks().get("workers").probe());
    assertEquals(new Probe.Http(URI.create("https://[::1]:8443/"), 200, 299, Optional.empty()),
        config.checks().get("spare").probe());
    assertEquals(new Probe.Script(script("check.sh"), Optional.of("nobody")), config.checks().get("own").probe());

    AgentGroup web = config.groups().get(0);
    AgentGroup pub = config.groups().get(1);
    assertEquals(List.of(
        new Tracked.OfCheck(nginx, 0, false),
        new Tracked.OfCheck(webport, -60, false),
        new Tracked.OfCheck(uplink, 10, true),
        new Tracked.OfInterface("eth1", 0, false),
        new Tracked.OfInterface("eth2", -50, true),
        new Tracked.OfFile(Path.of("/run/web.prio"), 2),
        new Tracked.OfFile(dir.resolve("web.flag"), TrackReader.FILE_WEIGHT)), web.track());
    // one check object, whichever groups track it: it runs once for all of them
    assertSame(nginx, ((Tracked.OfCheck) pub.track().get(0)).check());
    assertSame(web.syncGroup().orElseThrow(), pub.syncGroup().orElseThrow());
    assertEquals("edge", web.syncGroup().get().group().name());
    NotifyHook edge = web.syncGroup().get().notifier().orElseThrow().hook();
    assertEquals(Optional.of(script("notify.sh")), edge.script(NotifyHook.State.MASTER));
    assertEquals(Optional.empty(), edge.anyScript());

    NotifyHook hook = web.notifyHook().orElseThrow();
    assertEquals(Optional.of(script("notify.sh")), hook.anyScript());
    for (NotifyHook.State state : NotifyHook.State.values()) {
      assertEquals(Optional.of(script("to-state.sh")), hook.script(state), state.name());
    }
    assertEquals(Duration.ofSeconds(5), hook.timeout());
    assertEquals(Optional.empty(), hook.user());
    assertEquals(Optional.empty(), pub.notifyHook());
  }

  @Test
  void checkConfigSaysWhatEachGroupTracks() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path file = write("agent.yaml", contract());

    // stderr apart: an interface of the file that this host does not have is a warning there
    assertEquals(Agent.OK, Agent.run(new String[] {"--check-config", file.toString()}, print(out),
        print(new ByteArrayOutputStream())));

    assertEquals(List.of(
        file + ": valid, 2 groups",
        "  check nginx (script, every 1000 ms)",
        "  check webport (tcp, every 2000 ms)",
        "  check uplink (ping, every 15000 ms)",
        "  check health (http, every 1000 ms)",
        "  check workers (process, every 1000 ms)",
        "  check spare (http, every 1000 ms)",
        "  check own (script, every 1000 ms)",
        "  web: eth0 vrid 51 priority 150; movers local; track check nginx fault, check webport -60, check uplink +10 reversed,"
            + " interface eth1 fault, interface eth2 -50 reversed, file /run/web.prio x2, file " + dir.resolve("web.flag")
            + " x1; sync group edge notify (master; timeout 30000 ms); notify (master, backup, fault, stop, any;"
            + " timeout 5000 ms)",
        "  public: eth1 vrid 52 priority 100; movers local; track check nginx fault, check health fault, check workers fault,"
            + " check spare fault; sync group edge notify (master; timeout 30000 ms)"),
        out.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void everyProblemOfChecksTracksSyncGroupsAndNotifyAtOnce() throws IOException {
    Path unsafe = Path.of(script("unsafe.sh"));
    Files.setPosixFilePermissions(unsafe, PosixFilePermissions.fromString("rwxrwxrwx"));
    String yaml = """
        checks:
          nginx:  { script: %1$s/missing.sh, interval: 5ms, fal: 2 }
          both:   { tcp: "127.0.0.1:80", ping: 192.0.2.1 }
          none:   { interval: 1s, user: nobody }
          port:   { tcp: localhost }
          status: { http: { url: "http://127.0.0.1/", status: "2xx" } }
          open:   { script: %2$s }
        groups:
          - name: web
            interface: eth0
            vrid: 51
            virtualIps: ["192.0.2.10/24"]
            track:
              checks: [ngnix, { name: port, wieght: 1 }, { weight: 1 }]
              interfaces: [{ name: eth1, weight: 300 }]
              file: [/run/x]
            notify: { master: %2$s, delay: 1s }
          - name: public
            interface: eth1
            vrid: 52
            priority: 255
            virtualIps: ["198.51.100.10/24"]
            track:
              interfaces: [eth2, { name: eth3, weight: -10 }, eth2]
        syncGroups:
          - { name: edge, groups: [web, pubic] }
          - { name: core, groups: [public, web] }
          - { groups: [public] }
        """.formatted(dir, unsafe);

    ConfigurationException e = assertThrows(ConfigurationException.class, () -> AgentConfig.load(write("bad.yaml",
        yaml)));

    assertEquals(List.of(
        "checks.nginx.fal: unknown key; did you mean fall?",
        "checks.nginx.interval: 5 ms (expected: 10 ms or more)",
        "checks.nginx.script: " + dir + "/missing.sh not found",
        "checks.both: tcp and ping (expected: one of script, tcp, http, ping, process)",
        "checks.none: no probe (expected: one of script, tcp, http, ping, process)",
        "checks.none.user: set without script (expected: only for a script)",
        "checks.port.tcp: \"localhost\" (expected: HOST:PORT, e.g. 127.0.0.1:80 or [::1]:80)",
        "checks.status.http.status: \"2xx\" (expected: a status or a range, e.g. 200 or 200-299)",
        "checks.open.script: " + unsafe + " is writable by others: chmod o-w " + unsafe,
        "syncGroups[0].groups[1]: unknown group \"pubic\" (expected: one of groups: web, public); did you mean"
            + " public?",
        "syncGroups[1].groups[1]: web is in syncGroups[0] too (expected: one sync group per group)",
        "syncGroups[2].name: missing (expected: a name, unique in the file)",
        "syncGroups[2].groups: [public] (expected: two or more names of groups)",
        "syncGroups[2].groups[0]: public is in syncGroups[1] too (expected: one sync group per group)",
        "groups[0].track.file: unknown key; did you mean files?",
        "groups[0].track.checks[0]: unknown check \"ngnix\" (expected: one of checks: nginx, both, none, port,"
            + " status, open); did you mean nginx?",
        "groups[0].track.checks[1].wieght: unknown key; did you mean weight?",
        "groups[0].track.checks[2].name: missing",
        "groups[0].notify.delay: unknown key",
        "groups[0].notify.master: " + unsafe + " is writable by others: chmod o-w " + unsafe,
        "groups[0].track.interfaces[0]: weight 300 (expected: -253..253)",
        "groups[1].track.interfaces[1]: weight -10 with priority 255 (expected: weight 0; the address owner's"
            + " priority never changes)",
        "groups[1].track.interfaces[2]: tracked twice (expected: once)"),
        e.problems());
  }

  @Test
  void checkConfigListsEveryProblemAndFails() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path file = write("bad.yaml", """
        checks:
          nginx: { script: "%1$s/nowhere/check.sh" }
        groups:
          - { name: web, interface: eth0, vrid: 51, virtualIps: ["192.0.2.10/24"], track: { checks: [nginx, nginz] },
              notify: { stop: "%1$s/nowhere/stop.sh" } }
        """.formatted(dir));

    assertEquals(Agent.INVALID_CONFIG, Agent.run(new String[] {"--check-config", file.toString()}, print(out),
        print(err)));

    assertEquals(List.of(
        "configuration " + file + ": 3 problems",
        "  - checks.nginx.script: " + dir + "/nowhere/check.sh not found",
        "  - groups[0].track.checks[1]: unknown check \"nginz\" (expected: one of checks: nginx); did you mean nginx?",
        "  - groups[0].notify.stop: " + dir + "/nowhere/stop.sh not found"),
        err.toString(StandardCharsets.UTF_8).lines().toList());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  private String script(String name) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return file.toString();
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
