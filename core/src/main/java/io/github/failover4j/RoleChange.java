package io.github.failover4j;

import java.time.Instant;

/**
 * One role change of a group.
 *
 * @param group the group's name
 * @param from the role before
 * @param to the role after
 * @param cause why
 * @param reason the cause for people, e.g. {@code "master down after 361.2 ms"} or
 *     {@code "check nginx failing"}
 * @param priority the priority the group advertises after the change (keepalived's fourth notify
 *     argument)
 * @param at when, by the wall clock
 */
public record RoleChange(String group, Role from, Role to, Cause cause, String reason, int priority, Instant at)
    implements GroupEvent {

  /** Why a group's role changed. */
  public enum Cause {
    /** Started: BACKUP, or MASTER at once as the address owner (priority 255). */
    STARTED,
    /** No advertisement from the master for Master_Down_Interval: it is gone. */
    MASTER_DOWN,
    /** The master released its addresses (priority 0); taken over after Skew_Time. */
    MASTER_RELEASED,
    /** Took over from a master of lower priority (preemption). */
    PREEMPTED_LOWER_PRIORITY,
    /**
     * Heard a higher priority (or an equal one from a higher address) while MASTER; with a lease, a
     * candidate of higher priority that preempts.
     */
    HIGHER_PRIORITY,
    /** Followed another member of its sync group. */
    SYNC_GROUP,
    /** The group's own interface went down. */
    INTERFACE_DOWN,
    /** A tracked check failed with weight 0. */
    CHECK_FAILED,
    /** A tracked interface went down with weight 0. */
    TRACKED_INTERFACE_DOWN,
    /** A tracked file's value made it fail. */
    TRACKED_FILE,
    /** An IP mover's claim kept failing and its policy is FAULT (see {@link MoverOptions.OnClaimFailure}). */
    MOVER_FAILED,
    /**
     * Stepped down: a mover found the addresses on another node while MASTER and its policy is
     * {@link MoverOptions.OnSplitBrain#STEP_DOWN}.
     */
    SPLIT_BRAIN,
    /** Stepped down on request ({@link FailoverGroup#yieldMastership}): priority 0 first, then BACKUP. */
    YIELDED,
    /** Took a store's lease (an election other than VRRP): nobody held it, or its holder's expired. */
    LEASE_ACQUIRED,
    /** The lease was not renewed before the renew deadline, or the store shows another holder. */
    LEASE_LOST,
    /** Every fault cleared: started again. */
    RECOVERED,
    /** Closed; a MASTER first sent priority 0. */
    CLOSED
  }

  @Override
  public String toString() {
    return group + ": " + from + " -> " + to + " (" + reason + ")";
  }
}
