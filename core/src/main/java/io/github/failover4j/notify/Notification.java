package io.github.failover4j.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One notification of one group or sync group: keepalived's arguments, and the variables of the
 * scripts' environment.
 *
 * @param syncGroup whether it is of a sync group ({@code GROUP}) rather than a group ({@code INSTANCE})
 * @param group the group's or sync group's name
 * @param state its new state
 * @param priority the priority the group advertises now; 0 for a sync group, which has none
 */
record Notification(boolean syncGroup, String group, NotifyHook.State state, int priority) {
  /** keepalived's first argument for a group. */
  static final String INSTANCE = "INSTANCE";
  /** keepalived's first argument for a sync group. */
  static final String GROUP = "GROUP";

  /** Of a group: keepalived's INSTANCE, name, state, priority. */
  static Notification ofGroup(String group, NotifyHook.State state, int priority) {
    return new Notification(false, group, state, priority);
  }

  /** Of a sync group: keepalived's GROUP, name, state, and no priority. */
  static Notification ofSyncGroup(String name, NotifyHook.State state) {
    return new Notification(true, name, state, 0);
  }

  /**
   * Appends keepalived's arguments to a command line: {@code INSTANCE} or {@code GROUP}, the name
   * (quoted for the shell: a name is any text), the state, and for a group the priority.
   *
   * @param command the configured command line
   * @return the line for {@code /bin/sh -c}
   */
  String commandLine(String command) {
    return syncGroup ? command + " " + GROUP + " " + quoted(group) + " " + state
        : command + " " + INSTANCE + " " + quoted(group) + " " + state + " " + priority;
  }

  /**
   * Returns the variables a script gets besides {@code PATH} and {@code LANG}.
   *
   * @param facts the group's configuration, if the hook was told it
   * @return the variables
   */
  Map<String, String> environment(Optional<GroupFacts> facts) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FAILOVER4J_STATE", state.name());
    if (syncGroup) {
      env.put("FAILOVER4J_SYNC_GROUP", group);
      return env;
    }
    env.put("FAILOVER4J_GROUP", group);
    env.put("FAILOVER4J_PRIORITY", String.valueOf(priority));
    facts.ifPresent(f -> {
      env.put("FAILOVER4J_VRID", String.valueOf(f.vrid()));
      env.put("FAILOVER4J_INTERFACE", f.interfaceName());
      // ADDRESS/PREFIX as the configuration has it; VirtualIp's toString would add the label
      env.put("FAILOVER4J_VIRTUAL_IPS", f.virtualIps().stream()
          .map(vip -> vip.address().getHostAddress() + "/" + vip.prefixLength()).collect(Collectors.joining(" ")));
    });
    return env;
  }

  /** Single quotes, each quote inside closed, escaped and reopened: the shell expands nothing. */
  static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  @Override
  public String toString() {
    return syncGroup ? "sync group " + group + " " + state : group + " " + state + " priority " + priority;
  }
}
