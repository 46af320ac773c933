package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import java.util.Optional;

/**
 * The {@code realtime} key of the file, for the whole agent: the engine thread's real-time priority
 * (keepalived's {@code vrrp_rt_priority}) and whether memory is locked (keepalived's
 * {@code vrrp_no_swap}). Given to every group's builder: the engine thread is one for all groups.
 *
 * @param priority SCHED_RR priority of the engine thread, 1..99
 * @param lockMemory whether the process's memory is locked (mlockall)
 */
record Realtime(int priority, boolean lockMemory) {
  private static final int MAX_PRIORITY = 99;

  /** The map as it is read. */
  private static final class Reading {
    Integer priority;
    boolean lockMemory;
  }

  private static final Options<Reading> KEYS = Options.of(
      Option.of("priority", Type.INTEGER, (r, value) -> r.priority = value),
      Option.of("lockMemory", Type.BOOLEAN, (r, value) -> r.lockMemory = value));

  /**
   * Reads the {@code realtime} key of the file: {@code {priority: 1..99, lockMemory: true|false}},
   * or the priority alone; every problem goes to the node.
   *
   * @param top the file's top map
   * @return the settings, empty if the key is absent or has problems
   */
  static Optional<Realtime> read(Node top) {
    return top.child("realtime").flatMap(node -> {
      Reading reading = new Reading();
      if (!KEYS.readShorthand(node, "priority", reading) || reading.priority == null) {
        return Optional.empty();
      }
      if (reading.priority < 1 || reading.priority > MAX_PRIORITY) {
        node.problem("priority", reading.priority + " (expected: 1.." + MAX_PRIORITY + ")");
        return Optional.empty();
      }
      return Optional.of(new Realtime(reading.priority, reading.lockMemory));
    });
  }

  /**
   * Sets a group's builder to ask for these settings.
   *
   * @param builder the group's builder
   */
  void applyTo(FailoverGroup.Builder builder) {
    builder.realtimePriority(priority).lockMemory(lockMemory);
  }
}
