package io.github.failover4j.testkit;

import java.util.Locale;
import java.util.Optional;

/**
 * The cloud routed an address elsewhere: a claim moved it to a node, or a release unassigned it.
 *
 * @param nanos the virtual time the write took effect, somewhere within its call's latency
 * @param address the address
 * @param from the node that had it, empty if nobody
 * @param to the node that has it now, empty if nobody
 * @param by the node whose call made the move
 * @param requestedNanos when that call started
 */
public record CloudMove(long nanos, String address, Optional<String> from, Optional<String> to, String by,
    long requestedNanos) {

  /**
   * Tells whether the move unassigned the address.
   *
   * @return true for a release
   */
  public boolean unassigned() {
    return to.isEmpty();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: %s -> %s (by %s, requested at %.6f s)", address, from.orElse("nobody"),
        to.orElse("nobody"), by, requestedNanos / 1e9);
  }
}
