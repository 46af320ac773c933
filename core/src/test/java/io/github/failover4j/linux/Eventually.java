package io.github.failover4j.linux;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition on a real network until it holds or time runs out. */
public final class Eventually {
  private Eventually() {}

  /** Fails with the message if the condition does not hold within the timeout. */
  public static void eventually(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout.toMillis() + " ms: " + message.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
