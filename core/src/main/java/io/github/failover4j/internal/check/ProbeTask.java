package io.github.failover4j.internal.check;

import java.time.Duration;

/**
 * One run of a check's probe, as the check scheduler calls it on a check thread. The outcome says
 * what happened, so that the scheduler can count and log it:
 *
 * <ul>
 *   <li>{@code true}: healthy;
 *   <li>{@code false}: the target answered, and the answer is unhealthy (connection refused, status
 *       out of range, text missing from the body, non-zero exit code, process count outside the
 *       quorum);
 *   <li>{@link java.util.concurrent.TimeoutException}: no answer within the timeout;
 *   <li>{@link InterruptedException}: the thread was interrupted (the check is closing);
 *   <li>any other exception: the probe could not run; its message says why and holds no secret.
 * </ul>
 */
@FunctionalInterface
public interface ProbeTask {
  /**
   * Runs the probe once, blocking the calling check thread. Returns or throws within about
   * {@code timeout}, and aborts promptly when the thread is interrupted (a script's whole process
   * group is then signalled).
   *
   * @param timeout how long the run may take
   * @return true if healthy
   * @throws Exception as listed above: the run counts as failed
   */
  boolean run(Duration timeout) throws Exception;
}
