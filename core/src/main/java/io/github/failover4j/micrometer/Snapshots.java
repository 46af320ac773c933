package io.github.failover4j.micrometer;

import io.github.failover4j.GroupStatus;
import io.micrometer.core.instrument.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One status snapshot for every meter of a group read within {@link #FRESH_NANOS} of it: a scrape
 * reads some fifty meters per group, and they should show one state (exactly one role at 1), not
 * fifty snapshots taken a few microseconds apart.
 */
final class Snapshots {
  /** Long enough for one scrape, short enough that nobody sees a stale role. */
  static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final StatusSource source;
  private final Clock clock;
  private GroupStatus last;
  private long takenAt;

  Snapshots(StatusSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  synchronized GroupStatus get() {
    long now = clock.monotonicTime();
    if (last == null || now - takenAt >= FRESH_NANOS) {
      last = source.status();
      takenAt = now;
    }
    return last;
  }
}
