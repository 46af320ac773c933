package io.github.failover4j.internal.check;

import io.github.failover4j.TrackState;

/**
 * keepalived's rise and fall: a check turns HEALTHY after {@code rise} successes in a row and
 * FAILING after {@code fall} failures in a row. Before its first result it is UNKNOWN, and the
 * first result decides at once, unless it starts FAILING (keepalived's {@code init_fail}).
 */
final class CheckHealth {
  private final int rise;
  private final int fall;
  private TrackState state;
  private int successes;
  private int failures;

  CheckHealth(int rise, int fall, boolean startFailing) {
    this.rise = rise;
    this.fall = fall;
    this.state = startFailing ? TrackState.FAILING : TrackState.UNKNOWN;
  }

  /** Records a result; returns true if the state changed. */
  boolean record(boolean healthy) {
    TrackState before = state;
    if (healthy) {
      failures = 0;
      successes++;
      if (state == TrackState.UNKNOWN || state == TrackState.FAILING && successes >= rise) {
        state = TrackState.HEALTHY;
      }
    } else {
      successes = 0;
      failures++;
      if (state == TrackState.UNKNOWN || state == TrackState.HEALTHY && failures >= fall) {
        state = TrackState.FAILING;
      }
    }
    return state != before;
  }

  TrackState state() {
    return state;
  }
}
