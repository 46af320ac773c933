package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The groups OpenShift ipfailover's keepalived.conf generator would write on this node, as the
 * agent's YAML. Facts from openshift/images (commit 13118bff), {@code ipfailover/keepalived/lib/
 * config-generators.sh generate_failover_config} unless said otherwise:
 *
 * <ul>
 *   <li>the VIPs ({@code expand_ip_ranges}) are cut into groups in order: with {@code VIP_GROUPS}
 *       = G &gt; 0, each takes {@code N / G} VIPs and the first {@code N % G} one more, as long as
 *       VIPs remain (so never more groups than VIPs); otherwise one VIP per group;
 *   <li>group {@code i} (from 1) is {@code vrrp_instance <scrubbed name>_VIP_<i>} with
 *       {@code virtual_router_id offset + i}, VRIDs of {@code HA_EXCLUDED_VRRP_IDS} skipped by
 *       raising the offset for this and every later group ({@code generate_vrrpd_instance_config});
 *   <li>priorities come from the last octet of the interface's IPv4 address: {@code slot = octet %
 *       128}, {@code idx = slot % replicas + 1}; group {@code i} is a "master" group when {@code i %
 *       idx == 0}: priority {@code 255 - slot}, or {@code slot + 1} when the previous master group
 *       of this node took {@code 255 - slot} (a flip-flop); other groups {@code slot % 64 +
 *       $RANDOM % 32}; a master group gets {@code state MASTER} unless {@code nopreempt};
 *   <li>every group: {@code authentication { auth_type PASS; auth_pass CONFIG_NAME }} (VRRPv2,
 *       keepalived's default), the {@code PREEMPTION} line, {@code track_script { chk_NAME }},
 *       {@code notify NOTIFY_SCRIPT}, {@code unicast_src_ip}/{@code unicast_peer}, and {@code VIP dev
 *       IF} (a /32 or /128);
 *   <li>{@code vrrp_script chk_NAME}: the {@code CHECK_SCRIPT}, else {@code </dev/tcp/NODE_IP/PORT}
 *       (a TCP connect to the node's own address), or {@code true} for port 0; {@code interval
 *       CHECK_INTERVAL}, no weight (0: FAULT while failing), keepalived's rise, fall 1 and timeout
 *       = interval.
 * </ul>
 *
 * <p>Where failover4j differs (see the README): the random 0..31 is a fixed 16; a priority 255 is
 * 254; a master group's {@code preempt_delay} is dropped as keepalived drops it with {@code state
 * MASTER} ("preempt delay will not work with initial state MASTER - clearing"); the node's own
 * address is left out of the peers.
 */
final class IpFailoverGenerator {
  /** What the generator uses instead of {@code $RANDOM % 32}: the middle of its range. */
  static final int RANDOM_OFFSET = 16;
  /** keepalived's garp_master_repeat default. */
  static final int GARP_REPEAT = 5;
  /** utils.sh get_network_device: tried after OPENSHIFT_HA_NETWORK_INTERFACE, in this order. */
  static final List<String> FALLBACK_INTERFACES = List.of("enp0s3", "enp0s8", "eth1", "ens3");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The node: the interface VRRP runs on and its IPv4 address, which the priorities come from. */
  record NodeFacts(String interfaceName, Inet4Address address) {}

  /** What the node's network is asked, so that tests can answer it. */
  interface Network {
    boolean exists(String interfaceName);

    /** The interface of the IPv4 default route ({@code ip route get 8.8.8.8} in the image). */
    Optional<String> defaultRouteInterface();

    /** The interface's primary IPv4 address (what {@code ifconfig} shows). */
    Optional<Inet4Address> ipv4(String interfaceName);

    /** The host's. */
    Network SYSTEM = new Network() {
      @Override
      public boolean exists(String interfaceName) {
        try {
          return NetworkInterface.getByName(interfaceName) != null;
        } catch (SocketException e) {
          return false;
        }
      }

      @Override
      public Optional<String> defaultRouteInterface() {
        try {
          // Iface Destination Gateway ...: the default route has destination 00000000
          return Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).map(l -> l.trim().split("\\s+"))
              .filter(f -> f.length > 2 && f[1].equals("00000000")).map(f -> f[0]).findFirst();
        } catch (IOException e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<Inet4Address> ipv4(String interfaceName) {
        try {
          NetworkInterface nic = NetworkInterface.getByName(interfaceName);
          if (nic == null) {
            return Optional.empty();
          }
          // the kernel lists the primary first, the VIPs this node may still hold after it
          List<InetAddress> all = Collections.list(nic.getInetAddresses());
          Collections.reverse(all); // Java lists them last first
          return all.stream().filter(a -> a instanceof Inet4Address).map(a -> (Inet4Address) a).findFirst();
        } catch (SocketException e) {
          return Optional.empty();
        }
      }
    };
  }

  /** A generated group, for tests and the log. */
  record Group(String name, int vrid, int priority, boolean masterType, boolean preempt, Duration preemptDelay,
      List<InetAddress> virtualIps) {}

  private IpFailoverGenerator() {}

  /**
   * Finds the node's interface and address as utils.sh get_network_device and
   * get_device_ip_address do, or takes them from {@value IpFailoverEnvironment#NODE_ADDRESS}.
   *
   * @param env the variables
   * @param network the node's network
   * @param warnings where a fallback is told
   * @return the node
   * @throws ConfigurationException if there is no interface or no IPv4 address on it
   */
  static NodeFacts node(IpFailoverEnvironment env, Network network, List<String> warnings) {
    if (env.nodeAddress.isPresent()) {
      return new NodeFacts(env.networkInterface.orElseThrow(), (Inet4Address) env.nodeAddress.get());
    }
    List<String> candidates = new ArrayList<>();
    env.networkInterface.ifPresent(candidates::add);
    candidates.addAll(FALLBACK_INTERFACES);
    Optional<String> found = candidates.stream().filter(network::exists).findFirst().or(network::defaultRouteInterface);
    String name = IpFailoverEnvironment.PREFIX + "NETWORK_INTERFACE";
    if (found.isEmpty()) {
      throw new ConfigurationException("OpenShift ipfailover variables", List.of(name + ": "
          + env.networkInterface.map(i -> i + " does not exist").orElse("unset") + ", none of "
          + FALLBACK_INTERFACES + " exists and there is no default route (expected: the interface for VRRP)"));
    }
    String chosen = found.get();
    if (env.networkInterface.isPresent() && !env.networkInterface.get().equals(chosen)) {
      warnings.add(name + ": " + env.networkInterface.get() + " does not exist; using " + chosen
          + ", as ipfailover's get_network_device does");
    }
    Inet4Address address = network.ipv4(chosen).orElseThrow(() -> new ConfigurationException(
        "OpenShift ipfailover variables", List.of(name + ": " + chosen + " has no IPv4 address (expected: one;"
            + " ipfailover derives the priorities and the TCP check's address from it)")));
    return new NodeFacts(chosen, address);
  }

  /**
   * The groups, as generate_failover_config numbers and ranks them.
   *
   * @param env the variables
   * @param node the node
   * @return the groups
   * @throws ConfigurationException if a VRID falls outside 1..255, or the peers are only this node
   */
  static List<Group> groups(IpFailoverEnvironment env, NodeFacts node) {
    List<String> problems = new ArrayList<>();
    int slot = slot(node);
    int idx = slot % env.replicaCount + 1;
    String base = scrub(env.configName) + "_VIP_";
    List<InetAddress> vips = env.virtualIps;
    int perGroup = 1;
    int extra = 0;
    if (env.vipGroups > 0) {
      perGroup = vips.size() / env.vipGroups;
      extra = vips.size() % env.vipGroups;
    }
    List<Group> groups = new ArrayList<>();
    int offset = env.vrrpIdOffset;
    String previous = "none";
    int taken = 0;
    for (int counter = 1; taken < vips.size(); counter++) {
      int count = perGroup;
      if (extra > 0) {
        count++;
        extra--;
      }
      List<InetAddress> members = vips.subList(taken, Math.min(vips.size(), taken + count));
      taken += count;
      while (env.excludedVrids.contains(offset + counter)) {
        offset++;
      }
      int vrid = offset + counter;
      int priority = slot % 64 + RANDOM_OFFSET;
      boolean master = false;
      if (counter % idx == 0) {
        master = env.preemptDelay.isPresent(); // nopreempt: never state MASTER
        if (previous.equals("master")) {
          priority = slot + 1;
          previous = "flip-flop";
        } else {
          priority = 255 - slot;
          previous = master ? "master" : "slave";
        }
      }
      if (vrid < 1 || vrid > 255) {
        problems.add("OPENSHIFT_HA_VRRP_ID_OFFSET: " + env.vrrpIdOffset + " gives VRID " + vrid + " to " + base
            + counter + " (expected: VRIDs 1..255; fewer groups, OPENSHIFT_HA_VIP_GROUPS, or a lower offset)");
      }
      if (members.stream().map(a -> a instanceof Inet4Address).distinct().count() > 1) {
        problems.add("OPENSHIFT_HA_VIRTUAL_IPS: " + base + counter + " would hold IPv4 and IPv6 addresses "
            + members.stream().map(InetAddress::getHostAddress).toList() + " (expected: one family per group;"
            + " set OPENSHIFT_HA_VIP_GROUPS so that they fall apart)");
      }
      // keepalived clears preempt_delay (and nopreempt) of a state MASTER instance
      Duration delay = master ? Duration.ZERO : env.preemptDelay.orElse(Duration.ZERO);
      groups.add(new Group(base + counter, vrid, Math.min(254, Math.max(1, priority)), master,
          env.preemptDelay.isPresent(), delay, List.copyOf(members)));
    }
    if (!env.unicastPeers.isEmpty() && peers(env, node).isEmpty()) {
      problems.add("OPENSHIFT_HA_UNICAST_PEERS: only this node's address " + node.address().getHostAddress()
          + " (expected: the other nodes too)");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("OpenShift ipfailover variables", problems);
    }
    return groups;
  }

  private static int slot(NodeFacts node) {
    return (node.address().getAddress()[3] & 0xff) % 128;
  }

  /** The peers, without the node's own address (nor the unicast source): a node does not advertise to itself. */
  static List<InetAddress> peers(IpFailoverEnvironment env, NodeFacts node) {
    return env.unicastPeers.stream().filter(p -> !p.equals(node.address()) && !env.unicastSource.map(p::equals)
        .orElse(false)).toList();
  }

  /** utils.sh scrub: only letters, digits, {@code -} and {@code _}, and {@code -} made {@code _}. */
  static String scrub(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "").replace('-', '_');
  }

  /** The name of the check: {@code chk_} and the config name with {@code -} made {@code _} (scrubbed here). */
  static String checkName(IpFailoverEnvironment env) {
    return "chk_" + scrub(env.configName);
  }

  /**
   * The agent's YAML for the groups: what {@code --print-config} prints and what the agent runs.
   *
   * @param env the variables
   * @param node the node
   * @return the YAML, loadable by {@link AgentConfig#load}
   */
  static String yaml(IpFailoverEnvironment env, NodeFacts node) {
    List<Group> groups = groups(env, node);
    StringBuilder y = new StringBuilder();
    y.append("# failover4j-agent: the groups OpenShift ipfailover's keepalived.conf generator writes on this node\n");
    y.append("# (").append(node.interfaceName()).append(", ").append(node.address().getHostAddress())
        .append(": priority slot ").append(slot(node)).append(", replicas ")
        .append(env.replicaCount).append(").\n");
    y.append("# authPassword is the config name's first 8 bytes, as keepalived's auth_pass: ipfailover sends it\n");
    y.append("# in clear text in every advertisement, and the group names carry the config name too.\n");
    boolean check = env.checkScript.isPresent() || env.monitorPort != 0;
    String checkName = checkName(env);
    if (check) {
      y.append("checks:\n  ").append(q(checkName)).append(": { ");
      if (env.checkScript.isPresent()) {
        y.append("script: ").append(q(env.checkScript.get()));
      } else {
        y.append("tcp: ").append(q(node.address().getHostAddress() + ":" + env.monitorPort));
      }
      y.append(", interval: ").append(duration(env.checkInterval)).append(" }\n");
    }
    y.append("groups:\n");
    List<InetAddress> peers = peers(env, node);
    String password = IpFailoverEnvironment.password(env.configName).orElseThrow();
    for (Group g : groups) {
      boolean v4 = g.virtualIps().get(0) instanceof Inet4Address;
      y.append("  - name: ").append(q(g.name())).append('\n');
      y.append("    interface: ").append(q(node.interfaceName())).append('\n');
      y.append("    vrid: ").append(g.vrid()).append('\n');
      y.append("    version: ").append(v4 ? 2 : 3).append('\n');
      y.append("    priority: ").append(g.priority()).append(g.masterType()
          ? "   # a \"master\" group: state MASTER in keepalived.conf, whose preempt_delay keepalived drops"
          : g.priority() == slot(node) % 64 + RANDOM_OFFSET ? "   # ipfailover: " + slot(node) % 64 + " + $RANDOM % 32"
          : "").append('\n');
      y.append("    advertInterval: 1s\n");
      y.append("    preempt: ").append(g.preempt()).append('\n');
      if (!g.preemptDelay().isZero()) {
        y.append("    preemptDelay: ").append(duration(g.preemptDelay())).append('\n');
      }
      if (v4) {
        y.append("    authPassword: ").append(q(password)).append('\n');
      }
      if (!peers.isEmpty()) {
        y.append("    unicast:\n");
        env.unicastSource.ifPresent(s -> y.append("      source: ").append(q(s.getHostAddress())).append('\n'));
        y.append("      peers: [").append(peers.stream().map(p -> q(p.getHostAddress())).collect(
            Collectors.joining(", "))).append("]\n");
      }
      y.append("    virtualIps: [").append(g.virtualIps().stream().map(a -> q(a.getHostAddress()
          + (a instanceof Inet4Address ? "/32" : "/128"))).collect(Collectors.joining(", "))).append("]\n");
      y.append("    garp: { repeat: ").append(GARP_REPEAT).append(" }\n");
      if (check) {
        y.append("    track: { checks: [").append(q(checkName)).append("] }\n");
      }
      env.notifyScript.ifPresent(s -> y.append("    notify: { any: ").append(q(s)).append(" }\n"));
    }
    return y.toString();
  }

  /** A YAML double-quoted scalar: a JSON string is one. */
  private static String q(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String duration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
