package io.github.failover4j.group;

import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.internal.LogTask;
import io.github.failover4j.vrrp.MasterInfo;
import java.util.Optional;

/**
 * The facts of a role change, gathered on the driving thread; {@link #reason} puts them into words
 * later, off that thread (formatting is slow the first time, and the driving thread keeps time).
 *
 * @param from the old role
 * @param to the new role
 * @param cause why
 * @param detail what caused a fault, recovery, sync-group move or lease election's move; empty otherwise
 * @param priority the group's effective priority
 * @param sinceLastAdvertNanos since the last accepted advertisement of a master, or -1
 * @param sinceStartNanos since the group started
 * @param heardPriority the priority in the last advertisement heard, or -1
 * @param followed the master followed after the change, if any
 * @param interfaceName the group's interface
 */
public record RoleTransition(Role from, Role to, RoleChange.Cause cause, String detail, int priority,
    long sinceLastAdvertNanos, long sinceStartNanos, int heardPriority, Optional<MasterInfo> followed,
    String interfaceName) {

  /**
   * Says why the role changed, in words for logs and listeners.
   *
   * @return the reason
   */
  public String reason() {
    return switch (cause) {
      case STARTED -> to == Role.MASTER ? "started as the address owner" : "started";
      case MASTER_DOWN -> sinceLastAdvertNanos < 0
          ? "no master heard in " + new LogTask.Millis(sinceStartNanos) + " since start"
          : "master down after " + new LogTask.Millis(sinceLastAdvertNanos);
      case MASTER_RELEASED -> "master released its addresses " + new LogTask.Millis(sinceLastAdvertNanos) + " ago";
      case PREEMPTED_LOWER_PRIORITY -> "preempted a master of lower priority " + heardPriority;
      case HIGHER_PRIORITY -> !detail.isEmpty() ? detail
          : followed.map(m -> "priority " + m.priority() + " from " + m.address().getHostAddress())
          .orElse("a higher priority");
      case INTERFACE_DOWN -> "interface " + interfaceName + " down";
      case CLOSED -> "closed";
      case SYNC_GROUP, CHECK_FAILED, TRACKED_INTERFACE_DOWN, TRACKED_FILE, MOVER_FAILED, SPLIT_BRAIN, YIELDED, RECOVERED,
          LEASE_ACQUIRED, LEASE_LOST -> detail;
    };
  }
}
