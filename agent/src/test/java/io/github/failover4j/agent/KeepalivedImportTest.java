package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.GroupStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code import-keepalived}: each conversion, each option not carried over with its file and line,
 * the exit codes, and the configurations of seed 001 (OpenStack), seed 004 (Hetzner) and the
 * keepalived interop tests converted and loaded as {@code --check-config} loads them.
 */
class KeepalivedImportTest {
  @TempDir
  Path dir;

  // ---- the seeds and the interop tests' configurations

  @Test
  void seed001OpenStackUnicastWithPassword() throws IOException {
    Path conf = resource("seed001-active.conf");
    KeepalivedImport.Result result = KeepalivedImport.convert(conf);

    assertEquals(List.of(), result.unsupported());
    assertEquals("""
        # failover4j agent configuration, imported from %s
        # by failover4j-agent import-keepalived; check it: failover4j-agent --check-config FILE
        groups:
          - name: VI_1    # vrrp_instance at %1$s:2
            interface: ens3
            vrid: 50
            version: 2                   # keepalived's default
            priority: 100
            advertInterval: 1s
            unicast:
              peers: ["192.168.27.127"]
            authPassword: "EcbCp2b1"
            virtualIps:
              - "192.168.27.251/32"
        """.formatted(conf), result.yaml());
    AgentConfig config = load(result);
    GroupStatus status = config.groups().get(0).group().status();
    assertEquals(50, status.vrid());
    assertEquals(100, status.basePriority());

    AgentConfig passive = load(KeepalivedImport.convert(resource("seed001-passive.conf")));
    assertEquals(50, passive.groups().get(0).group().status().basePriority());
  }

  @Test
  void seed004HetznerTrackScriptNopreemptNotifyMasterSymmetricPeers() throws IOException {
    Path conf = resource("seed004.conf");
    KeepalivedImport.Result result = KeepalivedImport.convert(conf);

    assertEquals(List.of(), result.unsupported());
    assertEquals("""
        # failover4j agent configuration, imported from %s
        # by failover4j-agent import-keepalived; check it: failover4j-agent --check-config FILE
        checks:
          chk_nginx:
            script: "/usr/bin/killall -0 nginx"
            interval: 1s
            timeout: 1s
            rise: 1
            fall: 2
        groups:
          - name: hetzner    # vrrp_instance at %1$s:14
            interface: ens10
            vrid: 42
            version: 2                   # keepalived's default
            priority: 100
            preempt: false
            unicast:
              peers: ["10.0.1.2", "10.0.1.3"]
            virtualIps:
              - "10.0.1.1/32"
            track:
              checks: ["chk_nginx"]
              interfaces: ["ens10"]
            notify:
              master: "/etc/keepalived/ens10-ip.sh"
        """.formatted(conf), result.yaml());

    // loaded with scripts that exist where the guide's are: script security judges them
    Path killall = script("killall");
    Path notify = script("ens10-ip.sh");
    Path local = write("keepalived.conf", Files.readString(conf).replace("/usr/bin/killall", killall.toString())
        .replace("/etc/keepalived/ens10-ip.sh", notify.toString()));
    AgentConfig config = load(KeepalivedImport.convert(local));
    assertEquals(List.of("chk_nginx"), List.copyOf(config.checks().keySet()));
    String group = config.describe().get(1);
    assertTrue(group.startsWith("hetzner: ens10 vrid 42 priority 100; movers local; track check chk_nginx fault,"
        + " interface ens10 fault"), group);
  }

  @ParameterizedTest
  @EnumSource(KeepalivedInteropIT.Mode.class)
  void theInteropTestsConfigurationsLoad(KeepalivedInteropIT.Mode mode) throws IOException {
    for (int priority : new int[] {100, 200}) {
      Path conf = write("interop-" + priority + ".conf", interopConf(mode, priority, null));
      KeepalivedImport.Result result = KeepalivedImport.convert(conf);
      assertEquals(List.of(), result.unsupported());
      GroupStatus status = load(result).groups().get(0).group().status();
      assertEquals(Integer.parseInt(KeepalivedInteropIT.VRID), status.vrid());
      assertEquals(priority, status.basePriority());
      assertTrue(result.yaml().contains("    version: " + mode.version + "\n"), result.yaml());
      assertTrue(result.yaml().contains("    advertInterval: " + (mode.interval.toMillis() % 1000 == 0
          ? mode.interval.toSeconds() + "s" : mode.interval.toMillis() + "ms") + "\n"), result.yaml());
      assertEquals(mode.unicast, result.yaml().contains("    unicast:\n      source: \"" + mode.address(2)
          + "\"\n      peers: [\"" + mode.address(1) + "\"]\n"), result.yaml());
      assertEquals(mode.password, result.yaml().contains("    authPassword: \"s3cret\"\n"), result.yaml());
      assertTrue(result.yaml().contains("      - \"" + mode.vip() + mode.prefix() + "\"\n"), result.yaml());
    }
  }

  @Test
  void theInteropTestsCheckConfigurationLoads() throws IOException {
    Path check = script("alive.sh");
    Path conf = write("interop-check.conf", interopConf(KeepalivedInteropIT.Mode.V3_IPV4_MULTICAST_100MS, 200, check));
    KeepalivedImport.Result result = KeepalivedImport.convert(conf);
    assertEquals(List.of(), result.unsupported());
    assertTrue(result.yaml().contains("""
        checks:
          chk_service:
            script: "%s"
            interval: 1s
            timeout: 1s
            rise: 1
            fall: 2
        """.formatted(check)), result.yaml());
    assertTrue(result.yaml().contains("    track:\n      checks: [\"chk_service\"]\n"), result.yaml());
    assertEquals(1, load(result).checks().size());
  }

  /**
   * The keepalived.conf {@code KeepalivedInteropIT} writes for keepalived (its {@code Lab.keepalived}
   * needs a running lab, so the text is made here the same way).
   */
  static String interopConf(KeepalivedInteropIT.Mode mode, int priority, Path checkScript) {
    StringBuilder conf = new StringBuilder();
    if (checkScript == null) {
      conf.append("global_defs {\n  router_id k\n}\n");
    } else {
      conf.append("global_defs {\n  router_id k\n  script_user root\n  enable_script_security\n}\n")
          .append("vrrp_script chk_service {\n  script \"").append(checkScript)
          .append("\"\n  interval 1\n  timeout 1\n  rise 1\n  fall 2\n}\n");
    }
    conf.append("vrrp_instance VI {\n  state BACKUP\n  interface eth0\n  virtual_router_id ")
        .append(KeepalivedInteropIT.VRID)
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
    return conf.toString();
  }

  // ---- each conversion

  @Test
  void instanceDefaultsAndOptions() throws IOException {
    String yaml = converted("""
        global_defs {
          vrrp_version 3
          vrrp_garp_master_repeat 2
          vrrp_garp_interval 0.001
        }
        vrrp_instance owner {
          state MASTER
          interface eth0
          virtual_router_id 1
          nopreempt
          advert_int 0.1
          virtual_ipaddress {
            10.0.0.1/24 dev eth0 label eth0:vip
            10.0.0.2/24 scope global
          }
        }
        vrrp_instance other {
          interface eth1
          virtual_router_id 2
          priority 90
          version 2
          advert_int 3
          preempt_delay 2.5
          garp_master_repeat 5
          garp_master_refresh 60
          garp_master_delay 0
          lower_prio_no_advert
          v3_checksum_as_v2
          unicast_src_ip 10.0.1.1
          unicast_peer {
            10.0.1.2 min_ttl 250 max_ttl 255
          }
          authentication {
            auth_type PASS
            auth_pass longer-than-8
          }
          virtual_ipaddress {
            10.0.1.100
          }
        }
        vrrp_instance v6 {
          interface eth2
          virtual_router_id 3
          nopreempt
          virtual_ipaddress {
            2001:db8::1/64
          }
        }
        """);
    assertTrue(yaml.contains("""
          - name: owner    # vrrp_instance at %s:6
            interface: eth0
            vrid: 1
            version: 3                   # vrrp_version
            priority: 255                # keepalived: state MASTER without a priority
            advertInterval: 100ms
            # nopreempt, preempt_delay: keepalived clears them for state MASTER or priority 255
            virtualIps:
              - { address: "10.0.0.1/24", label: "eth0:vip" }
              - "10.0.0.2/24"
            garp: { repeat: 2, interval: 1ms }
        """.formatted(dir.resolve("keepalived.conf"))), yaml);
    assertTrue(yaml.contains("""
            version: 2
            priority: 90
            advertInterval: 3s
            preemptDelay: 2500ms
            checksum: rfc9568
            unicast:
              source: "10.0.1.1"
              peers: ["10.0.1.2"]
            # auth_pass: its first 8 characters, all keepalived uses
            authPassword: "longer-t"
            virtualIps:
              - "10.0.1.100/32"
            garp: { repeat: 5, interval: 1ms, refresh: 60s }
            lowerPriorityAdvert: false
            checkTtl: false                 # unicast_peer min_ttl / max_ttl
        """), yaml);
    assertTrue(yaml.contains("""
            version: 3                   # keepalived: always 3 for IPv6
            priority: 100
            preempt: false
            virtualIps:
              - "2001:db8::1/64"
        """), yaml);
    load(yaml);
  }

  @Test
  void tracksNotifySyncGroupsAndUsers() throws IOException {
    Path check = script("check.sh");
    Path notify = script("notify.sh");
    Path file = write("prio", "0\n");
    String yaml = converted("""
        global_defs {
          script_user nobody
          net_namespace blue
        }
        vrrp_script up {
          script "%1$s --quick"
          weight -20
          init_fail
        }
        vrrp_script down {
          script %1$s
          weight 10 reverse
          user root
        }
        vrrp_track_file prio {
          file "%3$s"
          weight 2
        }
        vrrp_track_process web {
          process nginx -g daemon
          quorum 2
          quorum_max 4
        }
        vrrp_instance a {
          interface eth0
          virtual_router_id 1
          virtual_ipaddress {
            10.0.0.1/24
          }
          track_script {
            up
            down weight -5
          }
          track_interface {
            eth1
            eth2 weight -30 reverse
          }
          track_file {
            prio
          }
          track_process {
            web
          }
          notify %2$s
          notify_master "%2$s master"
          notify_backup %2$s nobody
          notify_fault %2$s
          notify_stop %2$s
        }
        vrrp_instance b {
          interface eth0
          virtual_router_id 2
          virtual_ipaddress {
            10.0.0.2/24
          }
          track_script {
            up weight 7
          }
        }
        vrrp_instance c {
          interface eth0
          virtual_router_id 3
          virtual_ipaddress {
            10.0.0.3/24
          }
        }
        vrrp_sync_group edge {
          group {
            b c
          }
          track_interface {
            eth3 weight 10
          }
          notify_master %2$s
        }
        """.formatted(check, notify, file));
    assertTrue(yaml.contains("""
        checks:
          up:
            script: "%1$s --quick"
            startFailing: true
            user: "nobody"
          down:
            script: "%1$s"
            user: "root"
          web:
            process:
              name: "nginx"
              args: "-g daemon"
              quorum: 2
              quorumMax: 4
        syncGroups:
          - name: edge
            groups: ["b", "c"]
            notify:
              master: "%2$s"
              user: nobody
        groups:
        """.formatted(check, notify)), yaml);
    assertTrue(yaml.contains("""
            networkNamespace: blue
            track:
              checks: [{ name: "up", weight: -20 }, { name: "down", weight: -5 }, { name: "web", weight: 1 }]
              interfaces: ["eth1", { name: "eth2", weight: -30, reverse: true }]
              files: [{ path: "%1$s", weight: 2 }]
            notify:
              any: "%2$s"
              master: "%2$s master"
              backup: "%2$s"
              fault: "%2$s"
              stop: "%2$s"
              user: nobody
        """.formatted(file, notify)), yaml);
    assertTrue(yaml.contains("""
            track:
              checks: ["up"]
              interfaces: ["eth3"]
            # in sync group edge: every tracked item has weight 0, as keepalived sets it
        """), yaml);
    assertTrue(yaml.contains("""
            track:
              interfaces: ["eth3"]
            # in sync group edge: every tracked item has weight 0, as keepalived sets it
        """), yaml);
    AgentConfig config = load(yaml);
    assertEquals(List.of("up", "down", "web"), List.copyOf(config.checks().keySet()));
    assertEquals(3, config.groups().size());
  }

  @Test
  void anAddressDevIsJudgedAgainstTheInterfaceWhereverItIs() throws IOException {
    String yaml = converted("""
        vrrp_instance VI {
          virtual_ipaddress {
            10.0.0.1/24 dev eth0
          }
          virtual_router_id 51
          interface eth0
          state BACKUP
          priority 50
          nopreempt
          preempt_delay 300
        }
        """);
    assertTrue(yaml.contains("""
            priority: 50
            preempt: false
            # preempt_delay: keepalived clears it with nopreempt
            virtualIps:
              - "10.0.0.1/24"
        """), yaml);
    load(yaml);
  }

  // ---- what is not carried over

  @Test
  void everyOptionNotCarriedOverIsListedWithItsFileAndLine() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    write("conf.d/lvs.conf", """
        virtual_server 10.0.0.1 80 {
          real_server 10.0.0.2 80 {
          }
        }
        """);
    Path conf = write("keepalived.conf", """
        global_defs {
          smtp_server 127.0.0.1
          vrrp_strict
          vrrp_garp_master_delay 5
        }
        include conf.d/*.conf
        vrrp_instance VI {
          interface eth0
          virtual_router_id 51
          use_vmac
          track_src_ip
          no_accept
          mcast_src_ip 10.0.0.9
          authentication {
            auth_type PASS
            auth_pass Secret99
            auth_passs Secret99
          }
          virtual_ipaddress {
            10.0.0.1/24 dev eth1
            10.0.0.2/24 brd 10.0.0.255 -nodad
          }
          virtual_ipaddress_excluded {
            10.0.0.3/24
          }
          track_script {
            missing
          }
          track_bfd {
            bfd1
          }
          smtp_alert
          notify_master_rx_lower_pri /bin/true
        }
        """);
    KeepalivedImport.Result result = KeepalivedImport.convert(conf);
    assertEquals(List.of(
        conf + ":2: smtp_server (not supported: SMTP alerts (use a notify script))",
        conf + ":3: vrrp_strict (not supported: strict mode (no_accept, its checks))",
        conf + ":4: vrrp_garp_master_delay 5 (not supported: no second burst; use garp.refresh)",
        dir.resolve("conf.d/lvs.conf") + ":1: virtual_server 10.0.0.1 80 (not supported: load balancing (LVS) is not"
            + " the agent's)",
        conf + ":10: use_vmac (not supported: no VMAC or ipvlan; the interface's own MAC is used)",
        conf + ":11: track_src_ip (not supported: the source address is not tracked)",
        conf + ":12: no_accept (not supported: acceptMode is always true)",
        conf + ":13: mcast_src_ip 10.0.0.9 (not supported: the standard multicast group and source)",
        conf + ":17: auth_passs (not supported: unknown to the agent)",
        conf + ":20: virtual_ipaddress 10.0.0.1/24 dev eth1 (not supported: an address on another interface than the"
            + " group's eth0)",
        conf + ":21: virtual_ipaddress 10.0.0.2/24 brd 10.0.0.255 (not supported: an option of ip address add the"
            + " agent does not set)",
        conf + ":21: virtual_ipaddress 10.0.0.2/24 -nodad (not supported: an option of ip address add the agent does"
            + " not set)",
        conf + ":23: virtual_ipaddress_excluded (not supported: every address is advertised)",
        conf + ":29: track_bfd (not supported: BFD)",
        conf + ":32: smtp_alert (not supported: SMTP alerts (use a notify script))",
        conf + ":33: notify_master_rx_lower_pri /bin/true (not supported: notify master, backup, fault, stop and any)",
        conf + ":27: track_script missing (not converted: no vrrp_script or vrrp_track_process of that name)"),
        result.unsupported());
    assertFalse(result.unsupported().toString().contains("Secret99"));
    assertTrue(result.yaml().contains("    authPassword: \"Secret99\"\n"), "the password goes into the YAML");
    assertTrue(result.yaml().contains("    virtualIps:\n      - \"10.0.0.2/24\"\n"), result.yaml());
  }

  @Test
  void unsupportedAuthAndVersionsAreListed() throws IOException {
    Path conf = write("keepalived.conf", """
        vrrp_instance VI {
          interface eth0
          virtual_router_id 51
          advert_int 0.5
          authentication {
            auth_type AH
            auth_pass Secret99
          }
          virtual_ipaddress {
            10.0.0.1/24
          }
        }
        """);
    KeepalivedImport.Result result = KeepalivedImport.convert(conf);
    assertEquals(List.of(conf + ":5: auth_type AH (not supported: only auth_type PASS)",
        conf + ":1: advert_int 0.5 (not supported: VRRPv2 advertises in whole seconds)"), result.unsupported());
    assertFalse(result.yaml().contains("Secret99"));
  }

  // ---- the command

  @Test
  void theCommandPrintsTheYamlAndExitsByWhatWasCarriedOver() throws IOException {
    Run ok = run("import-keepalived", resource("seed001-active.conf").toString());
    assertEquals(0, ok.code, ok.err);
    assertEquals("", ok.err);
    Path yaml = write("agent.yaml", ok.out);
    Run check = run("--check-config", yaml.toString());
    assertEquals(0, check.code, check.err);
    assertTrue(check.out.startsWith(yaml + ": valid, 1 group"), check.out);

    Path partial = write("partial.conf", """
        vrrp_instance VI {
          interface eth0
          virtual_router_id 51
          use_vmac
          virtual_ipaddress {
            10.0.0.1/24
          }
        }
        """);
    Run some = run("import-keepalived", partial.toString());
    assertEquals(1, some.code);
    assertTrue(some.out.contains("  - name: VI"), "the YAML of what was converted: " + some.out);
    assertEquals(partial + ":4: use_vmac (not supported: no VMAC or ipvlan; the interface's own MAC is used)\n"
        + partial + ": 1 option not carried over (listed above); the YAML holds the rest\n", some.err);
    assertEquals(0, run("--check-config", write("partial.yaml", some.out).toString()).code);

    Run missing = run("import-keepalived", dir.resolve("nope.conf").toString());
    assertEquals(1, missing.code);
    assertEquals(dir.resolve("nope.conf") + ": cannot read it\n", missing.err);

    Run usage = run("import-keepalived");
    assertEquals(2, usage.code);
    assertTrue(usage.err.startsWith("usage: failover4j-agent import-keepalived FILE"), usage.err);
  }

  // ---- helpers

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Agent.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String converted(String conf) throws IOException {
    KeepalivedImport.Result result = KeepalivedImport.convert(write("keepalived.conf", conf));
    assertEquals(List.of(), result.unsupported());
    return result.yaml();
  }

  private AgentConfig load(KeepalivedImport.Result result) throws IOException {
    return load(result.yaml());
  }

  private AgentConfig load(String yaml) throws IOException {
    return AgentConfig.load(write("imported.yaml", yaml));
  }

  /** A copy of a test resource in the temporary directory. */
  private Path resource(String name) {
    try (InputStream in = KeepalivedImportTest.class.getResourceAsStream("/keepalived/" + name)) {
      return Files.write(dir.resolve(name), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An executable script, as script security wants it. */
  private Path script(String name) throws IOException {
    Path script = write(name, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
