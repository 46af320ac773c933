package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A map of the configuration file, with its path ({@code groups[0]}) and the list its problems go
 * to: every read records what is wrong under the value's path and goes on, so that the file's
 * problems are all reported at once. A value is never shown for a key naming a password.
 */
final class Node {
  private final JsonNode json;
  private final String path;
  private final List<String> problems;
  private final String shorthand;

  /**
   * Wraps a map (or a value) of the file.
   *
   * @param json the map
   * @param path its path, empty for the file's top
   * @param problems where problems go
   */
  Node(JsonNode json, String path, List<String> problems) {
    this(json, path, problems, null);
  }

  private Node(JsonNode json, String path, List<String> problems, String shorthand) {
    this.json = json;
    this.path = path;
    this.problems = problems;
    this.shorthand = shorthand;
  }

  String path() {
    return path;
  }

  List<String> problems() {
    return problems;
  }

  /** The path of a key of this map: {@code groups[0].vrid}; a shorthand's value is the map's own. */
  String at(String key) {
    return key.equals(shorthand) ? path : path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem of this map as a whole. */
  void problem(String text) {
    problems.add(path + ": " + text);
  }

  /** Records a problem of one of its keys. */
  void problem(String key, String text) {
    problems.add(at(key) + ": " + text);
  }

  /**
   * Returns the raw value of a key; dots go into nested maps ({@code unicast.source}).
   *
   * @param key the key
   * @return the value, empty if absent, null, or under something that is not a map
   */
  Optional<JsonNode> raw(String key) {
    JsonNode value = json;
    for (String part : key.split("\\.")) {
      value = value.isObject() ? value.get(part) : null;
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
    }
    return Optional.of(value);
  }

  boolean has(String key) {
    return raw(key).isPresent();
  }

  /**
   * Whether a key of this map is written, even with no value ({@code unicast:}, {@code ~}).
   *
   * @param key the key, not dotted
   * @return whether the map has it
   */
  boolean written(String key) {
    return json.isObject() && json.has(key);
  }

  /**
   * Reads a key's value, recording a problem if it is not of its type.
   *
   * @param <T> the value's type
   * @param key the key; dots go into nested maps
   * @param type its type
   * @return the value, empty if absent or not of its type
   */
  <T> Optional<T> get(String key, Type<T> type) {
    return raw(key).flatMap(value -> {
      try {
        Optional<T> read = Optional.ofNullable(type.parse().apply(value));
        if (read.isEmpty()) {
          problem(key, shown(key, value) + " (expected: " + type.expected() + ")");
        }
        return read;
      } catch (IllegalArgumentException e) {
        // a parser's own words; it never holds a password, whose values are only ever TEXT
        problem(key, e.getMessage());
        return Optional.empty();
      }
    });
  }

  /**
   * Returns a nested map, recording a problem if the key holds something else.
   *
   * @param key the key
   * @param expected what the map holds, for the problem
   * @return the map, empty if absent or not a map
   */
  Optional<Node> map(String key, String expected) {
    return raw(key).flatMap(value -> {
      if (value.isObject()) {
        return Optional.of(new Node(value, at(key), problems));
      }
      problem(key, shown(key, value) + " (expected: " + expected + ")");
      return Optional.empty();
    });
  }

  /**
   * Hands each item of a list to a reader, as a node with the item's path ({@code virtualIps[1]}).
   *
   * @param key the list's key
   * @param item reads one item; an item that is not a map is a node of a value
   */
  void each(String key, Consumer<Node> item) {
    raw(key).ifPresent(list -> {
      if (!list.isArray()) {
        problem(key, shown(key, list) + " (expected: a list)");
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        item.accept(new Node(list.get(i), at(key) + "[" + i + "]", problems));
      }
    });
  }

  /**
   * Hands each item of a list of maps to a reader; an item that is not a map is a problem.
   *
   * @param key the list's key
   * @param expected what an item must be, for the problem
   * @param map reads one item
   */
  void eachMap(String key, String expected, Consumer<Node> map) {
    each(key, item -> {
      if (item.json.isObject()) {
        map.accept(item);
      } else {
        item.problem(shown(key, item.json) + " (expected: " + expected + ")");
      }
    });
  }

  /**
   * Returns what a key holds, whatever it is, as a node with the key's path.
   *
   * @param key the key
   * @return the node, empty if absent or null
   */
  Optional<Node> child(String key) {
    return raw(key).map(value -> new Node(value, at(key), problems));
  }

  /**
   * Returns this node as a map: itself, or, when it is a value, the map of that value under its main
   * key (the shorthand: {@code eth1} for {@code {name: eth1}}).
   *
   * @param mainKey the key a value stands for
   * @param keys the map's keys, for the problem
   * @return the map, empty (with a problem) if this is neither a map nor a value
   */
  Optional<Node> expanded(String mainKey, Collection<String> keys) {
    if (json.isObject()) {
      return Optional.of(this);
    }
    if (json.isValueNode() && !json.isNull()) {
      return Optional.of(new Node(JsonNodeFactory.instance.objectNode().set(mainKey, json), path, problems, mainKey));
    }
    problem(shown(path, json) + " (expected: " + mainKey + ", or a map with " + String.join(", ", keys) + ")");
    return Optional.empty();
  }

  /** The names of this map's keys, in the file's order. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /**
   * Records every key that is not known, with a close spelling if there is one. Dotted known keys
   * make their first part a map whose keys are checked the same way.
   *
   * @param known the keys of this map
   */
  void unknownKeys(Collection<String> known) {
    Set<String> here = new LinkedHashSet<>();
    known.forEach(key -> here.add(key.split("\\.", 2)[0]));
    for (Iterator<String> keys = json.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!here.contains(key)) {
        problem(key, "unknown key" + didYouMean(key, here));
      }
    }
    for (String map : here) {
      List<String> nested = known.stream().filter(k -> k.startsWith(map + ".")).map(k -> k.substring(map.length() + 1))
          .toList();
      JsonNode value = json.get(map);
      if (nested.isEmpty() || value == null || value.isNull()) {
        continue;
      }
      if (value.isObject()) {
        new Node(value, at(map), problems).unknownKeys(nested);
      } else {
        problem(map, shown(map, value) + " (expected: a map with " + String.join(", ", nested) + ")");
      }
    }
  }

  /**
   * Says that a name is not one of those the file defines, with a close spelling if there is one.
   *
   * @param kind what it names, e.g. {@code check}
   * @param section where they are defined, e.g. {@code checks}
   * @param name the name
   * @param known the names defined
   * @return e.g. {@code unknown check "ngnix" (expected: one of checks: nginx); did you mean nginx?}
   */
  static String unknownName(String kind, String section, String name, Collection<String> known) {
    return "unknown " + kind + " \"" + name + "\" (expected: one of " + section + ": " + String.join(", ", known) + ")"
        + didYouMean(name, known);
  }

  /** A known word spelt within two edits of a word, as {@code "; did you mean priority?"}, or nothing. */
  private static String didYouMean(String word, Collection<String> known) {
    return known.stream().filter(k -> distance(k.toLowerCase(Locale.ROOT), word.toLowerCase(Locale.ROOT)) <= 2)
        .findFirst().map(k -> "; did you mean " + k + "?").orElse("");
  }

  /** Levenshtein distance: enough to catch "prority" and "virtualIp". */
  private static int distance(String a, String b) {
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
   * A value as a problem shows it: a password's never, even when it is malformed; a map or a list as
   * what it is, never with what it holds (a password, a token).
   */
  static String shown(String key, JsonNode value) {
    if (value.isObject()) {
      return value.isEmpty() ? "{}" : "a map";
    }
    if (value.isArray()) {
      return value.isEmpty() ? "[]" : "a list";
    }
    return key.toLowerCase(Locale.ROOT).contains("password") ? "(hidden)" : value.toString();
  }
}
