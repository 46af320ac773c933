package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.Tracked;
import io.github.failover4j.check.Check;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A configuration file read for running, at the start or by a reload: the configuration, with what
 * a later reload compares against — each group's definition, and the settings outside the groups.
 *
 * @param config the configuration
 * @param definitions each group's definition, by name, in the file's order
 * @param settings the top-level keys that are not groups, checks or sync groups ({@code logLevel},
 *     {@code control}, ...), as written
 */
record LoadedConfig(AgentConfig config, Map<String, GroupDefinition> definitions, Map<String, JsonNode> settings) {
  /** The top-level keys that {@link #definitions} covers. */
  private static final Set<String> OF_GROUPS = Set.of("groups", "checks", "syncGroups");

  /** Copies the maps, keeping their order. */
  LoadedConfig {
    definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * Reads and checks a configuration file, as {@code --check-config} does.
   *
   * @param file the file
   * @param running the groups that run (a reload), whose checks are taken where the file leaves them
   *     unchanged; none at the start
   * @return the configuration
   * @throws io.github.failover4j.ConfigurationException listing every problem of the file
   */
  static LoadedConfig read(Path file, List<RunningGroups.Entry> running) {
    JsonNode root = AgentConfig.tree(file);
    AgentConfig config = AgentConfig.load(file, root, unchangedChecks(root, running));
    Map<String, JsonNode> settings = new LinkedHashMap<>();
    root.properties().stream().filter(property -> !OF_GROUPS.contains(property.getKey()))
        .forEach(property -> settings.put(property.getKey(), property.getValue()));
    return new LoadedConfig(config, GroupDefinition.of(root, file.toAbsolutePath().getParent()), settings);
  }

  /** The running checks the new file defines as the running groups' definitions did. */
  private static Map<String, Check> unchangedChecks(JsonNode root, List<RunningGroups.Entry> running) {
    Map<String, Check> unchanged = new LinkedHashMap<>();
    if (root == null) {
      return unchanged;
    }
    for (RunningGroups.Entry entry : running) {
      for (Tracked tracked : entry.group().track()) {
        if (tracked instanceof Tracked.OfCheck item) {
          String name = item.check().name();
          Optional<JsonNode> was = entry.definition().checks().getOrDefault(name, Optional.empty());
          if (was.isPresent() && was.get().equals(root.path("checks").get(name))) {
            unchanged.put(name, item.check());
          }
        }
      }
    }
    return unchanged;
  }
}
