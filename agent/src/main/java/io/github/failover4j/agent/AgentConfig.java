package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.failover4j.ConfigurationException;
import io.github.failover4j.check.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
 */
record AgentConfig(String logLevel, Map<String, Check> checks, List<AgentGroup> groups) {
  private static final Type<String> LEVEL = Type.oneOf(List.of("error", "warn", "info", "debug", "trace"),
      Function.identity());

  /** The file as it is read. */
  private static final class Reading {
    final Path directory;
    String logLevel = "info";
    Map<String, Optional<Check>> checks = Map.of();
    Map<String, SyncMembership> syncGroups = Map.of();
    List<AgentGroup> groups = List.of();

    Reading(Path directory) {
      this.directory = directory;
    }
  }

  // in reading order: groups track checks and join sync groups
  private static final Options<Reading> TOP = Options.of(
      Option.of("logLevel", LEVEL, (r, value) -> r.logLevel = value),
      Option.custom("checks", "checks", (node, r) -> r.checks = CheckReader.read(node)),
      Option.custom("syncGroups", "syncGroups", (node, r) -> r.syncGroups = SyncGroupReader.read(node,
          GroupReader.names(node))),
      Option.custom("groups", "groups", (node, r) -> r.groups = GroupReader.readAll(node,
          new GroupReader.Context(r.directory, r.checks, r.syncGroups))));

  /** Copies the collections, keeping the checks' order. */
  AgentConfig {
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    groups = List.copyOf(groups);
  }

  /**
   * Reads and checks a configuration file.
   *
   * @param file YAML, or JSON if it ends with {@code .json}
   * @return the configuration
   * @throws ConfigurationException listing every problem of the file
   */
  static AgentConfig load(Path file) {
    JsonNode root = tree(file);
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("configuration " + file, List.of("(expected: a map with a groups list)"));
    }
    List<String> problems = new ArrayList<>();
    Reading reading = new Reading(file.toAbsolutePath().getParent());
    TOP.read(new Node(root, "", problems), reading);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("configuration " + file, problems);
    }
    Map<String, Check> checks = new LinkedHashMap<>();
    reading.checks.forEach((name, check) -> check.ifPresent(c -> checks.put(name, c)));
    return new AgentConfig(reading.logLevel, checks, reading.groups);
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

  private static JsonNode tree(Path file) {
    try {
      ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("configuration " + file, List.of(e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    } catch (IOException e) {
      throw new ConfigurationException("configuration " + file, List.of("cannot read it: " + e));
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
