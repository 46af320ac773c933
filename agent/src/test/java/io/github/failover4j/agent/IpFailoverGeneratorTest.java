package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.agent.IpFailoverGenerator.Group;
import io.github.failover4j.agent.IpFailoverGenerator.NodeFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OPENSHIFT_HA_* variables to the groups that openshift/images' ipfailover generator
 * ({@code ipfailover/keepalived/lib/config-generators.sh generate_failover_config}, commit 13118bff)
 * writes. The expected groups are worked out by hand from that function, as commented in each test.
 */
class IpFailoverGeneratorTest {
  @TempDir
  Path dir;

  /** The documentation's Deployment (seed 003; "Configuring IP failover"), env part. */
  static Map<String, String> documented() {
    Map<String, String> env = new HashMap<>();
    env.put("OPENSHIFT_HA_CONFIG_NAME", "ipfailover");
    env.put("OPENSHIFT_HA_VIRTUAL_IPS", "1.1.1.1-2");
    env.put("OPENSHIFT_HA_VIP_GROUPS", "10");
    env.put("OPENSHIFT_HA_NETWORK_INTERFACE", "ens3");
    env.put("OPENSHIFT_HA_MONITOR_PORT", "30060");
    env.put("OPENSHIFT_HA_VRRP_ID_OFFSET", "0");
    env.put("OPENSHIFT_HA_REPLICA_COUNT", "2");
    env.put("OPENSHIFT_HA_USE_UNICAST", "false");
    env.put("OPENSHIFT_HA_IPTABLES_CHAIN", "INPUT");
    env.put("OPENSHIFT_HA_CHECK_SCRIPT", "/etc/keepalive/mycheckscript.sh");
    env.put("OPENSHIFT_HA_PREEMPTION", "preempt_delay 300");
    env.put("OPENSHIFT_HA_CHECK_INTERVAL", "2");
    return env;
  }

  static NodeFacts node(String address) throws Exception {
    return new NodeFacts("ens3", (Inet4Address) InetAddress.getByName(address));
  }

  static List<InetAddress> ips(String... addresses) throws Exception {
    List<InetAddress> all = new ArrayList<>();
    for (String a : addresses) {
      all.add(InetAddress.getByName(a));
    }
    return all;
  }

  static List<Group> groups(Map<String, String> env, String nodeAddress) throws Exception {
    return IpFailoverGenerator.groups(IpFailoverEnvironment.read(env), node(nodeAddress));
  }

  @Test
  void theDocumentedDeploymentOnTwoNodes() throws Exception {
    // VIP_GROUPS=10 > 2 VIPs: vips_per_group = 2 / 10 = 0, vips_mod = 2: two groups of one VIP each
    // (the loop stops when the VIPs run out). VRIDs: offset 0 + counter 1, 2.
    // Node 10.0.0.10: ipslot = 10 % 128 = 10, idx = 10 % 2 + 1 = 1, so counter % 1 == 0 for every group:
    //   group 1 "master": 255 - 10 = 245, previous=master; group 2 "master" after a master: 10 + 1 = 11.
    //   Both state MASTER, so keepalived clears their preempt_delay.
    List<Group> a = groups(documented(), "10.0.0.10");
    Duration none = Duration.ZERO;
    assertEquals(List.of(
        new Group("ipfailover_VIP_1", 1, 245, true, true, none, ips("1.1.1.1")),
        new Group("ipfailover_VIP_2", 2, 11, true, true, none, ips("1.1.1.2"))), a);
    // Node 10.0.0.11: ipslot 11, idx = 11 % 2 + 1 = 2: group 1 (1 % 2 = 1) is a slave: 11 % 64 + $RANDOM % 32,
    //   here 11 + 16 = 27, with preempt_delay 300; group 2 (2 % 2 = 0) is a master: 255 - 11 = 244.
    List<Group> b = groups(documented(), "10.0.0.11");
    assertEquals(List.of(
        new Group("ipfailover_VIP_1", 1, 27, false, true, Duration.ofSeconds(300), ips("1.1.1.1")),
        new Group("ipfailover_VIP_2", 2, 244, true, true, none, ips("1.1.1.2"))), b);
  }

  @Test
  void theDocumentedDeploymentAsYaml() throws Exception {
    String yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(documented()), node("10.0.0.11"));
    // generate_script_config: CHECK_SCRIPT replaces the TCP check; interval CHECK_INTERVAL; no weight
    assertTrue(yaml.contains("checks:\n  \"chk_ipfailover\": { script: \"/etc/keepalive/mycheckscript.sh\","
        + " interval: 2s }\n"), yaml);
    assertTrue(yaml.contains("""
          - name: "ipfailover_VIP_1"
            interface: "ens3"
            vrid: 1
            version: 2
            priority: 27   # ipfailover: 11 + $RANDOM % 32
            advertInterval: 1s
            preempt: true
            preemptDelay: 300s
            authPassword: "ipfailov"
            virtualIps: ["1.1.1.1/32"]
            garp: { repeat: 5 }
            track: { checks: ["chk_ipfailover"] }
        """), yaml);
    assertTrue(yaml.contains("""
          - name: "ipfailover_VIP_2"
            interface: "ens3"
            vrid: 2
            version: 2
            priority: 244   # a "master" group: state MASTER in keepalived.conf, whose preempt_delay keepalived drops
            advertInterval: 1s
            preempt: true
            authPassword: "ipfailov"
            virtualIps: ["1.1.1.2/32"]
        """), yaml);
    assertFalse(yaml.contains("unicast"), yaml);
    assertFalse(yaml.contains("notify"), yaml);
  }

  @Test
  void defaultsAreTheImagesNotTheDocumentations() throws Exception {
    // settings.sh: CONFIG_NAME OpenShift-IPFailover, MONITOR_PORT 80, REPLICA_COUNT 1, VRRP_ID_OFFSET 10,
    // CHECK_INTERVAL 2, PREEMPTION "preempt_delay 300"
    Map<String, String> env = Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.100", "OPENSHIFT_HA_NETWORK_INTERFACE",
        "eth0");
    IpFailoverEnvironment settings = IpFailoverEnvironment.read(env);
    assertEquals(80, settings.monitorPort);
    assertEquals(1, settings.replicaCount);
    assertEquals(10, settings.vrrpIdOffset);
    // replicas 1: idx 1, every group a master: 255 - (5 % 128)
    assertEquals(List.of(new Group("OpenShift_IPFailover_VIP_1", 11, 250, true, true, Duration.ZERO,
        ips("10.0.0.100"))), IpFailoverGenerator.groups(settings, node("10.0.0.5")));
    String yaml = IpFailoverGenerator.yaml(settings, node("10.0.0.5"));
    // generate_script_config: "</dev/tcp/${serviceip}/${port}" with serviceip the interface's address
    assertTrue(yaml.contains("\"chk_OpenShift_IPFailover\": { tcp: \"10.0.0.5:80\", interval: 2s }"), yaml);
    // auth_pass OpenShift-IPFailover: keepalived truncates it to 8 bytes
    assertTrue(yaml.contains("authPassword: \"OpenShif\""), yaml);
  }

  @Test
  void rangesExpandInTheirLastOctetOrGroup() throws Exception {
    // utils.sh expand_ip_ranges examples, and the documentation's 1.2.3.4-6,1.2.3.9
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS",
        "10.1.1.100-102, 10.1.1.200-200,10.42.42.42,1.2.3.4-1.2.3.6,,1.2.3.9"));
    assertEquals(ips("10.1.1.100", "10.1.1.101", "10.1.1.102", "10.1.1.200", "10.42.42.42", "1.2.3.4", "1.2.3.5",
        "1.2.3.6", "1.2.3.9"), IpFailoverEnvironment.read(env).virtualIps);
    env.put("OPENSHIFT_HA_VIRTUAL_IPS", "2001:db8::a-c");
    assertEquals(ips("2001:db8::a", "2001:db8::b", "2001:db8::c"), IpFailoverEnvironment.read(env).virtualIps);
  }

  @Test
  void vipsSpreadOverTheGroupsInOrder() throws Exception {
    // the documentation: VIP_GROUPS=3 with seven VIPs gives groups of three, two and two
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-107",
        "OPENSHIFT_HA_VIP_GROUPS", "3", "OPENSHIFT_HA_VRRP_ID_OFFSET", "0"));
    List<Group> groups = groups(env, "10.0.0.1");
    assertEquals(List.of(ips("10.0.0.101", "10.0.0.102", "10.0.0.103"), ips("10.0.0.104", "10.0.0.105"),
        ips("10.0.0.106", "10.0.0.107")), groups.stream().map(Group::virtualIps).toList());
    assertEquals(List.of(1, 2, 3), groups.stream().map(Group::vrid).toList());
    // unset (or 0): one group per VIP, not per range as the documentation says
    env.remove("OPENSHIFT_HA_VIP_GROUPS");
    assertEquals(7, groups(env, "10.0.0.1").size());
    env.put("OPENSHIFT_HA_VIP_GROUPS", "0");
    assertEquals(7, groups(env, "10.0.0.1").size());
    // 8 VIPs in 3 groups: 8 / 3 = 2, 8 % 3 = 2: 3, 3, 2
    env.put("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-108");
    env.put("OPENSHIFT_HA_VIP_GROUPS", "3");
    assertEquals(List.of(3, 3, 2), groups(env, "10.0.0.1").stream().map(g -> g.virtualIps().size()).toList());
  }

  @Test
  void vridsStartAfterTheOffsetAndSkipExcludedOnes() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-103"));
    assertEquals(List.of(11, 12, 13), groups(env, "10.0.0.1").stream().map(Group::vrid).toList());
    env.put("OPENSHIFT_HA_VRRP_ID_OFFSET", "30");
    assertEquals(List.of(31, 32, 33), groups(env, "10.0.0.1").stream().map(Group::vrid).toList());
    // generate_vrrpd_instance_config: an excluded VRID raises the offset for this group and the later ones
    env.put("HA_EXCLUDED_VRRP_IDS", "32 33");
    assertEquals(List.of(31, 34, 35), groups(env, "10.0.0.1").stream().map(Group::vrid).toList());
    // past 255: a problem, where keepalived would refuse the instance
    env.put("OPENSHIFT_HA_VRRP_ID_OFFSET", "253");
    env.remove("HA_EXCLUDED_VRRP_IDS");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> groups(env, "10.0.0.1"));
    assertEquals(List.of("OPENSHIFT_HA_VRRP_ID_OFFSET: 253 gives VRID 256 to OpenShift_IPFailover_VIP_3 (expected:"
        + " VRIDs 1..255; fewer groups, OPENSHIFT_HA_VIP_GROUPS, or a lower offset)"), e.problems());
  }

  @Test
  void prioritiesFlipFlopAmongConsecutiveMasterGroups() throws Exception {
    Map<String, String> env = Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-105", "OPENSHIFT_HA_REPLICA_COUNT", "3");
    // 10.0.0.20: ipslot 20, idx = 20 % 3 + 1 = 3: groups 3 masters (255 - 20), the others 20 % 64 + 16
    assertEquals(List.of(36, 36, 235, 36, 36), groups(env, "10.0.0.20").stream().map(Group::priority).toList());
    // 10.0.0.21: idx = 21 % 3 + 1 = 1: every group a master: 234, 22, 234, 22, 234
    assertEquals(List.of(234, 22, 234, 22, 234), groups(env, "10.0.0.21").stream().map(Group::priority).toList());
    // 10.0.0.150: ipslot = 150 % 128 = 22, idx = 22 % 3 + 1 = 2: groups 2 and 4 masters; "previous" is the
    // last master group's, whatever slave groups came between: group 4 flip-flops to 22 + 1
    assertEquals(List.of(38, 233, 38, 23, 38), groups(env, "10.0.0.150").stream().map(Group::priority).toList());
    // 10.0.0.128: ipslot 0, 255 - 0 = 255 would make failover4j's address owner: 254
    assertEquals(254, groups(env, "10.0.0.128").get(0).priority());
  }

  @Test
  void nopreemptMakesNoMasterAndPreemptDelayOnlyForOthers() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-102",
        "OPENSHIFT_HA_PREEMPTION", "nopreempt"));
    // nopreempt: instancetype stays "slave" (no state MASTER), and previous is never "master": no flip-flop
    assertEquals(List.of(
        new Group("OpenShift_IPFailover_VIP_1", 11, 250, false, false, Duration.ZERO, ips("10.0.0.101")),
        new Group("OpenShift_IPFailover_VIP_2", 12, 250, false, false, Duration.ZERO, ips("10.0.0.102"))),
        groups(env, "10.0.0.5"));
    String yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.5"));
    assertTrue(yaml.contains("    preempt: false\n"), yaml);
    assertFalse(yaml.contains("preemptDelay"), yaml);
    env.put("OPENSHIFT_HA_PREEMPTION", "preempt_delay 60");
    env.put("OPENSHIFT_HA_REPLICA_COUNT", "2");
    // 10.0.0.5: idx = 5 % 2 + 1 = 2: group 1 a slave (delay 60 s), group 2 a master (delay cleared by keepalived)
    List<Group> groups = groups(env, "10.0.0.5");
    assertEquals(List.of(Duration.ofSeconds(60), Duration.ZERO), groups.stream().map(Group::preemptDelay).toList());
    assertTrue(groups.stream().allMatch(Group::preempt));
  }

  @Test
  void monitorPortZeroMeansNoCheckAndACheckScriptReplacesTheTcpCheck() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101",
        "OPENSHIFT_HA_MONITOR_PORT", "0"));
    String yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.5"));
    assertFalse(yaml.contains("checks"), yaml);
    assertFalse(yaml.contains("track"), yaml);
    env.put("OPENSHIFT_HA_CHECK_SCRIPT", "/usr/local/bin/check-app");
    env.put("OPENSHIFT_HA_CHECK_INTERVAL", "0.5");
    yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.5"));
    assertTrue(yaml.contains("{ script: \"/usr/local/bin/check-app\", interval: 500ms }"), yaml);
    env.put("OPENSHIFT_HA_MONITOR_PORT", "8443");
    yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.5"));
    assertFalse(yaml.contains("tcp"), yaml);
  }

  @Test
  void unicastPeersWithoutTheNodesOwnAddress() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101",
        "OPENSHIFT_HA_UNICAST_PEERS", "10.0.152.208, 10.0.183.251,10.0.219.207"));
    String yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.183.251"));
    assertTrue(yaml.contains("    unicast:\n      peers: [\"10.0.152.208\", \"10.0.219.207\"]\n"), yaml);
    // the image never reads USE_UNICAST: the peers alone decide
    env.put("OPENSHIFT_HA_USE_UNICAST", "false");
    IpFailoverEnvironment settings = IpFailoverEnvironment.read(env);
    assertTrue(settings.warnings.get(0).startsWith("OPENSHIFT_HA_USE_UNICAST=false with OPENSHIFT_HA_UNICAST_PEERS:"
        + " unicast"), settings.warnings.toString());
    env.put("UNICAST_SOURCE_IPADDRESS", "10.0.183.251");
    yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.183.251"));
    assertTrue(yaml.contains("    unicast:\n      source: \"10.0.183.251\"\n      peers: [\"10.0.152.208\","
        + " \"10.0.219.207\"]\n"), yaml);
    env.put("OPENSHIFT_HA_UNICAST_PEERS", "10.0.183.251");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> groups(env, "10.0.183.251"));
    assertEquals(List.of("OPENSHIFT_HA_UNICAST_PEERS: only this node's address 10.0.183.251 (expected: the other"
        + " nodes too)"), e.problems());
    env.remove("OPENSHIFT_HA_UNICAST_PEERS");
    env.put("OPENSHIFT_HA_USE_UNICAST", "true");
    assertTrue(IpFailoverEnvironment.read(env).warnings.stream().anyMatch(w -> w.startsWith(
        "OPENSHIFT_HA_USE_UNICAST=true without OPENSHIFT_HA_UNICAST_PEERS: multicast")));
  }

  @Test
  void notifyScriptForEveryGroup() throws Exception {
    Map<String, String> env = Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101-102", "OPENSHIFT_HA_NOTIFY_SCRIPT",
        "/etc/keepalive/mynotifyscript.sh");
    String yaml = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.5"));
    assertEquals(2, yaml.split("notify: \\{ any: \"/etc/keepalive/mynotifyscript.sh\" }", -1).length - 1, yaml);
  }

  @Test
  void everyProblemAtOnceWithoutTheConfigName() {
    Map<String, String> env = new HashMap<>();
    env.put("OPENSHIFT_HA_CONFIG_NAME", "ipfailo\u00e9-secret");
    env.put("OPENSHIFT_HA_VIRTUAL_IPS", "1.1.1.1-0,1.1.1.300,1.1.1.5/24,2.2.2.2-2.2.3.4,1.1.1.9,1.1.1.9");
    env.put("OPENSHIFT_HA_VIP_GROUPS", "many");
    env.put("OPENSHIFT_HA_MONITOR_PORT", "70000");
    env.put("OPENSHIFT_HA_VRRP_ID_OFFSET", "255");
    env.put("OPENSHIFT_HA_REPLICA_COUNT", "two");
    env.put("OPENSHIFT_HA_CHECK_INTERVAL", "0");
    env.put("OPENSHIFT_HA_PREEMPTION", "preempt");
    env.put("OPENSHIFT_HA_UNICAST_PEERS", "10.0.0.1,node-b");
    env.put("OPENSHIFT_HA_USE_UNICAST", "yes");
    env.put("OPENSHIFT_HA_IPTABLES_CHAIN", "INPUT; rm -rf /");
    env.put("MULTICAST_SOURCE_IPADDRESS", "10.0.0.1");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> IpFailoverEnvironment.read(env));
    assertEquals(List.of(
        "OPENSHIFT_HA_CONFIG_NAME: its first 8 bytes, keepalived's auth_pass, end inside a character (expected: a"
            + " name whose first 8 bytes are whole characters, as Deployment names are)",
        "OPENSHIFT_HA_VIRTUAL_IPS: \"1.1.1.1-0\" (expected: a range whose end is 1..255)",
        "OPENSHIFT_HA_VIRTUAL_IPS: \"1.1.1.300\" (expected: an address, or a range in its last part: 1.2.3.4-6,"
            + " 2001:db8::a-f)",
        "OPENSHIFT_HA_VIRTUAL_IPS: \"1.1.1.5/24\" (expected: an address, or a range in its last part: 1.2.3.4-6,"
            + " 2001:db8::a-f)",
        "OPENSHIFT_HA_VIRTUAL_IPS: \"2.2.2.2-2.2.3.4\" (expected: a range within the last octet, e.g. 2.2.2.2-9)",
        "OPENSHIFT_HA_VIRTUAL_IPS: 1.1.1.9 listed twice (expected: each address once)",
        "OPENSHIFT_HA_VIP_GROUPS: \"many\" (expected: a whole number of groups; unset or 0: one group per address)",
        "OPENSHIFT_HA_MONITOR_PORT: 70000 (expected: a TCP port 1..65535, or 0 for no check)",
        "OPENSHIFT_HA_REPLICA_COUNT: \"two\" (expected: the Deployment's replicas, a whole number)",
        "OPENSHIFT_HA_VRRP_ID_OFFSET: 255 (expected: 0..254; the first VRID is the offset + 1)",
        "OPENSHIFT_HA_CHECK_INTERVAL: \"0\" (expected: seconds > 0, e.g. 2 or 0.5)",
        "OPENSHIFT_HA_PREEMPTION: \"preempt\" (expected: nopreempt, or preempt_delay SECONDS with 0..1000 seconds)",
        "OPENSHIFT_HA_UNICAST_PEERS: \"node-b\" (expected: an IPv4 or IPv6 address)",
        "OPENSHIFT_HA_USE_UNICAST: \"yes\" (expected: true or false)",
        "OPENSHIFT_HA_IPTABLES_CHAIN: \"INPUT; rm -rf /\" (expected: an iptables chain name such as INPUT)",
        "MULTICAST_SOURCE_IPADDRESS: set (expected: unset; keepalived's mcast_src_ip is not supported by failover4j)"),
        e.problems());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertFalse(e.getMessage().contains("ipfailo\u00e9"), e.getMessage());
    assertEquals(List.of("OPENSHIFT_HA_VIRTUAL_IPS: missing (expected: addresses and ranges, e.g. 1.2.3.4-6,1.2.3.9)"),
        assertThrows(ConfigurationException.class, () -> IpFailoverEnvironment.read(Map.of())).problems());
  }

  @Test
  void theInterfaceAndAddressAreFoundAsTheImageFindsThem() throws Exception {
    List<String> warnings = new ArrayList<>();
    IpFailoverEnvironment settings = IpFailoverEnvironment.read(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.101",
        "OPENSHIFT_HA_NETWORK_INTERFACE", "br-ex"));
    // utils.sh get_network_device: the variable's interface if it exists, else enp0s3 enp0s8 eth1 ens3, else the
    // route to 8.8.8.8's device
    assertEquals(new NodeFacts("br-ex", (Inet4Address) InetAddress.getByName("10.0.0.7")),
        IpFailoverGenerator.node(settings, network(Set.of("br-ex", "eth1"), "eth0"), warnings));
    assertEquals(List.of(), warnings);
    assertEquals("eth1", IpFailoverGenerator.node(settings, network(Set.of("eth1", "ens3"), "eth0"), warnings)
        .interfaceName());
    assertEquals(List.of("OPENSHIFT_HA_NETWORK_INTERFACE: br-ex does not exist; using eth1, as ipfailover's"
        + " get_network_device does"), warnings);
    assertEquals("eth0", IpFailoverGenerator.node(settings, network(Set.of("eth0"), "eth0"), warnings)
        .interfaceName());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> IpFailoverGenerator.node(settings,
        network(Set.of(), null), warnings));
    assertEquals(List.of("OPENSHIFT_HA_NETWORK_INTERFACE: br-ex does not exist, none of [enp0s3, enp0s8, eth1, ens3]"
        + " exists and there is no default route (expected: the interface for VRRP)"), e.problems());
  }

  private static IpFailoverGenerator.Network network(Set<String> interfaces, String defaultRoute) {
    return new IpFailoverGenerator.Network() {
      @Override
      public boolean exists(String name) {
        return interfaces.contains(name);
      }

      @Override
      public Optional<String> defaultRouteInterface() {
        return Optional.ofNullable(defaultRoute);
      }

      @Override
      public Optional<Inet4Address> ipv4(String name) {
        try {
          return Optional.of((Inet4Address) InetAddress.getByName("10.0.0.7"));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    };
  }

  @Test
  void printConfigPassesCheckConfig() throws Exception {
    Map<String, String> env = documented();
    env.put("OPENSHIFT_HA_CHECK_SCRIPT", "/bin/true"); // script security: an executable only root can write
    env.put("OPENSHIFT_HA_NOTIFY_SCRIPT", "/bin/true");
    env.put("OPENSHIFT_HA_UNICAST_PEERS", "10.0.0.10,10.0.0.11");
    env.put(IpFailoverEnvironment.NODE_ADDRESS, "10.0.0.11");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = IpFailoverCli.run(new String[] {"--print-config"}, env, network(Set.of(), null),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Agent.OK, code, err.toString(StandardCharsets.UTF_8));
    String yaml = out.toString(StandardCharsets.UTF_8);
    assertTrue(yaml.startsWith("# firewall, when running: iptables -I INPUT 1 -p 112 -j ACCEPT if chain INPUT exists"),
        yaml);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("warning: OPENSHIFT_HA_USE_UNICAST=false with"),
        err.toString(StandardCharsets.UTF_8));
    Path file = Files.writeString(dir.resolve("ipfailover.yaml"), yaml);
    ByteArrayOutputStream checked = new ByteArrayOutputStream();
    assertEquals(Agent.OK, Agent.run(new String[] {"--check-config", file.toString()},
        new PrintStream(checked, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)),
        err.toString(StandardCharsets.UTF_8));
    assertTrue(checked.toString(StandardCharsets.UTF_8).startsWith(file + ": valid, 2 groups"),
        checked.toString(StandardCharsets.UTF_8));
    AgentConfig config = IpFailoverCli.load(yaml);
    assertEquals(List.of("ipfailover_VIP_1", "ipfailover_VIP_2"), config.groups().stream()
        .map(g -> g.group().name()).toList());

    // the default TCP check loads too
    env.remove("OPENSHIFT_HA_CHECK_SCRIPT");
    String tcp = IpFailoverGenerator.yaml(IpFailoverEnvironment.read(env), node("10.0.0.11"));
    assertTrue(tcp.contains("tcp: \"10.0.0.11:30060\""), tcp);
    assertEquals(2, IpFailoverCli.load(tcp).groups().size());
  }

  @Test
  void invalidVariablesExitOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = IpFailoverCli.run(new String[] {"--print-config"}, Map.of("OPENSHIFT_HA_VIP_GROUPS", "x"),
        network(Set.of("eth0"), null), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Agent.INVALID_CONFIG, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("2 problems"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theModeIsChosenByTheCommandLineOrTheVariables() {
    Map<String, String> env = Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.1");
    assertTrue(IpFailoverCli.accepts(new String[0], env));
    assertFalse(IpFailoverCli.accepts(new String[0], Map.of()));
    assertTrue(IpFailoverCli.accepts(new String[] {"--from-env"}, Map.of()));
    assertTrue(IpFailoverCli.accepts(new String[] {"--print-config"}, Map.of()));
    assertFalse(IpFailoverCli.accepts(new String[] {"--config", "agent.yaml"}, env));
  }

  @Test
  void firewallRulesAreAddedAndRemoved() throws Exception {
    List<String> ran = new ArrayList<>();
    List<String> log = new ArrayList<>();
    Map<String, Integer> codes = new HashMap<>(Map.of("iptables -w -C INPUT -p 112 -j ACCEPT", 1));
    IpFailoverFirewall.Commands commands = new IpFailoverFirewall.Commands() {
      @Override
      public int run(List<String> command) {
        ran.add(String.join(" ", command));
        return codes.getOrDefault(String.join(" ", command), 0);
      }

      @Override
      public boolean installed(String program) {
        return true;
      }
    };
    Map<String, String> env = new HashMap<>(Map.of("OPENSHIFT_HA_VIRTUAL_IPS", "10.0.0.1",
        "OPENSHIFT_HA_IPTABLES_CHAIN", "INPUT"));
    IpFailoverFirewall.open(IpFailoverEnvironment.read(env), commands, log::add).close();
    assertEquals(List.of("iptables -w -n -L INPUT", "iptables -w -C INPUT -p 112 -j ACCEPT",
        "iptables -w -I INPUT 1 -p 112 -j ACCEPT", "iptables -w -D INPUT -p 112 -j ACCEPT"), ran);
    // a chain that does not exist is not created
    ran.clear();
    codes.put("iptables -w -n -L INPUT", 1);
    IpFailoverFirewall.open(IpFailoverEnvironment.read(env), commands, log::add).close();
    assertEquals(List.of("iptables -w -n -L INPUT"), ran);
    assertTrue(log.contains("firewall: iptables chain INPUT does not exist; no rule added (as ipfailover)"), log.toString());
    // OPENSHIFT_HA_NFTABLES_RULE: a table of its own, deleted at exit
    ran.clear();
    env.put("OPENSHIFT_HA_NFTABLES_RULE", "true");
    IpFailoverFirewall.open(IpFailoverEnvironment.read(env), commands, log::add).close();
    assertEquals(List.of("nft delete table inet failover4j_ipfailover", "nft add table inet failover4j_ipfailover",
        "nft add chain inet failover4j_ipfailover input { type filter hook input priority 0 ; policy accept ; }",
        "nft add rule inet failover4j_ipfailover input meta l4proto 112 accept",
        "nft delete table inet failover4j_ipfailover"), ran);
  }
}
