package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.check.Check;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's configuration file: YAML, or the same schema in JSON (by the {@code .json} suffix).
 * Read as a tree and checked key by key, so that every problem of the file is reported at once,
 * each with its path ({@code groups[0].vrid: 0 (expected: 1..255)}). Passwords are never echoed.
 * Reading it touches no network: addresses are literals, and checks only start with their groups.
 *
 * @param logLevel the log level: error, warn, info, debug or trace
 * @param checks the checks, by name, in the file's order; each one object, shared by the groups
 *     that track it
 * @param groups the groups, built and not started
 * @param warnings what may well be wrong but is not a problem (an interface that does not exist yet, an
 *     inline password in a file every user may read), in the style of the problems
 * @param control the control socket's settings (the {@code control} map)
 * @param metrics where the Prometheus endpoint serves (the {@code metrics} map); empty for none
 */
record AgentConfig(String logLevel, Map<String, Check> checks, List<AgentGroup> groups, List<String> warnings,
    ControlSocket.Settings control, Optional<InetSocketAddress> metrics) {
  private static final Pattern ISO_DURATION = Pattern.compile("\\bPT-?[0-9][0-9.HMS-]*\\b");
  /** At most this many problems are printed; the rest are counted. */
  static final int PROBLEMS_SHOWN = 100;

  private static final Type<String> LEVEL = Type.oneOf(List.of("error", "warn", "info", "debug", "trace"),
      Function.identity());

  /** The file as it is read. */
  private static final class Reading {
    final Path directory;
    String logLevel = "info";
    Map<String, Optional<Check>> checks = Map.of();
    Map<String, SyncMembership> syncGroups = Map.of();
    List<AgentGroup> groups = List.of();
    ControlSocket.Settings control = ControlSocket.Settings.DEFAULT;
    Optional<InetSocketAddress> metrics = Optional.empty();
    Optional<Realtime> realtime = Optional.empty();
    final List<String> warnings = new ArrayList<>();
    final Path worldReadable;
    final Map<String, Check> running;

    Reading(Path directory, Path worldReadable, Map<String, Check> running) {
      this.directory = directory;
      this.worldReadable = worldReadable;
      this.running = running;
    }
  }

  // in reading order: groups track checks and join sync groups
  private static final Options<Reading> TOP = Options.of(
      Option.of("logLevel", LEVEL, (r, value) -> r.logLevel = value),
      Option.of("control.socket", Type.TEXT, (r, value) -> r.control = new ControlSocket.Settings(
          r.directory.resolve(value), r.control.group())),
      Option.of("control.group", Type.TEXT, (r, value) -> r.control = new ControlSocket.Settings(r.control.path(),
          Optional.of(value))),
      Option.custom("metrics", "metrics", (node, r) -> r.metrics = MetricsEndpoint.read(node)),
      Option.custom("checks", "checks", (node, r) -> r.checks = reused(CheckReader.read(node), r.running)),
      Option.custom("syncGroups", "syncGroups", (node, r) -> r.syncGroups = SyncGroupReader.read(node,
          GroupReader.names(node))),
      Option.custom("realtime", "realtime", (node, r) -> r.realtime = Realtime.read(node)),
      Option.custom("groups", "groups", (node, r) -> r.groups = GroupReader.readAll(node,
          new GroupReader.Context(r.directory, r.checks, r.syncGroups, r.warnings, r.worldReadable, r.realtime))));

  /** Copies the collections, keeping the checks' order. */
  AgentConfig {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    groups = List.copyOf(groups);
    warnings = List.copyOf(warnings);
  }

  /** With the control socket's default settings, and no metrics. */
  AgentConfig(String logLevel, Map<String, Check> checks, List<AgentGroup> groups, List<String> warnings) {
    this(logLevel, checks, groups, warnings, ControlSocket.Settings.DEFAULT, Optional.empty());
  }

  /**
   * Reads and checks a configuration file.
   *
   * @param file YAML, or JSON if it ends with {@code .json}
   * @return the configuration
   * @throws ConfigurationException listing every problem of the file
   */
  static AgentConfig load(Path file) {
    return load(file, tree(file), Map.of());
  }

  /**
   * Checks a configuration file read by {@link #tree}, taking the checks that run already where the
   * file defines them as they run (a reload: such a check runs once for the old groups and the new).
   *
   * @param file the file, for its directory and messages
   * @param root what {@link #tree} read of it; its {@code x-} keys are removed
   * @param running checks that run, by name, each to take instead of the file's if that is unchanged
   * @return the configuration
   * @throws ConfigurationException listing every problem of the file
   */
  static AgentConfig load(Path file, JsonNode root, Map<String, Check> running) {
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("configuration " + file, List.of("(expected: a map with a groups list)"));
    }
    // x-anything at the top holds what others refer to (&defaults), as in Compose files
    List<String> extensions = root.properties().stream().map(Map.Entry::getKey).filter(k -> k.startsWith("x-"))
        .toList();
    ((ObjectNode) root).remove(extensions);
    List<String> problems = new ArrayList<>();
    Reading reading = new Reading(file.toAbsolutePath().getParent(), readableByEveryone(file) ? file : null, running);
    TOP.read(new Node(root, "", problems), reading);
    if (!problems.isEmpty()) {
      problems.replaceAll(AgentConfig::readable);
      throw new Problems("configuration " + file, problems);
    }
    Map<String, Check> checks = new LinkedHashMap<>();
    reading.checks.forEach((name, check) -> check.ifPresent(c -> checks.put(name, c)));
    return new AgentConfig(reading.logLevel, checks, reading.groups, reading.warnings, reading.control,
        reading.metrics);
  }

  /**
   * A problem with its durations as people write them: the library's checks and notify hooks say
   * {@code PT0.005S}, said here {@code 5 ms}.
   */
  static String readable(String problem) {
    Matcher m = ISO_DURATION.matcher(problem);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String said;
      try {
        said = new BigDecimal(Duration.parse(m.group()).toNanos()).movePointLeft(6).stripTrailingZeros()
            .toPlainString() + " ms";
      } catch (RuntimeException e) {
        said = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(said));
    }
    return m.appendTail(out).toString();
  }

  private static boolean readableByEveryone(Path file) {
    try {
      return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The problems of a file, its message capped at {@link #PROBLEMS_SHOWN} of them and a count of the
   * rest: a generated file of 20,000 broken groups must not print 40,000 lines.
   */
  static final class Problems extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String what;

    Problems(String what, List<String> problems) {
      super(what, problems);
      this.what = what;
    }

    @Override
    public String getMessage() {
      List<String> all = problems();
      if (all.size() <= PROBLEMS_SHOWN) {
        return super.getMessage();
      }
      return what + ": " + all.size() + " problems\n  - " + String.join("\n  - ", all.subList(0, PROBLEMS_SHOWN))
          + "\n  - (and " + (all.size() - PROBLEMS_SHOWN) + " more problems, not shown)";
    }
  }

  /**
   * Reads only the log level of a file, to configure logging before anything else: {@code info} if
   * the file has none, or cannot be read (then {@link #load} reports why).
   *
   * @param file the configuration file
   * @return the level
   */
  static String logLevel(Path file) {
    try {
      JsonNode level = tree(file).get("logLevel");
      return level == null ? "info" : Optional.ofNullable(LEVEL.parse().apply(level)).orElse("info");
    } catch (RuntimeException e) {
      return "info";
    }
  }

  /** A check still running whose definition a reload leaves unchanged is taken as it runs. */
  private static Map<String, Optional<Check>> reused(Map<String, Optional<Check>> read, Map<String, Check> running) {
    Map<String, Optional<Check>> checks = new LinkedHashMap<>(read);
    running.forEach((name, check) -> checks.computeIfPresent(name, (n, made) -> made.map(unused -> check)));
    return Collections.unmodifiableMap(checks);
  }

  /**
   * Reads a configuration file as a tree, anchors and merge keys resolved.
   *
   * @param file YAML, or JSON if it ends with {@code .json}
   * @return the tree; null for an empty file
   * @throws ConfigurationException if it cannot be read or parsed
   */
  static JsonNode tree(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("configuration " + file, List.of("cannot read it: " + e));
    }
    boolean json = file.toString().endsWith(".json");
    try {
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper.readTree(text);
      }
      return YamlTree.read(text);
    } catch (JsonProcessingException e) {
      // the parser's own message quotes the file (a password, a token): only where, and what kind of error
      throw new ConfigurationException("configuration " + file, List.of(ParseErrors.describe(e, json)));
    } catch (IOException e) {
      throw new ConfigurationException("configuration " + file, List.of("cannot read it: "
          + e.getClass().getSimpleName()));
    }
  }

  /**
   * Describes the checks and the groups, one line each, for {@code --check-config}.
   *
   * @return the lines
   */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    checks.values().forEach(check -> lines.add(check.toString()));
    groups.forEach(group -> lines.add(group.describe()));
    return lines;
  }
}
