package io.github.failover4j.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The times of a store's lease, which the group's timers follow instead of VRRP's. A holder keeps
 * the addresses while it can prove that nobody else may hold the lease: from the moment it sent
 * its last successful {@link LeaseStore#campaign}, for {@code renewDeadline}; {@code duration}
 * minus {@code renewDeadline} is the safety margin that covers clock rates and the time to release
 * the addresses.
 *
 * @param duration how long a lease lasts in the store without renewal: after it, another
 *     candidate may take it (etcd's TTL as granted; a Kubernetes Lease's leaseDurationSeconds)
 * @param renewEvery how often the holder renews, and a candidate asks again after an error
 * @param renewDeadline how long after its last successful renewal a holder keeps the addresses
 *     while renewals fail: less than {@code duration}
 */
public record LeaseTiming(Duration duration, Duration renewEvery, Duration renewDeadline) {
  /**
   * Checks the times.
   *
   * @param duration the lease's duration
   * @param renewEvery the renewal period
   * @param renewDeadline how long a holder keeps the addresses without a renewal
   */
  public LeaseTiming {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(renewEvery, "renewEvery");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException("renewEvery: " + renewEvery.toMillis() + " ms (expected: more than 0 and"
          + " less than renewDeadline, " + renewDeadline.toMillis() + " ms)");
    }
    if (renewDeadline.compareTo(duration) >= 0) {
      throw new IllegalArgumentException("renewDeadline: " + renewDeadline.toMillis() + " ms (expected: less than"
          + " the lease's duration, " + duration.toMillis() + " ms)");
    }
  }
}
