package io.github.failover4j.group;

import java.time.Duration;
import java.util.Optional;

/**
 * How often a tracked check ran, timed out, or was skipped because its last run still ran, and how
 * long its last run took.
 */
public interface TrackCounts {
  /** Counts of something that is not a check: all zero. */
  TrackCounts NONE = new TrackCounts() {
    @Override
    public long runs() {
      return 0;
    }

    @Override
    public long timeouts() {
      return 0;
    }

    @Override
    public long skipped() {
      return 0;
    }

    @Override
    public Optional<Duration> lastLatency() {
      return Optional.empty();
    }
  };

  /**
   * Returns the number of runs.
   *
   * @return runs
   */
  long runs();

  /**
   * Returns the number of runs that timed out.
   *
   * @return timeouts
   */
  long timeouts();

  /**
   * Returns the number of runs skipped because the previous one had not finished.
   *
   * @return skipped runs
   */
  long skipped();

  /**
   * Returns how long the last run that ended by itself took, from its start to its result; a run
   * stopped at the check's timeout counts in {@link #timeouts()} instead.
   *
   * @return the duration; empty before such a run
   */
  Optional<Duration> lastLatency();
}
