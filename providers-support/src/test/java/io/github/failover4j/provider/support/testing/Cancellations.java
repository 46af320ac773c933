package io.github.failover4j.provider.support.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.testkit.TestMoverCall;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Cancels an operation while it is blocked in a request, from another thread, as the driver cancels
 * one (deadline, changed wish, close): the mover must return at once although the fake never
 * answers and the request timeout is far away.
 */
public final class Cancellations {
  /** An operation of a mover. */
  @FunctionalInterface
  public interface Operation {
    /**
     * Runs it.
     *
     * @param call the operation's deadline and cancellation
     * @throws IpMoverException as the mover throws
     */
    void run(MoverCall call) throws IpMoverException;
  }

  private Cancellations() {}

  /**
   * Runs an operation on a thread of its own, waits until its request reached the fake, cancels it,
   * and returns what it threw, asserting that it returned within 5 seconds.
   *
   * @param arrived counted down by the fake when the request has arrived (and hangs)
   * @param operation the operation
   * @return the mover's exception
   * @throws Exception if the test's own waiting failed
   */
  public static IpMoverException cancelWhenBlocked(CountDownLatch arrived, Operation operation) throws Exception {
    TestMoverCall call = TestMoverCall.within(Duration.ofMinutes(2));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> running = thread.submit(() -> {
        operation.run(call);
        return null;
      });
      assertTrue(arrived.await(10, TimeUnit.SECONDS), "the request reached the fake");
      long start = System.nanoTime();
      call.cancel();
      ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "returned promptly");
      return assertInstanceOf(IpMoverException.class, e.getCause());
    } finally {
      thread.shutdownNow();
    }
  }
}
