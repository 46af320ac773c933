package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
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
   * @param warnings where warnings go
   * @param worldReadable the configuration file, if every user may read it; else null
   * @param names the path of each name taken, so far
   * @param routers the path of each virtual router (namespace, interface, VRID, family) taken, so far
   * @param realtime the file's {@code realtime} key, for every group
   */
  record Context(Path directory, Map<String, Optional<Check>> checks, Map<String, SyncMembership> syncGroups,
      List<String> warnings, Path worldReadable, Map<String, String> names, Map<String, String> routers,
      Optional<Realtime> realtime) {
    Context(Path directory, Map<String, Optional<Check>> checks, Map<String, SyncMembership> syncGroups,
        List<String> warnings, Path worldReadable, Optional<Realtime> realtime) {
      this(directory, checks, syncGroups, warnings, worldReadable, new HashMap<>(), new HashMap<>(), realtime);
    }
  }

  /** How a password must be written, for its problems. */
  private static final String QUOTED = "text in quotes, authPassword: \"...\"";

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
      Option.of("version", Type.INTEGER, (g, value) -> g.builder.version(g.version = value)),
      Option.of("priority", Type.INTEGER, (g, value) -> g.builder.priority(value)),
      Option.of("advertInterval", Type.DURATION, (g, value) -> g.builder.advertInterval(value)),
      Option.of("preempt", Type.BOOLEAN, (g, value) -> g.builder.preempt(value)),
      Option.of("preemptDelay", Type.DURATION, (g, value) -> g.builder.preemptDelay(value)),
      Option.of("checksum", CHECKSUM, (g, value) -> g.builder.checksum(value)),
      Option.of("unicast.source", "unicastSource", Type.TEXT, (g, value) -> g.builder.unicastSource(value)),
      Option.of("unicast.peers", "unicastPeers", Type.TEXTS, (g, value) -> g.builder.unicastPeers(value)),
      Option.custom("authPassword", "authPassword", (node, g) -> g.password = inlinePassword(node)),
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
      Option.custom("election", "election", (node, g) -> ElectionReader.read(node, g.builder)),
      Option.of("candidate", Type.TEXT, (g, value) -> g.builder.candidate(value)),
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
  private Integer version;
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
    Optional<JsonNode> list = root.raw("groups");
    if (list.isEmpty() || list.get().isArray() && list.get().isEmpty()) {
      root.problem("groups", "missing (expected: a list of one or more groups)");
      return List.of();
    }
    if (!list.get().isArray()) {
      root.problem("groups", Node.shown("groups", list.get()) + " (expected: a list of one or more groups)");
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
    interfaceExists();
    Optional.ofNullable(vrid).ifPresent(builder::vrid);
    Optional.ofNullable(networkNamespace).ifPresent(builder::networkNamespace);
    unicast();
    if (node.has("garp")) {
      Announcements defaults = Announcements.DEFAULT;
      builder.announcements(new Announcements(Optional.ofNullable(garpRepeat).orElse(defaults.repeat()),
          Optional.ofNullable(garpInterval).orElse(defaults.interval()),
          Optional.ofNullable(garpRefresh).orElse(defaults.refresh())));
    }
    password().ifPresent(builder::authPassword);
    context.realtime().ifPresent(realtime -> realtime.applyTo(builder));
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
    // a group elected by a lease has no VRID: its scripts are told 0
    Integer shownVrid = node.has("election") ? Integer.valueOf(0) : vrid;
    return name == null || shownVrid == null || interfaceName == null ? Optional.empty()
        : Optional.of(new GroupFacts(name, shownVrid, interfaceName, vips));
  }

  /**
   * An inline password must be written as text: YAML reads an unquoted {@code 0012} as 10, {@code yes}
   * as true, and {@code ~} or nothing as no password at all.
   */
  private static String inlinePassword(Node node) {
    if (!node.written("authPassword")) {
      return null;
    }
    JsonNode value = node.raw("authPassword").orElse(null);
    if (value == null || value.isTextual() && value.asText().isEmpty()) {
      node.problem("authPassword", "empty (expected: " + QUOTED + "; leave the key out for no password)");
      return null;
    }
    if (!value.isTextual()) {
      node.problem("authPassword", "(hidden) (expected: " + QUOTED + "; YAML reads an unquoted 0012 as the number 10,"
          + " yes as true)");
      return null;
    }
    return value.asText();
  }

  /** An empty unicast section, or an empty peer list, is not multicast: it is a mistake. */
  private void unicast() {
    if (node.written("unicast") && !node.has("unicast")) {
      node.problem("unicast", "empty (expected: a map with source, peers; leave unicast out for multicast)");
    } else if (node.raw("unicast").filter(JsonNode::isObject).isPresent() && !node.has("unicast.peers")) {
      node.problem("unicast.peers", "missing (expected: the peers' addresses)");
    }
    Optional<JsonNode> peers = node.raw("unicast.peers").filter(JsonNode::isArray);
    if (peers.filter(JsonNode::isEmpty).isPresent()) {
      node.problem("unicast.peers", "[] (expected: one or more peers' addresses; leave unicast out for multicast)");
      return;
    }
    // the shared list names this node too, and start drops it: a list of only this node leaves no one
    Optional<InetAddress> source = node.raw("unicast.source").filter(JsonNode::isTextual)
        .flatMap(s -> literal(s.asText()));
    if (source.isPresent() && peers.isPresent()) {
      List<String> written = new ArrayList<>();
      peers.get().forEach(peer -> written.add(peer.asText()));
      if (written.stream().allMatch(peer -> literal(peer).equals(source))) {
        node.problem("unicast.peers", "[" + String.join(", ", written) + "] (expected: another node's address besides"
            + " unicast.source, which is dropped from the list)");
      }
    }
  }

  private static Optional<InetAddress> literal(String text) {
    try {
      return Optional.of(VirtualIp.parse(text.strip() + (text.contains(":") ? "/128" : "/32")).address());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * An interface that does not exist (yet) is a warning, not a problem: it may be made before the agent
   * starts (a VLAN, a bridge). In a network namespace it is not looked for.
   */
  private void interfaceExists() {
    if (interfaceName == null || networkNamespace != null || node.has("networkNamespace")
        || interfaceName.isBlank() || interfaceName.length() > 15 || interfaceName.contains("/")) {
      return;
    }
    try {
      if (NetworkInterface.getByName(interfaceName) == null) {
        context.warnings().add(node.at("interface") + ": " + interfaceName + " does not exist (expected: an interface"
            + " of this host; the group will fail to start unless it exists then)");
      }
    } catch (SocketException e) {
      // cannot tell: the start says
    }
  }

  private Optional<String> password() {
    if (password != null && passwordFile != null) {
      node.problem("authPasswordFile", "set with authPassword (expected: one of them)");
      return Optional.empty();
    }
    String key = password != null ? "authPassword" : "authPasswordFile";
    if ((password != null || passwordFile != null) && (version == null ? !node.has("version") : version == 3)) {
      node.problem(key, "set with version 3" + (version == null ? ", the default" : "") + " (expected: version: 2;"
          + " VRRPv3 has no authentication"
          + (version == null ? ", and keepalived's default version is 2, the agent's 3" : "") + ")");
      return Optional.empty();
    }
    if (password != null && context.worldReadable() != null) {
      context.warnings().add(node.at("authPassword") + ": in " + context.worldReadable()
          + ", which is readable by every user (expected: chmod o-r, e.g. 0600 or 0640, or the password in an authPasswordFile)");
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
