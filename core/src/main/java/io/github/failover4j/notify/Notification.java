package io.github.failover4j.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One notification of one group: keepalived's four arguments, and the variables of the scripts'
 * environment.
 *
 * @param group the group's name
 * @param state its new state
 * @param priority the priority it advertises now
 */
record Notification(String group, NotifyHook.State state, int priority) {
  /** keepalived's first argument for a group; {@code GROUP} is for a sync group. */
  static final String INSTANCE = "INSTANCE";

  /**
   * Appends keepalived's four arguments to a command line: {@code INSTANCE}, the group's name
   * (quoted for the shell: a name is any text), the state and the priority.
   *
   * @param command the configured command line
   * @return the line for {@code /bin/sh -c}
   */
  String commandLine(String command) {
    return command + " " + INSTANCE + " " + quoted(group) + " " + state + " " + priority;
  }

  /**
   * Returns the variables a script gets besides {@code PATH} and {@code LANG}.
   *
   * @param facts the group's configuration, if the hook was told it
   * @return the variables
   */
  Map<String, String> environment(Optional<GroupFacts> facts) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FAILOVER4J_GROUP", group);
    env.put("FAILOVER4J_STATE", state.name());
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
    return group + " " + state + " priority " + priority;
  }
}
