package io.github.failover4j.group;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMoverException;
import java.util.Optional;

/**
 * How one mover operation ended: done (with the holder, for an observation) or failed.
 *
 * @param holder what an observation saw; empty for the other operations and for failures
 * @param failure why it failed; empty if it succeeded
 */
public record MoverOutcome(Optional<Holder> holder, Optional<IpMoverException> failure) {
  private static final MoverOutcome DONE = new MoverOutcome(Optional.empty(), Optional.empty());

  /**
   * An operation that succeeded.
   *
   * @return the outcome
   */
  public static MoverOutcome done() {
    return DONE;
  }

  /**
   * An observation.
   *
   * @param holder what it saw
   * @return the outcome
   */
  public static MoverOutcome observed(Holder holder) {
    return new MoverOutcome(Optional.of(holder), Optional.empty());
  }

  /**
   * An operation that failed.
   *
   * @param failure why
   * @return the outcome
   */
  public static MoverOutcome failed(IpMoverException failure) {
    return new MoverOutcome(Optional.empty(), Optional.of(failure));
  }
}
