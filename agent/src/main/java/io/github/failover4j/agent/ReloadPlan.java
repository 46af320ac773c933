package io.github.failover4j.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a reload does to each group, by name: the running groups against those of the new file.
 * A sync group moves as one: when one member changes, is added or left out, every member restarts
 * (the members share one coordinator, made anew with the file).
 *
 * @param unchanged groups left running as they are, in the new file's order
 * @param restarted groups whose definition changed: closed, then started anew, in the new file's order
 * @param added groups of the new file not running: started, in the new file's order
 * @param removed running groups the new file does not have: closed, in the order they ran
 */
record ReloadPlan(List<String> unchanged, List<String> restarted, List<String> added, List<String> removed) {
  /** Copies the lists. */
  ReloadPlan {
    unchanged = List.copyOf(unchanged);
    restarted = List.copyOf(restarted);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /**
   * Compares the running groups with the new file's.
   *
   * @param running the running groups' definitions, in the order they run
   * @param next the new file's, in its order
   * @return the plan
   */
  static ReloadPlan between(Map<String, GroupDefinition> running, Map<String, GroupDefinition> next) {
    Set<String> unchanged = new LinkedHashSet<>();
    List<String> added = new ArrayList<>();
    next.forEach((name, definition) -> {
      if (!running.containsKey(name)) {
        added.add(name);
      } else if (running.get(name).equals(definition)) {
        unchanged.add(name);
      }
    });
    Set<String> moving = new LinkedHashSet<>();
    next.forEach((name, definition) -> {
      if (!unchanged.contains(name)) {
        definition.syncGroupName().ifPresent(moving::add);
      }
    });
    next.forEach((name, definition) -> {
      if (definition.syncGroupName().filter(moving::contains).isPresent()) {
        unchanged.remove(name);
      }
    });
    List<String> restarted = next.keySet().stream()
        .filter(name -> running.containsKey(name) && !unchanged.contains(name)).toList();
    List<String> removed = running.keySet().stream().filter(name -> !next.containsKey(name)).toList();
    return new ReloadPlan(next.keySet().stream().filter(unchanged::contains).toList(), restarted, added, removed);
  }
}
