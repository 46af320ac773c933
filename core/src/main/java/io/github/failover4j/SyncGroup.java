package io.github.failover4j;

import io.github.failover4j.group.SyncCoordinator;
import java.util.Objects;

/**
 * Groups that move together (keepalived's {@code vrrp_sync_group}): give the same {@code SyncGroup}
 * to the builders of the groups of one process. The rule:
 *
 * <ul>
 *   <li>When a member goes to FAULT, every other member goes to FAULT with it ("sync group edge:
 *       web in FAULT"), and back when the fault clears.
 *   <li>When a member leaves MASTER for BACKUP (a higher priority was heard), every other member that
 *       is MASTER steps down too, sending priority 0 so that the other node's members take over at
 *       once.
 *   <li>A member becomes MASTER only when every other member is MASTER or would become MASTER now
 *       (its master is gone, or it would preempt it); then they all become MASTER together. A member
 *       that would take over alone is held back as BACKUP, so that the members never split between
 *       two nodes for long (keepalived prefers BACKUP to thrashing in the same way).
 * </ul>
 *
 * <p>Members that are not started (or closed) take no part. The members on every node should have
 * the same priority order, or they will keep each other BACKUP. Weights of tracked checks apply per
 * member; to move all members on a failing check, track it with weight 0 (FAULT) in each.
 */
public final class SyncGroup {
  private final String name;
  private final SyncCoordinator coordinator;

  private SyncGroup(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.coordinator = new SyncCoordinator(name);
  }

  /**
   * Makes a sync group.
   *
   * @param name its name, for logs and notifications
   * @return the sync group, without members until groups name it
   */
  public static SyncGroup named(String name) {
    return new SyncGroup(name);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The coordinator its members share; internal.
   *
   * @return the coordinator
   */
  SyncCoordinator coordinator() {
    return coordinator;
  }

  @Override
  public String toString() {
    return "SyncGroup[" + name + "]";
  }
}
