package io.github.failover4j.group;

/** How often a tracked check ran, timed out, or was skipped because its last run still ran. */
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
}
