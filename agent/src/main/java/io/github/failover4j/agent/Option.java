package io.github.failover4j.agent;

import java.util.function.BiConsumer;

/**
 * One key of a map of the configuration file, declared once: its name in the file (dots for a
 * nested map: {@code unicast.source}), the name the builder's problems give it, and how it is read
 * and applied.
 *
 * @param <C> what it is applied to: a builder, or the reader of a section
 * @param key its name in the file
 * @param builderName the builder's name for it, as its problems say it
 * @param read reads it from the map that holds it and applies it
 */
record Option<C>(String key, String builderName, BiConsumer<Node, C> read) {
  /**
   * A key of a type, named as the builder names it.
   *
   * @param <C> what it is applied to
   * @param <T> its value's type
   * @param key its name in the file
   * @param type its type
   * @param set what a value does
   * @return the option
   */
  static <C, T> Option<C> of(String key, Type<T> type, BiConsumer<C, T> set) {
    return of(key, key, type, set);
  }

  /**
   * A key of a type that the builder names otherwise.
   *
   * @param <C> what it is applied to
   * @param <T> its value's type
   * @param key its name in the file
   * @param builderName the builder's name
   * @param type its type
   * @param set what a value does
   * @return the option
   */
  static <C, T> Option<C> of(String key, String builderName, Type<T> type, BiConsumer<C, T> set) {
    return new Option<>(key, builderName, (node, target) -> node.get(key, type).ifPresent(v -> set.accept(target, v)));
  }

  /**
   * A key read by code of its own: a list of maps, or a section with rules beyond its types.
   *
   * @param <C> what it is applied to
   * @param key its name in the file
   * @param builderName the builder's name
   * @param read reads it from the map that holds it
   * @return the option
   */
  static <C> Option<C> custom(String key, String builderName, BiConsumer<Node, C> read) {
    return new Option<>(key, builderName, read);
  }
}
