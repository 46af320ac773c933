package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.failover4j.agent.KeepalivedConf.Item;
import io.github.failover4j.agent.KeepalivedConf.Position;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code failover4j-agent import-keepalived FILE}: a keepalived.conf (with the files it includes) as
 * the agent's YAML. Every option the agent has is carried over; every other one is listed, with its
 * file and line, as {@code FILE:LINE: option (not supported: why)}, and the exit code is 1, the
 * YAML of the rest still printed. keepalived's defaults that differ from the agent's are written out
 * (VRRPv2 unless the file says 3; priority 255 for {@code state MASTER} without a priority). The
 * password of {@code auth_pass} goes into the YAML, as it is in keepalived.conf, and never into a
 * message.
 */
final class KeepalivedImport {
  static final String COMMAND = "import-keepalived";
  static final String USAGE = "usage: failover4j-agent import-keepalived FILE   print keepalived.conf FILE as the"
      + " agent's YAML";

  /**
   * What a file converts to.
   *
   * @param yaml the agent's configuration
   * @param unsupported what was not carried over, each {@code FILE:LINE: option (not supported: why)}
   */
  record Result(String yaml, List<String> unsupported) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@+-]*");
  private static final Pattern YAML_WORDS = Pattern.compile(
      "(?i)y|n|yes|no|on|off|true|false|null|~");

  /** Keywords with nothing to carry over: they change nothing the agent does differently. */
  private static final Set<String> IGNORED_GLOBAL = Set.of("router_id", "enable_script_security",
      "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr");
  private static final Set<String> IGNORED_INSTANCE = Set.of("accept", "check_unicast_src", "skip_check_adv_addr",
      "unicast_fault_no_peer", "native_ipv6", "debug");

  /** A {@code vrrp_script} or a {@code vrrp_track_process}: a check, and the weight its trackers default to. */
  private static final class Script {
    final Item item;
    final Map<String, String> keys = new LinkedHashMap<>();
    int weight;
    boolean reverse;

    Script(Item item, int weight) {
      this.item = item;
      this.weight = weight;
    }
  }

  /** A {@code vrrp_track_file}. */
  private record TrackFile(String path, int weight) {}

  /** One item of a {@code track_*} block. */
  private record Tracker(String name, int weight, boolean reverse, Position at) {}

  /** Notify scripts of an instance or a sync group. */
  private static final class Notify {
    final Map<String, String> scripts = new LinkedHashMap<>();
    String user;
    Position userAt;
  }

  /** A {@code vrrp_instance} being converted. */
  private static final class Instance {
    final Item item;
    final String name;
    String iface;
    String vrid;
    Integer priority;
    boolean master;
    String advert;
    Integer version;
    Boolean preempt;
    String preemptDelay;
    String unicastSource;
    final List<String> peers = new ArrayList<>();
    boolean ttlRange;
    String password;
    boolean passwordTruncated;
    final List<String[]> vips = new ArrayList<>();
    Integer garpRepeat;
    String garpRefresh;
    Boolean lowerPrioNoAdvert;
    boolean rfc9568;
    final List<Tracker> checks = new ArrayList<>();
    final List<Tracker> interfaces = new ArrayList<>();
    final List<Tracker> files = new ArrayList<>();
    final Notify notify = new Notify();
    final List<String> comments = new ArrayList<>();

    Instance(Item item) {
      this.item = item;
      this.name = item.arg(0);
    }

    boolean ipv6() {
      return !vips.isEmpty() && vips.get(0)[0].contains(":");
    }
  }

  /** A {@code vrrp_sync_group} being converted. */
  private static final class Sync {
    final String name;
    final Item item;
    final List<String> groups = new ArrayList<>();
    final Notify notify = new Notify();
    final List<Tracker> checks = new ArrayList<>();
    final List<Tracker> interfaces = new ArrayList<>();
    final List<Tracker> files = new ArrayList<>();
    boolean trackingWeight;

    Sync(Item item) {
      this.item = item;
      this.name = item.arg(0);
    }
  }

  private final Path file;
  private final List<String> unsupported = new ArrayList<>();
  private final Map<String, Script> scripts = new LinkedHashMap<>();
  private final Map<String, TrackFile> trackFiles = new HashMap<>();
  private final List<Instance> instances = new ArrayList<>();
  private final List<Sync> syncs = new ArrayList<>();
  private final Map<String, String> garpIntervals = new HashMap<>();
  private final Map<String, String> gnaIntervals = new HashMap<>();
  private Integer globalVersion;
  private String scriptUser;
  private String namespace;
  private Integer globalGarpRepeat;
  private String globalGarpRefresh;
  private String globalGarpInterval;
  private String globalGnaInterval;
  private boolean globalLowerPrioNoAdvert;

  private KeepalivedImport(Path file) {
    this.file = file;
  }

  /**
   * Runs {@code import-keepalived FILE}: the YAML on {@code out}, what was not carried over on
   * {@code err}.
   *
   * @param args the command line, {@code import-keepalived FILE}
   * @param out where the YAML goes
   * @param err where the options not carried over go
   * @return 0 if everything was carried over, 1 if not (or the file cannot be read), 2 for a usage error
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println(USAGE);
      return Agent.USAGE;
    }
    Path file = Path.of(args[1]);
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      err.println(file + ": cannot read it");
      return Agent.INVALID_CONFIG;
    }
    Result result = convert(file);
    out.print(result.yaml());
    result.unsupported().forEach(err::println);
    if (result.unsupported().isEmpty()) {
      return Agent.OK;
    }
    err.println(file + ": " + result.unsupported().size() + (result.unsupported().size() == 1 ? " option" : " options")
        + " not carried over (listed above); the YAML holds the rest");
    return Agent.INVALID_CONFIG;
  }

  /**
   * Converts a keepalived.conf.
   *
   * @param file the file
   * @return the YAML and what was not carried over
   */
  static Result convert(Path file) {
    KeepalivedConf.Parsed parsed = KeepalivedConf.parse(file);
    KeepalivedImport conversion = new KeepalivedImport(file);
    conversion.unsupported.addAll(parsed.problems());
    conversion.read(parsed.items());
    String yaml = conversion.yaml();
    return new Result(yaml, List.copyOf(conversion.unsupported));
  }

  // ---- reading

  private void read(List<Item> items) {
    // global_defs first, then the definitions: keepalived resolves names after reading the whole file
    for (Item item : items) {
      switch (item.keyword()) {
        case "global_defs" -> globalDefs(item);
        case "net_namespace" -> namespace = item.arg(0);
        default -> { }
      }
    }
    for (Item item : items) {
      switch (item.keyword()) {
        case "global_defs", "net_namespace" -> { }
        case "vrrp_script" -> named(item).ifPresent(name -> scripts.put(name, script(item)));
        case "vrrp_track_process" -> named(item).ifPresent(name -> scripts.put(name, process(item)));
        case "vrrp_track_file", "track_file" -> named(item).ifPresent(name -> trackFile(name, item));
        case "garp_group" -> garpGroup(item);
        case "vrrp_instance", "vrrp_sync_group" -> { }
        default -> topLevel(item);
      }
    }
    for (Item item : items) {
      if (item.keyword().equals("vrrp_instance")) {
        named(item).ifPresent(name -> instances.add(instance(item)));
      } else if (item.keyword().equals("vrrp_sync_group")) {
        named(item).ifPresent(name -> syncs.add(sync(item)));
      }
    }
    for (Sync sync : syncs) {
      members(sync);
    }
    for (Instance instance : instances) {
      for (Tracker check : instance.checks) {
        if (!scripts.containsKey(check.name())) {
          unsupported(check.at(), "track_script " + check.name(), "not converted: no vrrp_script or"
              + " vrrp_track_process of that name");
        }
      }
    }
  }

  private Optional<String> named(Item item) {
    if (item.args().size() != 1 || !item.hasBlock()) {
      unsupported(item.at(), item.keyword(), "not converted: expected " + item.keyword() + " NAME { ... }");
      return Optional.empty();
    }
    return Optional.of(item.arg(0));
  }

  private void topLevel(Item item) {
    String why = switch (item.keyword()) {
      case "virtual_server", "virtual_server_group" -> "not supported: load balancing (LVS) is not the agent's";
      case "static_ipaddress", "static_routes", "static_rules" -> "not supported: static addresses, routes, rules";
      case "bfd_instance" -> "not supported: BFD";
      case "linkbeat_interfaces" -> "not supported: link state comes from netlink";
      case "interface_up_down_delays" -> "not supported: interface debouncing";
      case "track_group" -> "not supported: static track groups";
      default -> item.keyword().startsWith("$") ? "not supported: parameter substitution"
          : item.keyword().startsWith("@") ? "not supported: conditional configuration"
          : "not supported: unknown to the agent";
    };
    unsupported(item.at(), item.keyword().startsWith("$") ? "$" + item.keyword().substring(1).split("=", 2)[0]
        : describe(item, false), why);
  }

  private void globalDefs(Item block) {
    for (Item item : block.items()) {
      String key = item.keyword();
      switch (key) {
        case "vrrp_version" -> globalVersion = version(item);
        case "script_user" -> {
          scriptUser = item.arg(0);
          if (item.args().size() > 1) {
            unsupported(item.at(), "script_user group " + item.arg(1), "not supported: scripts run with the user's"
                + " own group");
          }
        }
        case "net_namespace" -> namespace = item.arg(0);
        case "vrrp_garp_master_repeat" -> globalGarpRepeat = integer(item);
        case "vrrp_garp_master_refresh" -> globalGarpRefresh = item.arg(0);
        case "vrrp_garp_interval" -> globalGarpInterval = item.arg(0);
        case "vrrp_gna_interval" -> globalGnaInterval = item.arg(0);
        case "vrrp_garp_master_delay" -> garpDelay(item);
        case "vrrp_min_garp" -> {
          if (bool(item)) {
            globalGarpRepeat = 1;
          }
        }
        case "vrrp_lower_prio_no_advert" -> globalLowerPrioNoAdvert = bool(item);
        case "vrrp_higher_prio_send_advert" -> notWhenTrue(item, "not supported: a master yields without an advert");
        case "vrrp_strict" -> unsupported(item.at(), key, "not supported: strict mode (no_accept, its checks)");
        case "notification_email", "notification_email_from", "smtp_server", "smtp_connect_timeout", "smtp_helo_name",
            "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker", "no_email_faults" ->
            unsupported(item.at(), key, "not supported: SMTP alerts (use a notify script)");
        case "notify_fifo", "vrrp_notify_fifo", "notify_fifo_script", "vrrp_notify_fifo_script" ->
            unsupported(item.at(), key, "not supported: notify FIFOs (notify scripts run in order)");
        case "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfcv2", "enable_snmp_rfcv3", "snmp_socket" ->
            unsupported(item.at(), key, "not supported: SNMP (SIGUSR1 logs the status)");
        case "enable_dbus", "dbus_service_name" -> unsupported(item.at(), key, "not supported: DBus");
        default -> {
          if (!IGNORED_GLOBAL.contains(key)) {
            unsupported(item.at(), describe(item, false), "not supported: unknown to the agent");
          }
        }
      }
    }
  }

  private Script script(Item block) {
    Script script = new Script(block, 0);
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "script" -> script.keys.put("script", String.join(" ", item.args()));
        case "interval" -> duration(item).ifPresent(d -> script.keys.put("interval", d));
        case "timeout" -> duration(item).ifPresent(d -> script.keys.put("timeout", d));
        case "rise" -> Optional.ofNullable(integer(item)).ifPresent(n -> script.keys.put("rise", n.toString()));
        case "fall" -> Optional.ofNullable(integer(item)).ifPresent(n -> script.keys.put("fall", n.toString()));
        case "weight" -> weight(item, script);
        case "user" -> {
          script.keys.put("user", item.arg(0));
          if (item.args().size() > 1) {
            unsupported(item.at(), "user group " + item.arg(1), "not supported: scripts run with the user's own group");
          }
        }
        case "init_fail" -> script.keys.put("startFailing", "true");
        default -> unsupported(item.at(), describe(item, false), "not supported: unknown to the agent");
      }
    }
    if (!script.keys.containsKey("script")) {
      unsupported(block.at(), "vrrp_script " + block.arg(0), "not converted: no script");
    } else if (!script.keys.containsKey("user") && scriptUser != null && !scriptUser.equals("root")) {
      script.keys.put("user", scriptUser);
    }
    return script;
  }

  private Script process(Item block) {
    Script process = new Script(block, 1);
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "process" -> {
          process.keys.put("name", item.arg(0));
          if (item.args().size() > 1) {
            process.keys.put("args", String.join(" ", item.args().subList(1, item.args().size())));
          }
        }
        case "quorum" -> Optional.ofNullable(integer(item)).ifPresent(n -> process.keys.put("quorum", n.toString()));
        case "quorum_max" -> Optional.ofNullable(integer(item))
            .ifPresent(n -> process.keys.put("quorumMax", n.toString()));
        case "weight" -> weight(item, process);
        default -> unsupported(item.at(), describe(item, false), switch (item.keyword()) {
          case "param_match" -> "not supported: args match exactly";
          case "fork_delay", "terminate_delay", "delay" -> "not supported: use the check's rise and fall";
          case "full_command" -> "not supported: the process name is matched";
          default -> "not supported: unknown to the agent";
        });
      }
    }
    if (!process.keys.containsKey("name")) {
      unsupported(block.at(), "vrrp_track_process " + block.arg(0), "not converted: no process");
    }
    return process;
  }

  private void weight(Item item, Script script) {
    Optional.ofNullable(integerArg(item, 0)).ifPresent(w -> script.weight = w);
    script.reverse = "reverse".equals(item.arg(1));
  }

  private void trackFile(String name, Item block) {
    String path = null;
    int weight = TrackReader.FILE_WEIGHT;
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "file" -> path = item.arg(0);
        case "weight" -> {
          weight = Optional.ofNullable(integerArg(item, 0)).orElse(weight);
          if ("reverse".equals(item.arg(1))) {
            unsupported(item.at(), "weight reverse", "not supported: a tracked file has no reverse");
          }
        }
        case "init_file" -> unsupported(item.at(), describe(item, false), "not supported: the file must exist");
        default -> unsupported(item.at(), describe(item, false), "not supported: unknown to the agent");
      }
    }
    if (path == null) {
      unsupported(block.at(), block.keyword() + " " + name, "not converted: no file");
    } else {
      trackFiles.put(name, new TrackFile(path, weight));
    }
  }

  private void garpGroup(Item block) {
    String garp = null;
    String gna = null;
    List<String> interfaces = new ArrayList<>();
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "garp_interval" -> garp = item.arg(0);
        case "gna_interval" -> gna = item.arg(0);
        case "interface" -> interfaces.add(item.arg(0));
        case "interfaces" -> item.items().forEach(i -> interfaces.add(i.keyword()));
        default -> unsupported(item.at(), describe(item, false), "not supported: unknown to the agent");
      }
    }
    for (String name : interfaces) {
      Optional.ofNullable(garp).ifPresent(value -> garpIntervals.put(name, value));
      Optional.ofNullable(gna).ifPresent(value -> gnaIntervals.put(name, value));
    }
    if (interfaces.size() > 1) {
      unsupported(block.at(), "garp_group interfaces", "not supported: the interval is per interface, not shared");
    }
  }

  private Instance instance(Item block) {
    Instance g = new Instance(block);
    // the interface first: an address's dev is judged against it, wherever the two are
    block.items().stream().filter(item -> item.keyword().equals("interface")).forEach(item -> g.iface = item.arg(0));
    for (Item item : block.items()) {
      String key = item.keyword();
      switch (key) {
        case "state" -> g.master = "MASTER".equals(item.arg(0));
        case "interface" -> g.iface = item.arg(0);
        case "virtual_router_id" -> g.vrid = Optional.ofNullable(integer(item)).map(String::valueOf).orElse(null);
        case "priority" -> g.priority = integer(item);
        case "advert_int" -> g.advert = item.arg(0);
        case "version" -> g.version = version(item);
        case "nopreempt" -> g.preempt = false;
        case "preempt" -> g.preempt = true;
        case "preempt_delay" -> g.preemptDelay = item.arg(0);
        case "unicast_src_ip" -> g.unicastSource = item.arg(0);
        case "unicast_peer" -> peers(g, item);
        case "authentication" -> authentication(g, item);
        case "virtual_ipaddress" -> item.items().forEach(vip -> vip(g, vip));
        case "track_script" -> g.checks.addAll(trackers(item, "track_script"));
        case "track_process" -> g.checks.addAll(trackers(item, "track_process"));
        case "track_interface" -> g.interfaces.addAll(trackers(item, "track_interface"));
        case "track_file" -> g.files.addAll(trackers(item, "track_file"));
        case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop" -> notify(g.notify, item);
        case "garp_master_repeat" -> g.garpRepeat = integer(item);
        case "garp_master_refresh" -> g.garpRefresh = item.arg(0);
        case "garp_master_delay" -> garpDelay(item);
        case "lower_prio_no_advert" -> g.lowerPrioNoAdvert = bool(item);
        case "higher_prio_send_advert" -> notWhenTrue(item, "not supported: a master yields without an advert");
        case "strict_mode" -> notWhenTrue(item, "not supported: strict mode (no_accept, its checks)");
        case "smtp_alert" -> notWhenTrue(item, "not supported: SMTP alerts (use a notify script)");
        case "v3_checksum_as_v2" -> g.rfc9568 = true;
        default -> {
          if (!IGNORED_INSTANCE.contains(key)) {
            unsupported(item.at(), describe(item, false), instanceWhy(key));
          }
        }
      }
    }
    if (g.iface == null) {
      unsupported(block.at(), "vrrp_instance " + g.name + " without interface", "not supported: the agent needs"
          + " the interface");
    }
    if (g.vrid == null) {
      unsupported(block.at(), "vrrp_instance " + g.name + " without virtual_router_id", "not converted: the VRID is"
          + " required");
    }
    if (g.vips.isEmpty()) {
      unsupported(block.at(), "vrrp_instance " + g.name + " without virtual_ipaddress", "not supported: the agent"
          + " needs one or more addresses");
    }
    return g;
  }

  private static String instanceWhy(String key) {
    return switch (key) {
      case "use_vmac", "vmac_xmit_base", "use_vmac_addr", "use_ipvlan" -> "not supported: no VMAC or ipvlan; the"
          + " interface's own MAC is used";
      case "virtual_ipaddress_excluded" -> "not supported: every address is advertised";
      case "virtual_routes", "virtual_rules", "promote_secondaries" -> "not supported: routes, rules";
      case "mcast_src_ip", "mcast_dst_ip" -> "not supported: the standard multicast group and source";
      case "dont_track_primary" -> "not supported: the group's interface is always tracked";
      case "track_src_ip" -> "not supported: the source address is not tracked";
      case "track_bfd" -> "not supported: BFD";
      case "auth_hmac" -> "not supported: the HMAC trailer";
      case "no_accept" -> "not supported: acceptMode is always true";
      case "garp_master_refresh_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_extra_if" ->
          "not supported: one burst of garp.repeat";
      case "down_timer_adverts" -> "not supported: the RFC's 3 intervals";
      case "timer_expired_backup" -> "not supported: the agent warns of engine stalls instead";
      case "unicast_ttl" -> "not supported: adverts go with TTL 255";
      case "old_unicast_checksum" -> "not supported: the old checksum is accepted, never sent";
      case "notify_master_rx_lower_pri", "notify_deleted", "notify_priority_changes" ->
          "not supported: notify master, backup, fault, stop and any";
      case "vrf" -> "not supported: VRFs";
      case "linkbeat_use_polling", "kernel_rx_buf_size" -> "not supported: keepalived's own tuning";
      default -> "not supported: unknown to the agent";
    };
  }

  private void peers(Instance g, Item block) {
    for (Item peer : block.items()) {
      g.peers.add(peer.keyword());
      for (int i = 0; i < peer.args().size(); i += 2) {
        String option = peer.arg(i);
        if (option.equals("min_ttl") || option.equals("max_ttl")) {
          g.ttlRange = true;
        } else {
          unsupported(peer.at(), "unicast_peer " + peer.keyword() + " " + option, "not supported: unknown to the"
              + " agent");
          i--;
        }
      }
    }
  }

  private void authentication(Instance g, Item block) {
    String type = null;
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "auth_type" -> type = item.arg(0);
        case "auth_pass" -> {
          String password = String.join(" ", item.args());
          // keepalived uses the first eight characters
          g.passwordTruncated = password.length() > 8;
          g.password = password.length() > 8 ? password.substring(0, 8) : password;
        }
        // the arguments may be secret
        default -> unsupported(item.at(), item.keyword(), "not supported: unknown to the agent");
      }
    }
    if (type != null && !type.equals("PASS")) {
      unsupported(block.at(), "auth_type " + type, "not supported: only auth_type PASS");
      g.password = null;
    }
  }

  private void vip(Instance g, Item line) {
    String address = line.keyword();
    String label = null;
    List<String> args = line.args();
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (option) {
        case "dev" -> {
          i++;
          if (g.iface != null && !g.iface.equals(value)) {
            unsupported(line.at(), "virtual_ipaddress " + address + " dev " + value, "not supported: an address on"
                + " another interface than the group's " + g.iface);
            return;
          }
        }
        case "label" -> {
          i++;
          label = value;
        }
        case "scope" -> {
          i++;
          if (!"global".equals(value)) {
            unsupported(line.at(), "virtual_ipaddress " + address + " scope " + value, "not supported: addresses"
                + " have global scope");
          }
        }
        default -> {
          boolean withValue = Set.of("brd", "broadcast", "peer", "preferred_lft", "track_group").contains(option);
          unsupported(line.at(), "virtual_ipaddress " + address + " " + option + (withValue ? " " + value : ""),
              "not supported: an option of ip address add the agent does not set");
          i += withValue ? 1 : 0;
        }
      }
    }
    if (!address.contains("/")) {
      address += address.contains(":") ? "/128" : "/32"; // keepalived's default: the host alone
    }
    g.vips.add(new String[] {address, label});
  }

  private List<Tracker> trackers(Item block, String kind) {
    List<Tracker> trackers = new ArrayList<>();
    for (Item item : block.items()) {
      Integer weight = null;
      boolean reverse = false;
      List<String> args = item.args();
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "weight" -> {
            weight = integerArg(item, i + 1);
            i++;
          }
          case "reverse" -> reverse = true;
          case "noreverse", "no_reverse" -> reverse = false;
          default -> unsupported(item.at(), kind + " " + item.keyword() + " " + args.get(i), "not supported: unknown"
              + " to the agent");
        }
      }
      trackers.add(new Tracker(item.keyword(), weight == null ? Integer.MIN_VALUE : weight, reverse, item.at()));
    }
    return trackers;
  }

  private void notify(Notify notify, Item item) {
    String key = item.keyword().equals("notify") ? "any" : item.keyword().substring("notify_".length());
    if (item.args().isEmpty()) {
      unsupported(item.at(), item.keyword(), "not converted: no script");
      return;
    }
    notify.scripts.put(key, item.arg(0));
    String user = item.arg(1);
    if (item.args().size() > 2) {
      unsupported(item.at(), item.keyword() + " group " + item.arg(2), "not supported: scripts run with the user's"
          + " own group");
    }
    if (user != null && notify.user != null && !notify.user.equals(user)) {
      unsupported(item.at(), item.keyword() + " user " + user, "not supported: one user for a group's notify scripts"
          + " (" + notify.user + " at " + notify.userAt + ")");
    } else if (user != null) {
      notify.user = user;
      notify.userAt = item.at();
    }
  }

  private Sync sync(Item block) {
    Sync sync = new Sync(block);
    for (Item item : block.items()) {
      switch (item.keyword()) {
        case "group" -> {
          for (Item member : item.items()) {
            sync.groups.add(member.keyword());
            sync.groups.addAll(member.args());
          }
        }
        case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop" -> notify(sync.notify, item);
        case "track_script" -> sync.checks.addAll(trackers(item, "track_script"));
        case "track_process" -> sync.checks.addAll(trackers(item, "track_process"));
        case "track_interface" -> sync.interfaces.addAll(trackers(item, "track_interface"));
        case "track_file" -> sync.files.addAll(trackers(item, "track_file"));
        case "sync_group_tracking_weight", "global_tracking" -> sync.trackingWeight = true;
        case "smtp_alert" -> notWhenTrue(item, "not supported: SMTP alerts (use a notify script)");
        default -> unsupported(item.at(), describe(item, false), item.keyword().equals("track_bfd")
            ? "not supported: BFD" : "not supported: unknown to the agent");
      }
    }
    if (sync.groups.size() < 2) {
      unsupported(block.at(), "vrrp_sync_group " + sync.name, "not converted: expected two or more instances");
    }
    return sync;
  }

  /** A sync group's trackers go on each member; members track with weight 0, as in keepalived. */
  private void members(Sync sync) {
    for (String member : sync.groups) {
      Optional<Instance> found = instances.stream().filter(g -> member.equals(g.name)).findFirst();
      if (found.isEmpty()) {
        unsupported(sync.item.at(), "vrrp_sync_group " + sync.name + " member " + member, "not converted: no"
            + " vrrp_instance of that name");
        continue;
      }
      Instance g = found.get();
      g.checks.addAll(sync.checks);
      g.interfaces.addAll(sync.interfaces);
      g.files.addAll(sync.files);
      if (!sync.trackingWeight && weighted(g)) {
        zeroWeights(g.checks);
        zeroWeights(g.interfaces);
        zeroWeights(g.files);
        g.comments.add("in sync group " + sync.name + ": every tracked item has weight 0, as keepalived sets it");
      }
    }
  }

  /** Whether a tracked item of the group has a weight (its own, or its definition's) other than 0. */
  private boolean weighted(Instance g) {
    return g.interfaces.stream().anyMatch(t -> t.weight() != Integer.MIN_VALUE && t.weight() != 0)
        || g.checks.stream().anyMatch(t -> t.weight() == Integer.MIN_VALUE
            ? Optional.ofNullable(scripts.get(t.name())).map(script -> script.weight != 0).orElse(false)
            : t.weight() != 0)
        || g.files.stream().anyMatch(t -> t.weight() == Integer.MIN_VALUE
            ? Optional.ofNullable(trackFiles.get(t.name())).map(file -> file.weight() != 0).orElse(false)
            : t.weight() != 0);
  }

  private static void zeroWeights(List<Tracker> trackers) {
    trackers.replaceAll(t -> new Tracker(t.name(), 0, t.reverse(), t.at()));
  }

  private void garpDelay(Item item) {
    if (!Optional.ofNullable(seconds(item.arg(0))).map(BigDecimal::signum).map(s -> s == 0).orElse(false)) {
      unsupported(item.at(), describe(item, false), "not supported: no second burst; use garp.refresh");
    }
  }

  private void notWhenTrue(Item item, String why) {
    if (bool(item)) {
      unsupported(item.at(), describe(item, false), why);
    }
  }

  // ---- values

  private Integer version(Item item) {
    Integer version = integer(item);
    if (version != null && version != 2 && version != 3) {
      unsupported(item.at(), describe(item, false), "not converted: expected 2 or 3");
      return null;
    }
    return version;
  }

  private Integer integer(Item item) {
    return integerArg(item, 0);
  }

  private Integer integerArg(Item item, int index) {
    String text = item.arg(index);
    if (text != null && text.matches("[+-]?\\d{1,9}")) {
      return Integer.valueOf(text);
    }
    unsupported(item.at(), describe(item, false), "not converted: expected a whole number");
    return null;
  }

  /** keepalived's {@code <BOOL>}: none is true. */
  private static boolean bool(Item item) {
    String value = item.arg(0);
    return value == null || Set.of("on", "true", "yes").contains(value.toLowerCase(Locale.ROOT));
  }

  private static BigDecimal seconds(String text) {
    try {
      return text == null ? null : new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Optional<String> duration(Item item) {
    Optional<String> duration = duration(item.arg(0));
    if (duration.isEmpty()) {
      unsupported(item.at(), describe(item, false), "not converted: expected seconds");
    }
    return duration;
  }

  /** keepalived's seconds ({@code 1}, {@code 0.1}) as the agent writes a duration ({@code 1s}, {@code 100ms}). */
  static Optional<String> duration(String seconds) {
    BigDecimal value = seconds(seconds);
    if (value == null || value.signum() < 0) {
      return Optional.empty();
    }
    Duration d = Duration.ofNanos(value.movePointRight(9).longValue());
    if (d.isZero()) {
      return Optional.of("0s");
    }
    if (d.toNanos() % 1_000_000_000L == 0) {
      return Optional.of(d.toSeconds() + "s");
    }
    return Optional.of(Math.max(1, Math.round(d.toNanos() / 1e6)) + "ms");
  }

  /** An item as a message shows it: with its arguments, but never those of a secret. */
  private static String describe(Item item, boolean secret) {
    if (secret || item.keyword().startsWith("auth") || item.args().isEmpty()) {
      return item.keyword();
    }
    return item.keyword() + " " + String.join(" ", item.args());
  }

  private void unsupported(Position at, String option, String why) {
    unsupported.add(at + ": " + option + " (" + why + ")");
  }

  // ---- writing

  private String yaml() {
    StringBuilder y = new StringBuilder();
    y.append("# failover4j agent configuration, imported from ").append(file).append('\n')
        .append("# by failover4j-agent import-keepalived; check it: failover4j-agent --check-config FILE\n");
    if (!scripts.isEmpty()) {
      y.append("checks:\n");
      scripts.forEach((name, script) -> {
        y.append("  ").append(scalar(name)).append(":\n");
        if (script.item.keyword().equals("vrrp_track_process")) {
          y.append("    process:\n");
          script.keys.forEach((key, value) -> y.append("      ").append(key).append(": ").append(value(key, value))
              .append('\n'));
        } else {
          script.keys.forEach((key, value) -> y.append("    ").append(key).append(": ").append(value(key, value))
              .append('\n'));
        }
      });
    }
    List<Sync> written = syncs.stream().filter(s -> s.groups.size() >= 2).toList();
    if (!written.isEmpty()) {
      y.append("syncGroups:\n");
      for (Sync sync : written) {
        y.append("  - name: ").append(scalar(sync.name)).append('\n')
            .append("    groups: ").append(flow(sync.groups)).append('\n');
        notifyYaml(y, sync.notify, "    ");
      }
    }
    y.append("groups:\n");
    if (instances.isEmpty()) {
      unsupported.add(file + ": no vrrp_instance (not converted: the agent needs one or more groups)");
    }
    for (Instance g : instances) {
      group(y, g);
    }
    return y.toString();
  }

  private void group(StringBuilder y, Instance g) {
    String in = "    ";
    y.append("  - name: ").append(scalar(g.name)).append("    # vrrp_instance at ").append(g.item.at()).append('\n');
    Optional.ofNullable(g.iface).ifPresent(i -> y.append(in).append("interface: ").append(scalar(i)).append('\n'));
    Optional.ofNullable(g.vrid).ifPresent(v -> y.append(in).append("vrid: ").append(v).append('\n'));
    int version = g.ipv6() ? 3 : Optional.ofNullable(g.version).or(() -> Optional.ofNullable(globalVersion)).orElse(2);
    y.append(in).append("version: ").append(version);
    if (g.version == null) {
      y.append(g.ipv6() ? "                   # keepalived: always 3 for IPv6" : globalVersion != null
          ? "                   # vrrp_version" : "                   # keepalived's default");
    }
    y.append('\n');
    int priority = Optional.ofNullable(g.priority).orElse(g.master ? 255 : 100);
    y.append(in).append("priority: ").append(priority);
    if (g.priority == null) {
      y.append(g.master ? "                # keepalived: state MASTER without a priority" : "");
    }
    y.append('\n');
    if (g.advert != null) {
      Optional<String> advert = duration(g.advert);
      BigDecimal seconds = seconds(g.advert);
      if (advert.isEmpty() || seconds.signum() <= 0) {
        unsupported(g.item.at(), "advert_int " + g.advert, "not converted: expected seconds");
      } else if (version == 2 && seconds.stripTrailingZeros().scale() > 0) {
        unsupported(g.item.at(), "advert_int " + g.advert, "not supported: VRRPv2 advertises in whole seconds");
      } else {
        y.append(in).append("advertInterval: ").append(advert.get()).append('\n');
      }
    }
    boolean owner = priority == 255;
    if (g.master || owner) {
      if (Boolean.FALSE.equals(g.preempt) || g.preemptDelay != null) {
        y.append(in).append("# nopreempt, preempt_delay: keepalived clears them for state MASTER or priority 255\n");
      }
    } else {
      if (Boolean.FALSE.equals(g.preempt)) {
        y.append(in).append("preempt: false\n");
      }
      if (g.preemptDelay != null && Boolean.FALSE.equals(g.preempt)) {
        y.append(in).append("# preempt_delay: keepalived clears it with nopreempt\n");
      } else if (g.preemptDelay != null) {
        duration(g.preemptDelay).ifPresentOrElse(d -> y.append(in).append("preemptDelay: ").append(d).append('\n'),
            () -> unsupported(g.item.at(), "preempt_delay " + g.preemptDelay, "not converted: expected seconds"));
      }
    }
    if (g.rfc9568) {
      y.append(in).append("checksum: rfc9568\n");
    }
    if (!g.peers.isEmpty()) {
      y.append(in).append("unicast:\n");
      Optional.ofNullable(g.unicastSource).ifPresent(s -> y.append(in).append("  source: ").append(scalar(s))
          .append('\n'));
      y.append(in).append("  peers: ").append(flow(g.peers)).append('\n');
    } else if (g.unicastSource != null) {
      y.append(in).append("# unicast_src_ip ").append(g.unicastSource).append(" without unicast_peer: multicast\n");
    }
    if (g.password != null) {
      if (version == 3) {
        y.append(in).append("# authentication: keepalived ignores it for VRRPv3, and so does this file\n");
      } else {
        if (g.passwordTruncated) {
          y.append(in).append("# auth_pass: its first 8 characters, all keepalived uses\n");
        }
        y.append(in).append("authPassword: ").append(quoted(g.password)).append('\n');
      }
    }
    if (!g.vips.isEmpty()) {
      y.append(in).append("virtualIps:\n");
      for (String[] vip : g.vips) {
        y.append(in).append("  - ");
        if (vip[1] == null) {
          y.append(quoted(vip[0]));
        } else {
          y.append("{ address: ").append(quoted(vip[0])).append(", label: ").append(quoted(vip[1])).append(" }");
        }
        y.append('\n');
      }
    }
    garp(y, g, in);
    boolean noAdvert = Optional.ofNullable(g.lowerPrioNoAdvert).orElse(globalLowerPrioNoAdvert);
    if (noAdvert) {
      y.append(in).append("lowerPriorityAdvert: false\n");
    }
    if (g.ttlRange) {
      y.append(in).append("checkTtl: false                 # unicast_peer min_ttl / max_ttl\n");
    }
    Optional.ofNullable(namespace).ifPresent(n -> y.append(in).append("networkNamespace: ").append(scalar(n))
        .append('\n'));
    track(y, g, in);
    notifyYaml(y, g.notify, in);
    g.comments.forEach(c -> y.append(in).append("# ").append(c).append('\n'));
  }

  private void garp(StringBuilder y, Instance g, String in) {
    Integer repeat = Optional.ofNullable(g.garpRepeat).orElse(globalGarpRepeat);
    String refresh = Optional.ofNullable(g.garpRefresh).orElse(globalGarpRefresh);
    String interval = g.ipv6() ? Optional.ofNullable(gnaIntervals.get(g.iface)).orElse(globalGnaInterval)
        : Optional.ofNullable(garpIntervals.get(g.iface)).orElse(globalGarpInterval);
    List<String> keys = new ArrayList<>();
    if (repeat != null) {
      if (repeat == 0) {
        unsupported(g.item.at(), "garp_master_repeat 0", "not supported: a new master announces its addresses at least"
            + " once");
      } else {
        keys.add("repeat: " + repeat);
      }
    }
    if (interval != null) {
      duration(interval).ifPresentOrElse(d -> keys.add("interval: " + d),
          () -> unsupported(g.item.at(), "garp interval " + interval, "not converted: expected seconds"));
    }
    if (refresh != null) {
      duration(refresh).ifPresentOrElse(d -> keys.add("refresh: " + d),
          () -> unsupported(g.item.at(), "garp_master_refresh " + refresh, "not converted: expected seconds"));
    }
    if (!keys.isEmpty()) {
      y.append(in).append("garp: { ").append(String.join(", ", keys)).append(" }\n");
    }
  }

  private void track(StringBuilder y, Instance g, String in) {
    List<String> checks = new ArrayList<>();
    for (Tracker t : g.checks) {
      Script script = scripts.get(t.name());
      if (script != null) {
        int weight = t.weight() == Integer.MIN_VALUE ? script.weight : t.weight();
        checks.add(tracked(t.name(), weight, t.weight() == Integer.MIN_VALUE ? script.reverse : t.reverse()));
      }
    }
    List<String> interfaces = new ArrayList<>();
    for (Tracker t : g.interfaces) {
      interfaces.add(tracked(t.name(), t.weight() == Integer.MIN_VALUE ? 0 : t.weight(), t.reverse()));
    }
    List<String> files = new ArrayList<>();
    for (Tracker t : g.files) {
      TrackFile tracked = trackFiles.get(t.name());
      if (tracked == null) {
        unsupported(t.at(), "track_file " + t.name(), "not converted: no track_file of that name");
        continue;
      }
      if (t.reverse()) {
        unsupported(t.at(), "track_file " + t.name() + " reverse", "not supported: a tracked file has no reverse");
      }
      int weight = t.weight() == Integer.MIN_VALUE ? tracked.weight() : t.weight();
      files.add("{ path: " + quoted(tracked.path()) + (weight == TrackReader.FILE_WEIGHT ? "" : ", weight: " + weight)
          + " }");
    }
    if (checks.isEmpty() && interfaces.isEmpty() && files.isEmpty()) {
      return;
    }
    y.append(in).append("track:\n");
    if (!checks.isEmpty()) {
      y.append(in).append("  checks: [").append(String.join(", ", checks)).append("]\n");
    }
    if (!interfaces.isEmpty()) {
      y.append(in).append("  interfaces: [").append(String.join(", ", interfaces)).append("]\n");
    }
    if (!files.isEmpty()) {
      y.append(in).append("  files: [").append(String.join(", ", files)).append("]\n");
    }
  }

  private static String tracked(String name, int weight, boolean reverse) {
    if (weight == 0 && !reverse) {
      return quoted(name);
    }
    return "{ name: " + quoted(name) + (weight == 0 ? "" : ", weight: " + weight) + (reverse ? ", reverse: true" : "")
        + " }";
  }

  private void notifyYaml(StringBuilder y, Notify notify, String in) {
    if (notify.scripts.isEmpty()) {
      return;
    }
    y.append(in).append("notify:\n");
    for (String key : List.of("any", "master", "backup", "fault", "stop")) {
      Optional.ofNullable(notify.scripts.get(key)).ifPresent(s -> y.append(in).append("  ").append(key).append(": ")
          .append(quoted(s)).append('\n'));
    }
    String user = Optional.ofNullable(notify.user).orElse(scriptUser);
    if (user != null && !user.equals("root")) {
      y.append(in).append("  user: ").append(scalar(user)).append('\n');
    }
  }

  private static String value(String key, String value) {
    return Set.of("interval", "timeout", "rise", "fall", "quorum", "quorumMax", "startFailing").contains(key)
        ? value : quoted(value);
  }

  private static String flow(List<String> values) {
    return "[" + String.join(", ", values.stream().map(KeepalivedImport::quoted).toList()) + "]";
  }

  /** A word plain if YAML reads it back as the same text, else quoted. */
  private static String scalar(String text) {
    return PLAIN.matcher(text).matches() && !YAML_WORDS.matcher(text).matches() ? text : quoted(text);
  }

  /** A text in double quotes, escaped as JSON (which YAML reads). */
  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
