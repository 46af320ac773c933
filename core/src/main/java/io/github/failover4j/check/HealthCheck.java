package io.github.failover4j.check;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a {@link Check} runs once per interval: your own code in the JVM, or one of the built-ins
 * ({@link Probe}). It runs on failover4j's check threads, never on the engine thread, so it may
 * block; at the check's timeout it is interrupted and counted as failed.
 */
@FunctionalInterface
public interface HealthCheck {
  /**
   * Runs the check once.
   *
   * @return true if healthy
   * @throws Exception counted as a failure (its message is logged; it must not contain secrets)
   */
  boolean healthy() throws Exception;

  /**
   * Adapts an asynchronous check: the stage's value is the result, an exceptional completion a
   * failure. Waited for on a check thread until the check's timeout.
   *
   * @param check starts one run and returns its outcome
   * @return the check
   */
  static HealthCheck async(Supplier<? extends CompletionStage<Boolean>> check) {
    return () -> {
      try {
        return Boolean.TRUE.equals(check.get().toCompletableFuture().get(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    };
  }
}
