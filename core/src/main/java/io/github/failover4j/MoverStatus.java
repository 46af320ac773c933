package io.github.failover4j;

import io.github.failover4j.spi.IpMover;
import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one IP mover of a group.
 *
 * @param name the mover's name (its provider's, or the one given with an instance)
 * @param kind whether its addresses live on this host or are routed by a cloud
 * @param state what it is doing
 * @param holder who held the addresses at its last look, e.g. {@code this node},
 *     {@code server 3080230}; empty before it looked
 * @param lastError the last failure's message (never a secret), until an operation succeeds
 * @param lastLatency how long its last successful operation took
 * @param attempts the failed attempts since it last succeeded
 * @param operations the operations it ran
 * @param failures the operations that failed
 */
public record MoverStatus(String name, IpMover.Kind kind, MoverState state, Optional<String> holder,
    Optional<String> lastError, Optional<Duration> lastLatency, long attempts, long operations, long failures) {

  /**
   * Tells whether this mover holds the addresses, verified.
   *
   * @return true if {@link MoverState#HOLDING}
   */
  public boolean holding() {
    return state == MoverState.HOLDING;
  }
}
