package io.github.failover4j.agent;

import java.util.List;

/**
 * The keys of one kind of map of the configuration file, each declared once: the known keys, the
 * order they are read in, and the file's names for the builder's.
 *
 * @param <C> what they are applied to
 * @param options the keys, in reading order
 */
record Options<C>(List<Option<C>> options) {
  /** Copies the list. */
  Options {
    options = List.copyOf(options);
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // List.of only copies the array
  static <C> Options<C> of(Option<C>... options) {
    return new Options<>(List.of(options));
  }

  /** The keys, in declaration order. */
  List<String> keys() {
    return options.stream().map(Option::key).toList();
  }

  /**
   * Records the map's unknown keys, then reads every known one, in declaration order.
   *
   * @param node the map
   * @param target what the keys apply to
   */
  void read(Node node, C target) {
    node.unknownKeys(keys());
    options.forEach(option -> option.read().accept(node, target));
  }

  /**
   * Reads a map that may be written as the value of its main key alone ({@code eth1} for
   * {@code {name: eth1}}); the main key is required.
   *
   * @param node the map or the value
   * @param mainKey the key a value stands for
   * @param target what the keys apply to
   * @return whether the main key is there
   */
  boolean readShorthand(Node node, String mainKey, C target) {
    return node.expanded(mainKey, keys()).map(map -> {
      read(map, target);
      if (!map.has(mainKey)) {
        map.problem(mainKey, "missing");
      }
      return map.has(mainKey);
    }).orElse(false);
  }

  /**
   * Says a builder's problem with the file's name for its option: {@code interfaceName: "x"}
   * becomes {@code interface: "x"}.
   *
   * @param problem as the builder said it
   * @return as the file names it
   */
  String renamed(String problem) {
    for (Option<C> option : options) {
      if (problem.startsWith(option.builderName() + ":")) {
        return option.key() + problem.substring(option.builderName().length());
      }
    }
    return problem;
  }
}
