package io.github.failover4j.notify;

import io.github.failover4j.FailoverListener;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Notifies a sync group's own scripts (keepalived's {@code vrrp_sync_group} {@code notify*}, with
 * {@code GROUP} as the first argument and no priority) when the group as a whole changes state.
 * Add it as a listener to every member. The sync group is FAULT while any member is, MASTER once
 * every member is, STOP once every member is closed, and BACKUP otherwise once every member has
 * started; each such state is told once, in order.
 */
public final class SyncGroupNotifier implements FailoverListener {
  private final String name;
  private final NotifyHook hook;
  private final Map<String, Role> members = new LinkedHashMap<>(); // guarded by this
  private final Map<String, Boolean> closed = new LinkedHashMap<>(); // guarded by this
  private NotifyHook.State told; // guarded by this

  /**
   * Creates the notifier of a sync group.
   *
   * @param name the sync group's name, the scripts' second argument
   * @param memberNames the names of its member groups
   * @param hook the sync group's scripts
   */
  public SyncGroupNotifier(String name, Collection<String> memberNames, NotifyHook hook) {
    this.name = name;
    this.hook = hook;
    memberNames.forEach(member -> {
      members.put(member, Role.INITIALIZE);
      closed.put(member, false);
    });
  }

  /**
   * Returns the sync group's scripts.
   *
   * @return the hook
   */
  public NotifyHook hook() {
    return hook;
  }

  @Override
  public synchronized void onRoleChange(RoleChange change) {
    if (!members.containsKey(change.group())) {
      return;
    }
    members.put(change.group(), change.to());
    closed.put(change.group(), change.cause() == RoleChange.Cause.CLOSED);
    Optional<NotifyHook.State> state = state();
    if (state.isPresent() && state.get() != told) {
      told = state.get();
      hook.syncGroupChanged(name, told);
    }
  }

  private Optional<NotifyHook.State> state() {
    if (members.containsValue(Role.FAULT)) {
      return Optional.of(NotifyHook.State.FAULT);
    }
    if (members.values().stream().allMatch(role -> role == Role.MASTER)) {
      return Optional.of(NotifyHook.State.MASTER);
    }
    if (closed.values().stream().allMatch(Boolean::booleanValue)) {
      return Optional.of(NotifyHook.State.STOP);
    }
    // while a member is still starting (or waiting for its checks) the group has no state yet
    return members.containsValue(Role.INITIALIZE) ? Optional.empty() : Optional.of(NotifyHook.State.BACKUP);
  }

  @Override
  public String toString() {
    return "sync group " + name + " " + hook;
  }
}
