package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code OPENSHIFT_HA_*} variables of an OpenShift ipfailover Deployment, read as the image's
 * {@code ipfailover/keepalived/conf/settings.sh} reads them (same names, same defaults: an empty
 * value is an unset one), and judged all at once: every problem names its variable. The config
 * name is also the VRRP password (keepalived's {@code auth_pass}): no problem ever shows it.
 *
 * <p>Facts of openshift/images (commit 13118bff, 2026-07-25) this follows: settings.sh defaults
 * (config name {@code OpenShift-IPFailover}, monitor port 80, replica count 1, VRID offset 10, check
 * interval 2, {@code preempt_delay 300}); {@code utils.sh expand_ip_ranges} (comma-separated
 * addresses and ranges in the last IPv4 octet or the last IPv6 group); {@code config-generators.sh}
 * (the rest, see {@link IpFailoverGenerator}).
 */
final class IpFailoverEnvironment {
  static final String PREFIX = "OPENSHIFT_HA_";
  static final String VIRTUAL_IPS = PREFIX + "VIRTUAL_IPS";
  static final String CONFIG_NAME = PREFIX + "CONFIG_NAME";
  /** Not ipfailover's: the node's address and interface without looking them up (a review elsewhere, tests). */
  static final String NODE_ADDRESS = "FAILOVER4J_HA_NODE_ADDRESS";

  /** Every variable the image reads (settings.sh), and the documented one it does not (USE_UNICAST). */
  static final List<String> KNOWN = List.of("CONFIG_NAME", "SELECTOR", "VIRTUAL_IPS", "VIP_GROUPS",
      "NETWORK_INTERFACE", "MONITOR_PORT", "REPLICA_COUNT", "VRRP_ID_OFFSET", "NFTABLES_RULE", "IPTABLES_CHAIN",
      "CHECK_SCRIPT", "NOTIFY_SCRIPT", "CHECK_INTERVAL", "PREEMPTION", "UNICAST_PEERS", "USE_UNICAST",
      "ADMIN_EMAILS", "SMTP_SERVER");

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,6}(\\.\\d{1,3})?");
  private static final Pattern PREEMPT_DELAY = Pattern.compile("preempt_delay\\s+(\\S+)");
  private static final Pattern CHAIN = Pattern.compile("[A-Za-z0-9_.-]{1,28}");
  private static final Pattern INTERFACE = Pattern.compile("[^\\s/]{1,15}");

  final String configName;
  final List<InetAddress> virtualIps;
  final int vipGroups;
  final Optional<String> networkInterface;
  final int monitorPort;
  final int replicaCount;
  final int vrrpIdOffset;
  final Set<Integer> excludedVrids;
  final Optional<String> checkScript;
  final Optional<String> notifyScript;
  final Duration checkInterval;
  /** Empty for {@code nopreempt}. */
  final Optional<Duration> preemptDelay;
  final List<InetAddress> unicastPeers;
  final Optional<InetAddress> unicastSource;
  /** Where VRRP is to be let in: {@code OPENSHIFT_HA_NFTABLES_RULE} or {@code OPENSHIFT_HA_IPTABLES_CHAIN}. */
  final Optional<String> iptablesChain;
  final boolean nftablesRule;
  final Optional<InetAddress> nodeAddress;
  final List<String> warnings;

  private IpFailoverEnvironment(Reading r) {
    configName = r.configName;
    virtualIps = List.copyOf(r.virtualIps);
    vipGroups = r.vipGroups;
    networkInterface = r.networkInterface;
    monitorPort = r.monitorPort;
    replicaCount = r.replicaCount;
    vrrpIdOffset = r.vrrpIdOffset;
    excludedVrids = Set.copyOf(r.excluded);
    checkScript = r.checkScript;
    notifyScript = r.notifyScript;
    checkInterval = r.checkInterval;
    preemptDelay = r.preemptDelay;
    unicastPeers = List.copyOf(r.peers);
    unicastSource = r.unicastSource;
    iptablesChain = r.chain;
    nftablesRule = r.nftables;
    nodeAddress = r.nodeAddress;
    warnings = List.copyOf(r.warnings);
  }

  /** Whether the agent runs from the environment without being told: ipfailover's one required variable is set. */
  static boolean present(Map<String, String> env) {
    return value(env, VIRTUAL_IPS).isPresent();
  }

  /** The value of a variable, empty when unset or blank (bash's {@code ${X:-default}}). */
  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** What is being read. */
  private static final class Reading {
    final Map<String, String> env;
    final List<String> problems = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String configName;
    List<InetAddress> virtualIps = new ArrayList<>();
    int vipGroups;
    Optional<String> networkInterface;
    int monitorPort = 80;
    int replicaCount = 1;
    int vrrpIdOffset = 10;
    Set<Integer> excluded = new TreeSet<>();
    Optional<String> checkScript;
    Optional<String> notifyScript;
    Duration checkInterval = Duration.ofSeconds(2);
    Optional<Duration> preemptDelay = Optional.of(Duration.ofSeconds(300));
    List<InetAddress> peers = new ArrayList<>();
    Optional<InetAddress> unicastSource = Optional.empty();
    Optional<String> chain = Optional.empty();
    boolean nftables;
    Optional<InetAddress> nodeAddress = Optional.empty();

    Reading(Map<String, String> env) {
      this.env = env;
    }

    void problem(String variable, String text) {
      problems.add(variable + ": " + text);
    }

    /** A whole number, or a problem showing the value. */
    Optional<Integer> integer(String variable, String text, String expected) {
      if (text.matches("-?\\d{1,9}")) {
        return Optional.of(Integer.valueOf(text));
      }
      problem(variable, "\"" + text + "\" (expected: " + expected + ")");
      return Optional.empty();
    }
  }

  /**
   * Reads the variables.
   *
   * @param env the environment
   * @return the settings
   * @throws ConfigurationException listing every problem, each with its variable
   */
  static IpFailoverEnvironment read(Map<String, String> env) {
    Reading r = new Reading(env);
    r.configName = value(env, CONFIG_NAME).orElse("OpenShift-IPFailover");
    password(r.configName).ifPresentOrElse(p -> { }, () -> r.problem(CONFIG_NAME,
        "its first 8 bytes, keepalived's auth_pass, end inside a character (expected: a name whose first"
            + " 8 bytes are whole characters, as Deployment names are)"));
    virtualIps(r);
    value(env, PREFIX + "VIP_GROUPS").ifPresent(v -> r.integer(PREFIX + "VIP_GROUPS", v,
        "a whole number of groups; unset or 0: one group per address").ifPresent(n -> r.vipGroups = Math.max(0, n)));
    r.networkInterface = value(env, PREFIX + "NETWORK_INTERFACE");
    r.networkInterface.filter(n -> !INTERFACE.matcher(n).matches()).ifPresent(n -> r.problem(PREFIX
        + "NETWORK_INTERFACE", "\"" + n + "\" (expected: an interface name of 1..15 characters, e.g. eth0)"));
    value(env, PREFIX + "MONITOR_PORT").ifPresent(v -> r.integer(PREFIX + "MONITOR_PORT", v,
        "a TCP port 1..65535, or 0 for no check").ifPresent(p -> {
          if (p < 0 || p > 65535) {
            r.problem(PREFIX + "MONITOR_PORT", p + " (expected: a TCP port 1..65535, or 0 for no check)");
          }
          r.monitorPort = p;
        }));
    // config-generators.sh generate_failover_config: a count that is not > 0 counts as 1
    value(env, PREFIX + "REPLICA_COUNT").ifPresent(v -> r.integer(PREFIX + "REPLICA_COUNT", v,
        "the Deployment's replicas, a whole number").ifPresent(n -> r.replicaCount = Math.max(1, n)));
    value(env, PREFIX + "VRRP_ID_OFFSET").ifPresent(v -> r.integer(PREFIX + "VRRP_ID_OFFSET", v, "0..254")
        .ifPresent(n -> {
          if (n < 0 || n > 254) {
            r.problem(PREFIX + "VRRP_ID_OFFSET", n + " (expected: 0..254; the first VRID is the offset + 1)");
          }
          r.vrrpIdOffset = n;
        }));
    // read by config-generators.sh generate_vrrpd_instance_config from the environment as it is
    value(env, "HA_EXCLUDED_VRRP_IDS").ifPresent(v -> {
      for (String id : v.split("\\s+")) {
        r.integer("HA_EXCLUDED_VRRP_IDS", id, "VRIDs separated by spaces").ifPresent(r.excluded::add);
      }
    });
    r.checkScript = value(env, PREFIX + "CHECK_SCRIPT");
    r.notifyScript = value(env, PREFIX + "NOTIFY_SCRIPT");
    value(env, PREFIX + "CHECK_INTERVAL").ifPresent(v -> {
      if (DECIMAL.matcher(v).matches() && new BigDecimal(v).signum() > 0) {
        r.checkInterval = Duration.ofMillis(new BigDecimal(v).movePointRight(3).longValueExact());
      } else {
        r.problem(PREFIX + "CHECK_INTERVAL", "\"" + v + "\" (expected: seconds > 0, e.g. 2 or 0.5)");
      }
    });
    preemption(r, value(env, PREFIX + "PREEMPTION").orElse("preempt_delay 300"));
    unicast(r);
    firewall(r);
    value(env, "MULTICAST_SOURCE_IPADDRESS").ifPresent(v -> r.problem("MULTICAST_SOURCE_IPADDRESS",
        "set (expected: unset; keepalived's mcast_src_ip is not supported by failover4j)"));
    value(env, NODE_ADDRESS).ifPresent(v -> literal(r, NODE_ADDRESS, v).ifPresent(a -> {
      if (a instanceof Inet4Address) {
        r.nodeAddress = Optional.of(a);
      } else {
        r.problem(NODE_ADDRESS, v + " (expected: the node's IPv4 address, as ipfailover derives priorities from it)");
      }
    }));
    if (r.nodeAddress.isPresent() && r.networkInterface.isEmpty()) {
      r.problem(PREFIX + "NETWORK_INTERFACE", "unset with " + NODE_ADDRESS
          + " (expected: the interface, which is not looked up when the node's address is given)");
    }
    for (String ignored : List.of("SELECTOR", "ADMIN_EMAILS", "SMTP_SERVER")) {
      value(env, PREFIX + ignored).ifPresent(v -> r.warnings.add(PREFIX + ignored
          + " ignored: ipfailover's keepalived.conf has no smtp_alert, so it sends no mail either"
          + (ignored.equals("SELECTOR") ? " (the selector is the Deployment's, not the pod's)" : "")));
    }
    env.keySet().stream().filter(k -> k.startsWith(PREFIX) && !KNOWN.contains(k.substring(PREFIX.length())))
        .sorted().forEach(k -> r.warnings.add(k + " ignored: not a variable of ipfailover"));
    if (!r.problems.isEmpty()) {
      throw new ConfigurationException("OpenShift ipfailover variables", r.problems);
    }
    return new IpFailoverEnvironment(r);
  }

  /**
   * The VRRP password ipfailover's keepalived sends: {@code auth_pass CONFIG_NAME} (config-generators.sh
   * generate_authentication_info), of which keepalived's parser keeps the first word and its first 8 bytes.
   *
   * @param configName the config name
   * @return the password; empty if its 8 bytes do not end on a character
   */
  static Optional<String> password(String configName) {
    String word = configName.strip().split("\\s+")[0];
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 8) {
      return Optional.of(word);
    }
    String cut = new String(Arrays.copyOf(bytes, 8), StandardCharsets.UTF_8);
    return cut.getBytes(StandardCharsets.UTF_8).length == 8 && !cut.contains("\uFFFD") ? Optional.of(cut) : Optional.empty();
  }

  /** utils.sh expand_ip_ranges / expand_ipv4_range / expand_ipv6_range, with a problem where they drop an entry. */
  private static void virtualIps(Reading r) {
    Optional<String> all = value(r.env, VIRTUAL_IPS);
    if (all.isEmpty()) {
      r.problem(VIRTUAL_IPS, "missing (expected: addresses and ranges, e.g. 1.2.3.4-6,1.2.3.9)");
      return;
    }
    Set<InetAddress> seen = new LinkedHashSet<>();
    for (String raw : all.get().split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      List<InetAddress> expanded = expand(r, entry);
      for (InetAddress a : expanded) {
        if (!seen.add(a)) {
          r.problem(VIRTUAL_IPS, a.getHostAddress() + " listed twice (expected: each address once)");
        }
      }
    }
    if (seen.isEmpty() && r.problems.stream().noneMatch(p -> p.startsWith(VIRTUAL_IPS))) {
      r.problem(VIRTUAL_IPS, "no address (expected: addresses and ranges, e.g. 1.2.3.4-6,1.2.3.9)");
    }
    r.virtualIps.addAll(seen);
  }

  private static List<InetAddress> expand(Reading r, String entry) {
    String expected = " (expected: an address, or a range in its last part: 1.2.3.4-6, 2001:db8::a-f)";
    int dash = entry.indexOf('-');
    String first = dash < 0 ? entry : entry.substring(0, dash);
    Optional<InetAddress> start = literal(r, null, first);
    if (start.isEmpty() || first.contains("/")) {
      r.problem(VIRTUAL_IPS, "\"" + entry + "\"" + expected);
      return List.of();
    }
    if (dash < 0) {
      return List.of(start.get());
    }
    String last = entry.substring(dash + 1);
    boolean v4 = start.get() instanceof Inet4Address;
    // the range's end is the last octet (group) of what follows the dash, as awk '{print $NF}' FS='.' takes it
    String endPart = v4 ? last.substring(last.lastIndexOf('.') + 1) : last.substring(last.lastIndexOf(':') + 1);
    String startPart = v4 ? first.substring(first.lastIndexOf('.') + 1) : first.substring(first.lastIndexOf(':') + 1);
    String base = first.substring(0, first.length() - startPart.length());
    if (last.contains(v4 ? "." : ":") && !last.startsWith(base)) {
      r.problem(VIRTUAL_IPS, "\"" + entry + "\"" + " (expected: a range within the last "
          + (v4 ? "octet" : "group") + ", e.g. " + base + startPart + "-" + (v4 ? "9" : "f") + ")");
      return List.of();
    }
    int radix = v4 ? 10 : 16;
    int max = v4 ? 255 : 0xffff;
    int from;
    int to;
    try {
      from = Integer.parseInt(startPart, radix);
      to = Integer.parseInt(endPart, radix);
    } catch (NumberFormatException e) {
      r.problem(VIRTUAL_IPS, "\"" + entry + "\"" + expected);
      return List.of();
    }
    if (to < from || to > max || endPart.length() > (v4 ? 3 : 4)) {
      r.problem(VIRTUAL_IPS, "\"" + entry + "\" (expected: a range whose end is " + (v4 ? "" : "hex ")
          + (v4 ? from : Integer.toHexString(from)) + ".." + (v4 ? max : "ffff") + ")");
      return List.of();
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      literal(r, VIRTUAL_IPS, base + (v4 ? Integer.toString(n) : Integer.toHexString(n))).ifPresent(addresses::add);
    }
    return addresses;
  }

  /** An IP literal, never looked up; a problem of the variable if given one. */
  private static Optional<InetAddress> literal(Reading r, String variable, String text) {
    boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        && Arrays.stream(text.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
    boolean v6 = text.contains(":") && text.matches("[0-9a-fA-F:.]+");
    if (v4 || v6) {
      try {
        return Optional.of(InetAddress.getByName(text)); // a literal: no lookup
      } catch (UnknownHostException e) {
        // below
      }
    }
    if (variable != null) {
      r.problem(variable, "\"" + text + "\" (expected: an IPv4 or IPv6 address)");
    }
    return Optional.empty();
  }

  /** settings.sh PREEMPTION, written into every vrrp_instance as it is: {@code nopreempt} or {@code preempt_delay N}. */
  private static void preemption(Reading r, String text) {
    String name = PREFIX + "PREEMPTION";
    if (text.equals("nopreempt")) {
      r.preemptDelay = Optional.empty();
      return;
    }
    Matcher m = PREEMPT_DELAY.matcher(text);
    if (m.matches() && DECIMAL.matcher(m.group(1)).matches() && new BigDecimal(m.group(1)).compareTo(
        BigDecimal.valueOf(1000)) <= 0) {
      r.preemptDelay = Optional.of(Duration.ofMillis(new BigDecimal(m.group(1)).movePointRight(3).longValueExact()));
      return;
    }
    r.problem(name, "\"" + text + "\" (expected: nopreempt, or preempt_delay SECONDS with 0..1000 seconds)");
  }

  /**
   * settings.sh UNICAST_PEERS and config-generators.sh generate_mucast_options: peers make the
   * instances unicast, whatever OPENSHIFT_HA_USE_UNICAST says (the image never reads it).
   */
  private static void unicast(Reading r) {
    String name = PREFIX + "UNICAST_PEERS";
    value(r.env, name).ifPresent(v -> {
      for (String raw : v.split(",")) {
        if (!raw.isBlank()) {
          literal(r, name, raw.strip()).ifPresent(a -> {
            if (r.peers.contains(a)) {
              r.problem(name, a.getHostAddress() + " listed twice (expected: each address once)");
            } else {
              r.peers.add(a);
            }
          });
        }
      }
    });
    Optional<String> use = value(r.env, PREFIX + "USE_UNICAST");
    use.filter(u -> !u.equalsIgnoreCase("true") && !u.equalsIgnoreCase("false")).ifPresent(u ->
        r.problem(PREFIX + "USE_UNICAST", "\"" + u + "\" (expected: true or false)"));
    if (use.filter(u -> u.equalsIgnoreCase("true")).isPresent() && r.peers.isEmpty()) {
      r.warnings.add(PREFIX + "USE_UNICAST=true without " + name + ": multicast, as ipfailover's image does"
          + " (it never reads USE_UNICAST; the peers alone make it unicast)");
    }
    if (use.filter(u -> u.equalsIgnoreCase("false")).isPresent() && !r.peers.isEmpty()) {
      r.warnings.add(PREFIX + "USE_UNICAST=false with " + name + ": unicast, as ipfailover's image does"
          + " (it never reads USE_UNICAST; the peers alone make it unicast)");
    }
    value(r.env, "UNICAST_SOURCE_IPADDRESS").ifPresent(v -> literal(r, "UNICAST_SOURCE_IPADDRESS", v).ifPresent(a -> {
      if (r.peers.isEmpty()) {
        r.warnings.add("UNICAST_SOURCE_IPADDRESS ignored: no " + name + ", so VRRP is multicast");
      } else {
        r.unicastSource = Optional.of(a);
      }
    }));
  }

  /** settings.sh HA_MULTICAST_ACCEPT: OPENSHIFT_HA_NFTABLES_RULE, else the deprecated OPENSHIFT_HA_IPTABLES_CHAIN. */
  private static void firewall(Reading r) {
    r.nftables = value(r.env, PREFIX + "NFTABLES_RULE").isPresent();
    r.chain = value(r.env, PREFIX + "IPTABLES_CHAIN");
    r.chain.filter(c -> !CHAIN.matcher(c).matches()).ifPresent(c -> r.problem(PREFIX + "IPTABLES_CHAIN",
        "\"" + c + "\" (expected: an iptables chain name such as INPUT)"));
  }
}
