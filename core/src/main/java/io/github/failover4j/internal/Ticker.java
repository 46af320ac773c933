package io.github.failover4j.internal;

/**
 * A monotonic clock in nanoseconds, read by everything that keeps time; never goes backwards and
 * starts at or above 0. Wall-clock time ({@link java.time.Instant}) is used only for timestamps
 * shown to people.
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Reads the clock.
   *
   * @return nanoseconds since an arbitrary origin
   */
  long read();

  /**
   * The system's monotonic clock, {@link System#nanoTime()}, counted from the first use.
   *
   * @return the shared system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** {@link System#nanoTime()} shifted so that readings start near 0 and stay positive. */
final class SystemTicker implements Ticker {
  static final SystemTicker INSTANCE = new SystemTicker();
  private final long origin = System.nanoTime();

  private SystemTicker() {}

  @Override
  public long read() {
    return System.nanoTime() - origin;
  }
}
