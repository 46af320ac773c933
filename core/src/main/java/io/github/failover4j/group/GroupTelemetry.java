package io.github.failover4j.group;

import io.github.failover4j.ElectionStatus;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MasterStatus;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.vrrp.VrrpDecodeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a group publishes to other threads: its role (with a monitor to wait on), the master it
 * follows, its priority, faults and tracked items, and its counters. Written by the one thread
 * that drives the group, read by any.
 */
public final class GroupTelemetry {
  /** Counters other than drops by reason. */
  public enum Count {
    /** Advertisements sent, priority 0 included. */
    ADVERTS_SENT,
    /** Advertisements received that passed every check. */
    ADVERTS_RECEIVED,
    /** Priority-0 advertisements sent. */
    PRIORITY_ZERO_SENT,
    /** Priority-0 advertisements received. */
    PRIORITY_ZERO_RECEIVED,
    /** Unicast advertisements from an address that is not a peer. */
    NOT_FROM_PEER,
    /** Multicast advertisements to a unicast group, or the other way round. */
    WRONG_DESTINATION,
    /** Advertisements whose address list differs from the group's. */
    ADDRESS_LIST_MISMATCHES,
    /** Sends the socket refused. */
    SEND_ERRORS,
    /** Role changes. */
    TRANSITIONS
  }

  private static final int REASONS = VrrpDecodeException.Reason.values().length;

  private final GroupSettings settings;
  private final Object roleMonitor = new Object();
  private volatile Role role = Role.INITIALIZE;
  private volatile long roleSince;
  private volatile MasterStatus master;
  private volatile int priority;
  private volatile int demotion;
  private volatile List<String> faults = List.of();
  private volatile List<TrackStatus> tracked = List.of();
  private volatile ElectionStatus election; // null under VRRP
  private volatile long leaseValidUntil = -1;
  private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);
  private final AtomicLongArray invalid = new AtomicLongArray(REASONS);
  private final AtomicLongArray roleNanos = new AtomicLongArray(Role.values().length);

  GroupTelemetry(GroupSettings settings) {
    this.settings = settings;
    this.priority = settings.vrrp().priority();
  }

  /**
   * Counts one event.
   *
   * @param counter what happened
   */
  public void count(Count counter) {
    increment(counts, counter.ordinal());
  }

  void dropped(VrrpDecodeException.Reason reason) {
    increment(invalid, reason.ordinal());
  }

  /** Single writer (the driving thread): an ordered store is enough, and cheaper than an atomic add. */
  private static void increment(AtomicLongArray array, int index) {
    array.lazySet(index, array.get(index) + 1);
  }

  void started(long now) {
    roleSince = now;
  }

  void role(long now, Role to) {
    Role from = role;
    roleNanos.lazySet(from.ordinal(), roleNanos.get(from.ordinal()) + now - roleSince);
    synchronized (roleMonitor) {
      role = to;
      roleSince = now;
      roleMonitor.notifyAll();
    }
    count(Count.TRANSITIONS);
  }

  void master(MasterStatus value) {
    master = value;
  }

  void priority(int value) {
    priority = value;
  }

  void demotion(int value) {
    demotion = value;
  }

  void faults(List<String> value) {
    faults = List.copyOf(value);
  }

  void election(ElectionStatus value, long validUntil) {
    election = value;
    leaseValidUntil = validUntil;
  }

  void tracked(List<TrackStatus> value) {
    tracked = List.copyOf(value);
  }

  /**
   * Returns the current role.
   *
   * @return the role
   */
  public Role role() {
    return role;
  }

  /**
   * Returns the priority the group advertises now.
   *
   * @return the effective priority
   */
  public int priority() {
    return priority;
  }

  /**
   * Waits until the group is MASTER.
   *
   * @param timeout how long at most
   * @return true if it is MASTER
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitMaster(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (roleMonitor) {
      while (role != Role.MASTER) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        roleMonitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Builds a snapshot.
   *
   * @param now the driver's ticker reading
   * @param engineStalls the driver's stall count
   * @param movers the state of this group's movers
   * @return the status
   */
  public GroupStatus status(long now, long engineStalls, List<MoverStatus> movers) {
    GroupCounters.Builder counters = GroupCounters.builder()
        .advertsSent(get(Count.ADVERTS_SENT))
        .advertsReceived(get(Count.ADVERTS_RECEIVED))
        .priorityZeroSent(get(Count.PRIORITY_ZERO_SENT))
        .priorityZeroReceived(get(Count.PRIORITY_ZERO_RECEIVED))
        .notFromPeer(get(Count.NOT_FROM_PEER))
        .wrongDestination(get(Count.WRONG_DESTINATION))
        .addressListMismatches(get(Count.ADDRESS_LIST_MISMATCHES))
        .sendErrors(get(Count.SEND_ERRORS))
        .transitions(get(Count.TRANSITIONS))
        .moverFailures(movers.stream().mapToLong(MoverStatus::failures).sum())
        .engineStalls(engineStalls);
    for (VrrpDecodeException.Reason reason : VrrpDecodeException.Reason.values()) {
      long count = invalid.get(reason.ordinal());
      if (count > 0) {
        counters.invalid(reason, count);
      }
    }
    Role current = role;
    for (Role r : Role.values()) {
      long nanos = roleNanos.get(r.ordinal()) + (r == current ? Math.max(0, now - roleSince) : 0);
      if (nanos > 0) {
        counters.timeInRole(r, Duration.ofNanos(nanos));
      }
    }
    return new GroupStatus(settings.name(), settings.interfaceName(), settings.vrid(), current, priority,
        settings.vrrp().priority(), demotion, faults, tracked, Optional.ofNullable(master), counters.build(),
        movers, election(now));
  }

  /** The election with how long a MASTER keeps the addresses without a renewal, as of now. */
  private Optional<ElectionStatus> election(long now) {
    ElectionStatus e = election;
    long validUntil = leaseValidUntil;
    if (e == null || validUntil < 0) {
      return Optional.ofNullable(e);
    }
    return Optional.of(new ElectionStatus(e.store(), e.candidate(), e.holder(), e.fencingToken(), e.candidates(),
        Optional.of(Duration.ofNanos(Math.max(0, validUntil - now))), e.lastError(), e.calls(), e.failures()));
  }

  private long get(Count counter) {
    return counts.get(counter.ordinal());
  }
}
