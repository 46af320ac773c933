package io.github.failover4j.spi;

import java.util.Objects;

/**
 * A node that stands in a group's election, as the store publishes it to the others.
 *
 * @param id its identity, unique among the group's candidates
 * @param priority its effective priority (1..254 as with VRRP: checks and demotions included);
 *     the holder hands over to a higher one that may preempt
 * @param preempt whether it wants to take the lease from a lower-priority holder (VRRP's preempt
 *     mode; the holder yields, it is never taken by force)
 */
public record Candidate(String id, int priority, boolean preempt) {
  /**
   * Checks the parts.
   *
   * @param id its identity
   * @param priority its priority
   * @param preempt whether it preempts
   */
  public Candidate {
    Objects.requireNonNull(id, "id");
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("priority: " + priority + " (expected: 0..255)");
    }
  }
}
