package io.github.failover4j;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a group.
 *
 * @param name the group's name
 * @param interfaceName the interface it runs on
 * @param vrid its virtual router identifier; 0 for a group elected by a lease
 * @param role its role now
 * @param priority the priority it advertises now
 * @param basePriority the priority it was configured with
 * @param demotion what {@link FailoverGroup#demote} and {@link FailoverGroup#demoteAll} take off
 *     its priority now
 * @param faults why it is in FAULT (empty unless it is): e.g. {@code "interface eth0 down"},
 *     {@code "check nginx failing"}
 * @param tracked what it tracks, and its state
 * @param master the VRRP master it follows, or itself; empty when none is known, and for a group
 *     elected by a lease (see {@code election})
 * @param counters what it has done and seen
 * @param movers its IP movers, and what each is doing
 * @param election the lease election that elects it instead of VRRP (etcd, a Kubernetes Lease);
 *     empty under VRRP
 */
public record GroupStatus(String name, String interfaceName, int vrid, Role role, int priority, int basePriority,
    int demotion, List<String> faults, List<TrackStatus> tracked, Optional<MasterStatus> master,
    GroupCounters counters, List<MoverStatus> movers, Optional<ElectionStatus> election) {

  /** Copies the lists. */
  public GroupStatus {
    faults = List.copyOf(faults);
    tracked = List.copyOf(tracked);
    movers = List.copyOf(movers);
  }

  /**
   * A snapshot of a VRRP group.
   *
   * @param name the group's name
   * @param interfaceName the interface it runs on
   * @param vrid its virtual router identifier
   * @param role its role now
   * @param priority the priority it advertises now
   * @param basePriority the priority it was configured with
   * @param demotion what demotions take off its priority now
   * @param faults why it is in FAULT
   * @param tracked what it tracks, and its state
   * @param master the master it follows, or itself
   * @param counters what it has done and seen
   * @param movers its IP movers
   */
  public GroupStatus(String name, String interfaceName, int vrid, Role role, int priority, int basePriority,
      int demotion, List<String> faults, List<TrackStatus> tracked, Optional<MasterStatus> master,
      GroupCounters counters, List<MoverStatus> movers) {
    this(name, interfaceName, vrid, role, priority, basePriority, demotion, faults, tracked, master, counters, movers,
        Optional.empty());
  }

  /**
   * Tells whether the addresses are really held: the group is MASTER and every mover has verified
   * that this node holds them (a cloud move may take seconds after the group became MASTER).
   *
   * @return true if held
   */
  public boolean held() {
    return role == Role.MASTER && movers.stream().allMatch(MoverStatus::holding);
  }
}
