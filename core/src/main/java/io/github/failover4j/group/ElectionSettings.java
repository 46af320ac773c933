package io.github.failover4j.group;

import io.github.failover4j.spi.LeaseTiming;
import java.util.Objects;

/**
 * How a group whose leadership is a store's lease, not VRRP, stands in its election.
 *
 * @param store the store's provider name ({@code etcd}, {@code kubernetes}, ...), for the status
 * @param candidate this node's identity in the election
 * @param timing the lease's times as configured; a store may grant others with its first answer
 */
public record ElectionSettings(String store, String candidate, LeaseTiming timing) {
  /**
   * Checks the parts.
   *
   * @param store the provider's name
   * @param candidate this node's identity
   * @param timing the times
   */
  public ElectionSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(timing, "timing");
  }
}
