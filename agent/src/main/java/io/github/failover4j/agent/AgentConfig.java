package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.failover4j.Announcements;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.vrrp.ChecksumMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's configuration file: YAML, or the same schema in JSON (by the {@code .json} suffix).
 * Read as a tree and checked key by key, so that every problem of the file is reported at once,
 * each with its path ({@code groups[0].vrid: 0 (expected: 1..255)}). Passwords are never echoed.
 *
 * @param logLevel the log level: error, warn, info, debug or trace
 * @param groups the groups, built and not started
 */
public record AgentConfig(String logLevel, List<FailoverGroup> groups) {
  private static final Set<String> TOP = Set.of("logLevel", "groups");
  private static final Set<String> GROUP = Set.of("name", "interface", "vrid", "version", "priority",
      "advertInterval", "preempt", "preemptDelay", "checksum", "unicast", "authPassword", "authPasswordFile",
      "virtualIps", "garp", "acceptMode", "lowerPriorityAdvert", "checkTtl", "networkNamespace");
  private static final Set<String> UNICAST = Set.of("source", "peers");
  private static final Set<String> GARP = Set.of("repeat", "interval", "refresh");
  private static final Set<String> VIRTUAL_IP = Set.of("address", "label");
  private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  /** The builder's option names and the keys the file uses for them. */
  private static final Map<String, String> KEYS = Map.of(
      "interfaceName", "interface",
      "unicastPeers", "unicast.peers",
      "unicastSource", "unicast.source",
      "announcements.", "garp.",
      "addresses", "virtualIps",
      "auth", "authPassword",
      "advertiseOnLowerPriority", "lowerPriorityAdvert");

  /** Copies the list. */
  public AgentConfig {
    groups = List.copyOf(groups);
  }

  /**
   * Reads and checks a configuration file.
   *
   * @param file YAML, or JSON if it ends with {@code .json}
   * @return the configuration
   * @throws ConfigurationException listing every problem of the file
   */
  public static AgentConfig load(Path file) {
    List<String> problems = new ArrayList<>();
    JsonNode root;
    try {
      ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("configuration " + file, List.of(e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    } catch (IOException e) {
      throw new ConfigurationException("configuration " + file, List.of("cannot read it: " + e));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("configuration " + file, List.of("(expected: a map with a groups list)"));
    }
    unknownKeys(root, "", TOP, problems);
    String logLevel = Optional.ofNullable(root.get("logLevel")).map(JsonNode::asText).orElse("info");
    if (!LEVELS.contains(logLevel)) {
      problems.add("logLevel: " + logLevel + " (expected: one of " + LEVELS + ")");
    }
    JsonNode groupNodes = root.get("groups");
    List<FailoverGroup> groups = new ArrayList<>();
    if (groupNodes == null || !groupNodes.isArray() || groupNodes.isEmpty()) {
      problems.add("groups: missing (expected: a list of one or more groups)");
    } else {
      Map<String, String> names = new HashMap<>();
      Map<String, String> routers = new HashMap<>();
      for (int i = 0; i < groupNodes.size(); i++) {
        group(groupNodes.get(i), "groups[" + i + "]", file.getParent(), problems, names, routers)
            .ifPresent(groups::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("configuration " + file, problems);
    }
    return new AgentConfig(logLevel, groups);
  }

  /**
   * Reads only the log level of a file, to configure logging before anything else: {@code info} if
   * the file has none, or cannot be read (then {@link #load} reports why).
   *
   * @param file the configuration file
   * @return the level
   */
  public static String logLevel(Path file) {
    try {
      JsonNode level = (file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
          .readTree(Files.readString(file, StandardCharsets.UTF_8)).get("logLevel");
      return level != null && LEVELS.contains(level.asText()) ? level.asText() : "info";
    } catch (IOException | RuntimeException e) {
      return "info";
    }
  }

  private static Optional<FailoverGroup> group(JsonNode node, String path, Path directory, List<String> problems,
      Map<String, String> names, Map<String, String> routers) {
    if (!node.isObject()) {
      problems.add(path + ": " + node + " (expected: a map)");
      return Optional.empty();
    }
    unknownKeys(node, path + ".", GROUP, problems);
    Reader read = new Reader(node, path, problems);
    FailoverGroup.Builder builder = FailoverGroup.builder();
    Optional<String> name = read.text("name");
    if (name.isEmpty() && !node.has("name")) {
      problems.add(path + ".name: missing (expected: a name, unique in the file)");
    }
    name.ifPresent(builder::name);
    name.filter(names::containsKey).ifPresent(n ->
        problems.add(path + ".name: " + n + " (expected: unique; " + names.get(n) + " has it too)"));
    name.ifPresent(n -> names.putIfAbsent(n, path));
    String label = path + name.map(n -> " (" + n + ")").orElse("");
    read.text("interface").ifPresent(builder::interfaceName);
    read.integer("vrid").ifPresent(builder::vrid);
    read.integer("version").ifPresent(builder::version);
    read.integer("priority").ifPresent(builder::priority);
    read.duration("advertInterval").ifPresent(builder::advertInterval);
    read.bool("preempt").ifPresent(builder::preempt);
    read.duration("preemptDelay").ifPresent(builder::preemptDelay);
    read.bool("acceptMode").ifPresent(builder::acceptMode);
    read.bool("lowerPriorityAdvert").ifPresent(builder::advertiseOnLowerPriority);
    read.bool("checkTtl").ifPresent(builder::checkTtl);
    read.text("networkNamespace").ifPresent(builder::networkNamespace);
    read.text("checksum").ifPresent(value -> {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "rfc5798" -> builder.checksum(ChecksumMode.PSEUDO_HEADER);
        case "rfc9568" -> builder.checksum(ChecksumMode.MESSAGE_ONLY);
        default -> problems.add(path + ".checksum: " + value + " (expected: rfc5798 or rfc9568)");
      }
    });
    password(read, path, directory, problems).ifPresent(builder::authPassword);
    JsonNode unicast = node.get("unicast");
    if (unicast != null) {
      if (unicast.isObject()) {
        unknownKeys(unicast, path + ".unicast.", UNICAST, problems);
        Reader u = new Reader(unicast, path + ".unicast", problems);
        u.text("source").ifPresent(builder::unicastSource);
        u.strings("peers").ifPresentOrElse(builder::unicastPeers,
            () -> problems.add(path + ".unicast.peers: missing (expected: the peers' addresses)"));
      } else {
        problems.add(path + ".unicast: " + unicast + " (expected: a map with source and peers)");
      }
    }
    virtualIps(node.get("virtualIps"), path, problems, builder::virtualIp);
    JsonNode garp = node.get("garp");
    if (garp != null) {
      if (garp.isObject()) {
        unknownKeys(garp, path + ".garp.", GARP, problems);
        Reader g = new Reader(garp, path + ".garp", problems);
        Announcements defaults = Announcements.DEFAULT;
        builder.announcements(new Announcements(g.integer("repeat").orElse(defaults.repeat()),
            g.duration("interval").orElse(defaults.interval()), g.duration("refresh").orElse(defaults.refresh())));
      } else {
        problems.add(path + ".garp: " + garp + " (expected: a map with repeat, interval, refresh)");
      }
    }
    String router = node.path("networkNamespace").asText("") + "/" + node.path("interface").asText() + "/vrid "
        + node.path("vrid").asText() + "/" + (node.path("virtualIps").toString().contains(":") ? "IPv6" : "IPv4");
    if (routers.containsKey(router) && node.has("interface") && node.has("vrid")) {
      problems.add(path + ".vrid: " + node.path("vrid").asText() + " on " + node.path("interface").asText()
          + " (expected: unique per interface and family; " + routers.get(router) + " has it too)");
    }
    routers.putIfAbsent(router, path);
    try {
      return Optional.of(builder.build());
    } catch (ConfigurationException e) {
      for (String problem : e.problems()) {
        problems.add(label + "." + renamed(problem));
      }
      return Optional.empty();
    }
  }

  /** The builder names options as the API does; say them as the file does. */
  private static String renamed(String problem) {
    for (Map.Entry<String, String> key : KEYS.entrySet()) {
      if (problem.startsWith(key.getKey() + (key.getKey().endsWith(".") ? "" : ":"))) {
        return key.getValue() + problem.substring(key.getKey().length());
      }
    }
    return problem;
  }

  private static Optional<String> password(Reader read, String path, Path directory, List<String> problems) {
    Optional<String> inline = read.text("authPassword");
    Optional<String> file = read.text("authPasswordFile");
    if (inline.isPresent() && file.isPresent()) {
      problems.add(path + ".authPasswordFile: set with authPassword (expected: one of them)");
      return Optional.empty();
    }
    if (file.isEmpty()) {
      return inline;
    }
    Path secret = directory == null ? Path.of(file.get()) : directory.resolve(file.get());
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(secret);
      if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
        problems.add(path + ".authPasswordFile: " + secret + " is readable by every user"
            + " (expected: chmod o-r, e.g. 0600 or 0640)");
        return Optional.empty();
      }
      return Optional.of(Files.readString(secret, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      problems.add(path + ".authPasswordFile: " + secret + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  private static void virtualIps(JsonNode list, String path, List<String> problems, Consumer<VirtualIp> add) {
    if (list == null) {
      problems.add(path + ".virtualIps: missing (expected: one or more ADDRESS/PREFIX)");
      return;
    }
    if (!list.isArray()) {
      problems.add(path + ".virtualIps: " + list + " (expected: a list)");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String itemPath = path + ".virtualIps[" + i + "]";
      try {
        if (item.isTextual()) {
          add.accept(VirtualIp.parse(item.asText()));
        } else if (item.isObject() && item.has("address")) {
          unknownKeys(item, itemPath + ".", VIRTUAL_IP, problems);
          VirtualIp vip = VirtualIp.parse(item.get("address").asText());
          add.accept(item.has("label") ? vip.withLabel(item.get("label").asText()) : vip);
        } else {
          problems.add(itemPath + ": " + item + " (expected: ADDRESS/PREFIX, or a map with address and label)");
        }
      } catch (IllegalArgumentException e) {
        problems.add(itemPath + ": " + e.getMessage());
      }
    }
  }

  private static void unknownKeys(JsonNode node, String prefix, Set<String> known, List<String> problems) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!known.contains(key)) {
        String close = known.stream().filter(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2)
            .findFirst().map(k -> "; did you mean " + k + "?").orElse("");
        problems.add(prefix + key + ": unknown key" + close);
      }
    }
  }

  /** Levenshtein distance: enough to catch "prority" and "virtualIp". */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Parses a duration as the file writes it: {@code 100ms}, {@code 1s}, {@code 1.5s}, {@code 5m},
   * {@code 1h}, or {@code 0}.
   *
   * @param text the text
   * @return the duration, if the text is one
   */
  static Optional<Duration> duration(String text) {
    if (text.strip().equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(m.group(1));
    double nanos = value * switch (m.group(2)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    return Optional.of(Duration.ofNanos(Math.round(nanos)));
  }

  /** Typed reads of one map's keys, each problem recorded with its path. */
  private static final class Reader {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;

    Reader(JsonNode node, String path, List<String> problems) {
      this.node = node;
      this.path = path;
      this.problems = problems;
    }

    Optional<String> text(String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isValueNode() || value.asText().isBlank()) {
        problems.add(path + "." + key + ": " + shown(key, value) + " (expected: text)");
        return Optional.empty();
      }
      return Optional.of(value.asText());
    }

    Optional<Integer> integer(String key) {
      JsonNode value = node.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.canConvertToInt() || !value.isIntegralNumber() && !value.asText().matches("-?\\d+")) {
        problems.add(path + "." + key + ": " + value + " (expected: a whole number)");
        return Optional.empty();
      }
      return Optional.of(value.isIntegralNumber() ? value.intValue() : Integer.parseInt(value.asText()));
    }

    Optional<Boolean> bool(String key) {
      JsonNode value = node.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.isBoolean()) {
        problems.add(path + "." + key + ": " + value + " (expected: true or false)");
        return Optional.empty();
      }
      return Optional.of(value.booleanValue());
    }

    Optional<Duration> duration(String key) {
      JsonNode value = node.get(key);
      if (value == null) {
        return Optional.empty();
      }
      Optional<Duration> duration = value.isValueNode() ? AgentConfig.duration(value.asText()) : Optional.empty();
      if (duration.isEmpty()) {
        problems.add(path + "." + key + ": " + value + " (expected: a duration such as 100ms, 1s, 1.5s, 5m)");
      }
      return duration;
    }

    Optional<List<String>> strings(String key) {
      JsonNode value = node.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.isArray()) {
        problems.add(path + "." + key + ": " + value + " (expected: a list)");
        return Optional.empty();
      }
      List<String> texts = new ArrayList<>();
      value.forEach(item -> texts.add(item.asText()));
      return Optional.of(texts);
    }

    /** A password's value is never shown, even when it is malformed. */
    private static String shown(String key, JsonNode value) {
      return key.toLowerCase(Locale.ROOT).contains("password") ? "(hidden)" : value.toString();
    }
  }

  /**
   * Describes the groups, one line each, for {@code --check-config}.
   *
   * @return the lines
   */
  public List<String> describe() {
    return groups.stream().map(group -> {
      GroupStatus status = group.status();
      return status.name() + ": " + status.interfaceName() + " vrid " + status.vrid() + " priority "
          + status.priority();
    }).toList();
  }
}
