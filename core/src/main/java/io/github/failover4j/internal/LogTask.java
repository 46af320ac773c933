package io.github.failover4j.internal;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One log line, written later on a lane: the engine thread must neither block on a logger's output
 * nor link a lambda (milliseconds, on first use) to hand the line over.
 *
 * @param logger the logger
 * @param level the level
 * @param format the slf4j message format
 * @param arguments its arguments, formatted by the lane
 */
public record LogTask(Logger logger, Level level, String format, Object... arguments) implements Runnable {
  @Override
  public void run() {
    logger.atLevel(level).log(format, arguments);
  }

  /**
   * A duration in milliseconds with one decimal, formatted only when logged.
   *
   * @param nanos the duration
   */
  public record Millis(long nanos) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
  }
}
