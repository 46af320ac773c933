package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.failover4j.FailoverGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's {@code election:} key: one provider's name with its settings, e.g.
 * {@code election: {etcd: {endpoints: [...], ttl: 5s}}}, given to the builder as the flat settings
 * the provider reads (nested keys joined with dots, {@code tls.ca}; lists joined with commas). The
 * provider judges the values when the group is built, so {@code --check-config} lists its problems
 * under the group's path. Values are never shown in problems: a map may name a token's file.
 */
final class ElectionReader {
  private ElectionReader() {}

  /**
   * Reads the key into a builder, recording the problems of its shape.
   *
   * @param group the group's map
   * @param builder the group's builder
   */
  static void read(Node group, FailoverGroup.Builder builder) {
    if (!group.written("election")) {
      return; // elected by VRRP
    }
    JsonNode election = group.raw("election").orElse(null);
    if (election == null || !election.isObject() || election.size() != 1) {
      group.problem("election", (election == null ? "empty" : Node.shown("election", election))
          + " (expected: a map of one provider's name to its settings, e.g. etcd: {endpoints: [...]})");
      return;
    }
    String provider = election.fieldNames().next();
    JsonNode settings = election.get(provider);
    if (!settings.isObject() && !settings.isNull()) {
      group.problem("election." + provider, Node.shown(provider, settings) + " (expected: a map of settings)");
      return;
    }
    List<String> nested = new ArrayList<>();
    Map<String, String> flat = settings(settings, nested);
    nested.forEach(key -> group.problem("election." + provider + "." + key,
        "a list of maps (expected: values, or a list of values)"));
    if (nested.isEmpty()) {
      builder.election(provider, flat);
    }
  }

  /**
   * Flattens a provider's settings: nested keys joined with dots, lists with commas.
   *
   * @param settings the provider's map, or null for none
   * @param nested where the keys of lists that hold maps or lists go, which cannot be flattened
   * @return the settings
   */
  static Map<String, String> settings(JsonNode settings, List<String> nested) {
    Map<String, String> flat = new LinkedHashMap<>();
    if (settings.isObject()) {
      flatten("", settings, flat, nested);
    }
    return flat;
  }

  private static void flatten(String prefix, JsonNode map, Map<String, String> flat, List<String> problems) {
    for (Map.Entry<String, JsonNode> field : map.properties()) {
      String key = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, flat, problems);
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.isContainerNode() ? null : item.asText()));
        if (items.contains(null)) {
          problems.add(key);
        } else {
          flat.put(key, String.join(",", items));
        }
      } else if (!value.isNull()) {
        flat.put(key, value.asText());
      }
    }
  }
}
