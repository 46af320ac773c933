package io.github.failover4j.agent;

import io.github.failover4j.Announcements;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.check.Check;
import io.github.failover4j.notify.GroupFacts;
import io.github.failover4j.notify.NotifyHook;
import io.github.failover4j.spi.Secret;
import io.github.failover4j.vrrp.ChecksumMode;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the file's {@code groups}: its keys applied to a {@link FailoverGroup.Builder}, with
 * what it tracks, its sync group and its notify hook. The builder judges the values; its problems
 * are said with the file's names and the group's path ({@code groups[0] (web).vrid: 0 (expected:
 * 1..255)}).
 */
final class GroupReader {
  /**
   * What the groups of a file are read with.
   *
   * @param directory where relative paths start (the configuration's directory), or null
   * @param checks the file's checks by name; empty for one with problems
   * @param syncGroups the sync group of each member group, by the group's name
   * @param names the path of each name taken, so far
   * @param routers the path of each virtual router (namespace, interface, VRID, family) taken, so far
   */
  record Context(Path directory, Map<String, Optional<Check>> checks, Map<String, SyncMembership> syncGroups,
      Map<String, String> names, Map<String, String> routers) {
    Context(Path directory, Map<String, Optional<Check>> checks, Map<String, SyncMembership> syncGroups) {
      this(directory, checks, syncGroups, new HashMap<>(), new HashMap<>());
    }
  }

  private static final Type<ChecksumMode> CHECKSUM = Type.oneOf(List.of("rfc5798", "rfc9568"),
      word -> word.equals("rfc5798") ? ChecksumMode.PSEUDO_HEADER : ChecksumMode.MESSAGE_ONLY);

  /** A virtual address being read: {@code ADDRESS/PREFIX}, or a map with its label. */
  private static final class Vip {
    VirtualIp address;
    String label;
  }

  private static final Options<Vip> VIRTUAL_IP = Options.of(
      Option.of("address", Type.parsed("ADDRESS/PREFIX", VirtualIp::parse), (vip, value) -> vip.address = value),
      Option.of("label", Type.TEXT, (vip, value) -> vip.label = value));

  private static final Options<GroupReader> GROUP = Options.of(
      Option.of("name", Type.TEXT, (g, value) -> g.name = value),
      Option.of("interface", "interfaceName", Type.TEXT, (g, value) -> g.interfaceName = value),
      Option.of("vrid", Type.INTEGER, (g, value) -> g.vrid = value),
      Option.of("version", Type.INTEGER, (g, value) -> g.builder.version(value)),
      Option.of("priority", Type.INTEGER, (g, value) -> g.builder.priority(value)),
      Option.of("advertInterval", Type.DURATION, (g, value) -> g.builder.advertInterval(value)),
      Option.of("preempt", Type.BOOLEAN, (g, value) -> g.builder.preempt(value)),
      Option.of("preemptDelay", Type.DURATION, (g, value) -> g.builder.preemptDelay(value)),
      Option.of("checksum", CHECKSUM, (g, value) -> g.builder.checksum(value)),
      Option.of("unicast.source", "unicastSource", Type.TEXT, (g, value) -> g.builder.unicastSource(value)),
      Option.of("unicast.peers", "unicastPeers", Type.TEXTS, (g, value) -> g.builder.unicastPeers(value)),
      Option.of("authPassword", Type.TEXT, (g, value) -> g.password = value),
      Option.of("authPasswordFile", Type.TEXT, (g, value) -> g.passwordFile = value),
      Option.custom("virtualIps", "addresses", (node, g) -> g.virtualIps()),
      Option.of("garp.repeat", "announcements.repeat", Type.INTEGER, (g, value) -> g.garpRepeat = value),
      Option.of("garp.interval", "announcements.interval", Type.DURATION, (g, value) -> g.garpInterval = value),
      Option.of("garp.refresh", "announcements.refresh", Type.DURATION, (g, value) -> g.garpRefresh = value),
      Option.of("acceptMode", Type.BOOLEAN, (g, value) -> g.builder.acceptMode(value)),
      Option.of("lowerPriorityAdvert", "advertiseOnLowerPriority", Type.BOOLEAN,
          (g, value) -> g.builder.advertiseOnLowerPriority(value)),
      Option.of("checkTtl", Type.BOOLEAN, (g, value) -> g.builder.checkTtl(value)),
      Option.of("networkNamespace", Type.TEXT, (g, value) -> g.networkNamespace = value),
      Option.of("local", Type.BOOLEAN, (g, value) -> g.builder.local(value)),
      Option.custom("movers", "movers", (node, g) -> MoverReader.readAll(node, g.context.directory(), g.builder)),
      Option.custom("track", "track", (node, g) -> g.track = TrackReader.read(node, g.context.checks(),
          g.context.directory())),
      // last: its scripts are told the name, VRID, interface and addresses read above
      Option.custom("notify", "notify", (node, g) -> g.notify = NotifyReader.read(node, g.facts())));

  private final Node node;
  private final Context context;
  private final FailoverGroup.Builder builder = FailoverGroup.builder();
  private final List<VirtualIp> vips = new ArrayList<>();
  private String name;
  private String interfaceName;
  private Integer vrid;
  private String networkNamespace;
  private String password;
  private String passwordFile;
  private Integer garpRepeat;
  private Duration garpInterval;
  private Duration garpRefresh;
  private TrackReader track;
  private Optional<NotifyHook> notify;

  private GroupReader(Node node, Context context) {
    this.node = node;
    this.context = context;
  }

  /**
   * Reads the file's {@code groups}.
   *
   * @param root the file's top map
   * @param context the file's checks and sync groups
   * @return the groups without problems, built and not started
   */
  static List<AgentGroup> readAll(Node root, Context context) {
    if (!root.raw("groups").map(groups -> groups.isArray() && !groups.isEmpty()).orElse(false)) {
      root.problem("groups", "missing (expected: a list of one or more groups)");
      return List.of();
    }
    List<AgentGroup> groups = new ArrayList<>();
    root.eachMap("groups", "a map", node -> new GroupReader(node, context).read().ifPresent(groups::add));
    return groups;
  }

  /**
   * Returns the names the file gives its groups, before they are read: sync groups name them.
   *
   * @param root the file's top map
   * @return the names
   */
  static List<String> names(Node root) {
    List<String> names = new ArrayList<>();
    root.raw("groups").filter(groups -> groups.isArray()).ifPresent(groups -> groups.forEach(group -> {
      if (group.path("name").isTextual()) {
        names.add(group.path("name").asText());
      }
    }));
    return names;
  }

  private Optional<AgentGroup> read() {
    GROUP.read(node, this);
    if (name == null && !node.has("name")) {
      node.problem("name", "missing (expected: a name, unique in the file)");
    }
    Optional.ofNullable(name).ifPresent(builder::name);
    Optional.ofNullable(name).filter(context.names()::containsKey).ifPresent(n ->
        node.problem("name", n + " (expected: unique; " + context.names().get(n) + " has it too)"));
    Optional.ofNullable(name).ifPresent(n -> context.names().putIfAbsent(n, node.path()));
    Optional.ofNullable(interfaceName).ifPresent(builder::interfaceName);
    Optional.ofNullable(vrid).ifPresent(builder::vrid);
    Optional.ofNullable(networkNamespace).ifPresent(builder::networkNamespace);
    if (node.has("unicast") && !node.has("unicast.peers")) {
      node.problem("unicast.peers", "missing (expected: the peers' addresses)");
    }
    if (node.has("garp")) {
      Announcements defaults = Announcements.DEFAULT;
      builder.announcements(new Announcements(Optional.ofNullable(garpRepeat).orElse(defaults.repeat()),
          Optional.ofNullable(garpInterval).orElse(defaults.interval()),
          Optional.ofNullable(garpRefresh).orElse(defaults.refresh())));
    }
    password().ifPresent(builder::authPassword);
    track.items().forEach(builder::track);
    Optional<SyncMembership> syncGroup = Optional.ofNullable(name).map(context.syncGroups()::get);
    syncGroup.map(SyncMembership::group).ifPresent(builder::syncGroup);
    uniqueRouter();
    try {
      return Optional.of(new AgentGroup(builder.build(), track.items(), syncGroup, notify));
    } catch (ConfigurationException e) {
      String label = node.path() + Optional.ofNullable(name).map(n -> " (" + n + ")").orElse("");
      for (String problem : e.problems()) {
        node.problems().add(track.renamed(problem).orElse(label + "." + GROUP.renamed(problem)));
      }
      return Optional.empty();
    }
  }

  /** One VRID per interface and family, as on the wire; the engine would refuse the second at start. */
  private void uniqueRouter() {
    if (interfaceName == null || vrid == null) {
      return;
    }
    boolean ipv6 = !vips.isEmpty() && !(vips.get(0).address() instanceof Inet4Address);
    String router = Optional.ofNullable(networkNamespace).orElse("") + "/" + interfaceName + "/vrid " + vrid + "/"
        + (ipv6 ? "IPv6" : "IPv4");
    String first = context.routers().putIfAbsent(router, node.path());
    if (first != null) {
      node.problem("vrid", vrid + " on " + interfaceName + " (expected: unique per interface and family; " + first
          + " has it too)");
    }
  }

  private void virtualIps() {
    if (!node.has("virtualIps")) {
      node.problem("virtualIps", "missing (expected: one or more ADDRESS/PREFIX)");
      return;
    }
    node.each("virtualIps", item -> {
      Vip vip = new Vip();
      if (VIRTUAL_IP.readShorthand(item, "address", vip) && vip.address != null) {
        try {
          VirtualIp address = vip.label == null ? vip.address : vip.address.withLabel(vip.label);
          vips.add(address);
          builder.virtualIp(address);
        } catch (IllegalArgumentException e) {
          item.problem(e.getMessage());
        }
      }
    });
  }

  /** What its notify scripts are told, when the keys it needs are valid. */
  private Optional<GroupFacts> facts() {
    return name == null || vrid == null || interfaceName == null ? Optional.empty()
        : Optional.of(new GroupFacts(name, vrid, interfaceName, vips));
  }

  private Optional<String> password() {
    if (password != null && passwordFile != null) {
      node.problem("authPasswordFile", "set with authPassword (expected: one of them)");
      return Optional.empty();
    }
    if (passwordFile == null) {
      return Optional.ofNullable(password);
    }
    Path secret = context.directory() == null ? Path.of(passwordFile) : context.directory().resolve(passwordFile);
    try {
      return Optional.of(Secret.fromFile(secret).reveal());
    } catch (Secret.Unavailable e) {
      node.problem("authPasswordFile", e.getMessage());
      return Optional.empty();
    }
  }
}
