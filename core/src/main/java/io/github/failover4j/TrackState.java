package io.github.failover4j;

/** The state of something a group tracks. */
public enum TrackState {
  /** No result yet: a check before its first run ends, a file not read yet. */
  UNKNOWN,
  /** Healthy: a check that passed (rise times), an interface that is up, a readable file. */
  HEALTHY,
  /** Failing: a check that failed (fall times), an interface that is down, an unreadable file. */
  FAILING
}
