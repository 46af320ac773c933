package io.github.failover4j.testkit;

import java.util.stream.LongStream;

/**
 * The seeds a simulation test runs: a fixed range, so that the build is reproducible, or the one
 * seed named by the system property {@code failover4j.seed}, to replay a failure.
 */
public final class Seeds {
  /** The system property that replays one seed. */
  public static final String PROPERTY = "failover4j.seed";

  private Seeds() {}

  /**
   * Returns the seeds 1..count, or only the one in {@value #PROPERTY} when it is set.
   *
   * @param count how many seeds to run
   * @return the seeds
   */
  public static LongStream first(int count) {
    String replay = System.getProperty(PROPERTY);
    return replay == null ? LongStream.rangeClosed(1, count) : LongStream.of(Long.parseLong(replay));
  }
}
