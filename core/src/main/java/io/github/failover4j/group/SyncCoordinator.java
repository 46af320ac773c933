package io.github.failover4j.group;

import io.github.failover4j.vrrp.VrrpState;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the groups of a sync group together, as keepalived's {@code vrrp_sync_group} does:
 * <ul>
 *   <li>while a member has a fault of its own, every other member is FAULT too;
 *   <li>a member that becomes MASTER on its own (its peer went down, it preempted) takes the
 *       others with it, and one that falls back to BACKUP (a higher priority was heard) takes the
 *       MASTERs down with it;
 *   <li>a BACKUP whose Master_Down_Timer ran out waits until every other member is MASTER or
 *       wants to be, so that all become MASTER together.
 * </ul>
 * Moves it causes do not propagate again. All members must be driven by one thread (the engine's,
 * or the simulation's).
 */
public final class SyncCoordinator {
  private final String name;
  private final List<GroupLogic> members = new ArrayList<>();

  /**
   * Creates the coordinator of a sync group.
   *
   * @param name the sync group's name
   */
  public SyncCoordinator(String name) {
    this.name = name;
  }

  /**
   * Returns the sync group's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  void join(long now, GroupLogic member) {
    members.add(member);
    refreshFaults(now);
  }

  void leave(long now, GroupLogic member) {
    members.remove(member);
    refreshFaults(now);
  }

  /** Whether a BACKUP whose timer ran out may become MASTER: every other member is or wants to be. */
  boolean mayTakeOver(long now, GroupLogic member) {
    for (GroupLogic other : members) {
      if (other != member && other.state() != VrrpState.MASTER && !other.wantsMaster(now)) {
        return false;
      }
    }
    return true;
  }

  /** A member changed role on its own: the others follow. */
  void moved(long now, GroupLogic member, VrrpState from, VrrpState to) {
    if (to == VrrpState.MASTER) {
      String why = "sync group " + name + ": " + member.name() + " became MASTER";
      for (GroupLogic other : List.copyOf(members)) {
        if (other != member && other.state() == VrrpState.BACKUP) {
          other.syncTakeOver(now, why);
        }
      }
    } else if (from == VrrpState.MASTER && to == VrrpState.BACKUP) {
      String why = "sync group " + name + ": " + member.name() + " became BACKUP";
      for (GroupLogic other : List.copyOf(members)) {
        if (other != member && other.state() == VrrpState.MASTER) {
          other.syncYield(now, why);
        }
      }
    }
  }

  /** Recomputes which members are FAULT because another has a fault of its own. */
  void refreshFaults(long now) {
    for (GroupLogic member : List.copyOf(members)) {
      for (GroupLogic other : members) {
        if (other != member) {
          member.syncFault(now, "sync group " + name + ": " + other.name() + " in FAULT", other.hasOwnFault());
        }
      }
    }
  }
}
