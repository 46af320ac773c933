package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.failover4j.TrackState;
import io.github.failover4j.check.Check;
import io.github.failover4j.internal.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The check runner in virtual time: rate, rise and fall, timeouts, overlapping runs, sharing. */
class CheckRunnerTest {
  private static final long MS = 1_000_000L;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<String> heard = new ArrayList<>();

  private Check check(int rise, int fall) {
    return Check.builder("web").inJvm(() -> true).interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(50))
        .rise(rise).fall(fall).build();
  }

  private CheckRunner runner(Check check, ProbeTask probe, CheckRunner.Launcher launcher) {
    CheckRunner runner = new CheckRunner(check, probe, scheduler, launcher);
    runner.subscribe((state, detail) -> heard.add(scheduler.now() / MS + " " + state + " " + detail));
    return runner;
  }

  @Test
  void theFirstResultDecidesThenFallAndRiseCountInARowAtAFixedRate() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    CheckRunner runner = runner(check(3, 2), timeout -> healthy.get(), task -> {
      task.run();
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(0);
    assertEquals(List.of("0 HEALTHY ok"), heard);

    scheduler.runUntil(150 * MS);
    healthy.set(false); // seen by the runs at 200 and 300 ms
    scheduler.runUntil(299 * MS);
    assertEquals(1, heard.size(), "one failure is not enough: " + heard);
    scheduler.runUntil(300 * MS);
    assertEquals("300 FAILING failed", heard.get(1));

    healthy.set(true); // 400, 500, 600 ms
    scheduler.runUntil(599 * MS);
    assertEquals(2, heard.size(), heard.toString());
    scheduler.runUntil(600 * MS);
    assertEquals("600 HEALTHY ok", heard.get(2));
    assertEquals(7, runner.runs());
    assertEquals(0, runner.timeouts());
  }

  @Test
  void aHungRunIsTimedOutInterruptedAndCounted() {
    List<Runnable> hung = new ArrayList<>();
    AtomicInteger interrupted = new AtomicInteger();
    CheckRunner runner = runner(check(1, 1), timeout -> true, task -> {
      hung.add(task); // never answers
      return interrupted::incrementAndGet;
    });
    runner.start();
    scheduler.runUntil(49 * MS);
    assertEquals(List.of(), heard);
    scheduler.runUntil(50 * MS);
    assertEquals(List.of("50 FAILING timed out after 50 ms"), heard);
    assertEquals(1, interrupted.get());
    assertEquals(1, runner.timeouts());

    hung.get(0).run(); // the probe answers after all: too late, ignored
    assertEquals(1, heard.size());
    scheduler.runUntil(1_000 * MS);
    assertEquals(11, runner.runs());
    assertEquals(10, runner.timeouts(), "the run started at 1000 ms times out at 1050 ms");
  }

  @Test
  void theLastLatencyIsTheLastRunThatEndedByItself() {
    List<Runnable> launched = new ArrayList<>();
    CheckRunner runner = runner(check(1, 1), timeout -> true, task -> {
      launched.add(task);
      return () -> { };
    });
    assertEquals(Optional.empty(), runner.lastLatency(), "before a run");
    runner.start();
    scheduler.runUntil(30 * MS);
    launched.get(0).run(); // the run of 0 ms answers at 30 ms
    assertEquals(Optional.of(Duration.ofMillis(30)), runner.lastLatency());
    scheduler.runUntil(150 * MS); // the run of 100 ms is stopped at its timeout, at 150 ms
    assertEquals(1, runner.timeouts());
    assertEquals(Optional.of(Duration.ofMillis(30)), runner.lastLatency(), "a timed-out run is no latency");
    scheduler.runUntil(212 * MS);
    launched.get(2).run();
    assertEquals(Optional.of(Duration.ofMillis(12)), runner.lastLatency());
  }

  @Test
  void aRunStillGoingAtTheNextTickIsNotStartedTwice() {
    Check slow = Check.builder("slow").inJvm(() -> true).interval(Duration.ofMillis(100))
        .timeout(Duration.ofMillis(250)).build();
    List<Runnable> running = new ArrayList<>();
    CheckRunner runner = runner(slow, timeout -> true, task -> {
      running.add(task);
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(220 * MS);
    assertEquals(1, running.size());
    assertEquals(2, runner.skipped());
    running.get(0).run();
    assertEquals(List.of("220 HEALTHY ok"), heard);
    scheduler.runUntil(300 * MS);
    assertEquals(2, running.size(), "the next tick runs again");
  }

  @Test
  void anExceptionIsAFailureWithItsMessage() {
    CheckRunner runner = runner(check(1, 1), timeout -> {
      throw new IllegalStateException("connection refused");
    }, task -> {
      task.run();
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(0);
    assertEquals(List.of("0 FAILING connection refused"), heard);
  }

  @Test
  void aTimeoutThrownByTheProbeIsReportedAsSuch() {
    CheckRunner runner = runner(check(1, 1), timeout -> {
      throw new TimeoutException();
    }, task -> {
      task.run();
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(0);
    assertEquals(List.of("0 FAILING timed out after 50 ms"), heard);
  }

  @Test
  void aLateSubscriberHearsTheCurrentStateAndStopEndsTheRuns() {
    CheckRunner runner = runner(check(1, 1), timeout -> false, task -> {
      task.run();
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(0);
    List<TrackState> late = new ArrayList<>();
    CheckRunner.Subscriber subscriber = (state, detail) -> late.add(state);
    runner.subscribe(subscriber);
    assertEquals(List.of(TrackState.FAILING), late);
    assertFalse(runner.unsubscribe(subscriber), "the first subscriber is still there");

    runner.stop();
    scheduler.runUntil(1_000 * MS);
    assertEquals(1, runner.runs());
    assertEquals(0, scheduler.pending());
  }

  @Test
  void runsMissedInAStallAreDroppedNotCaughtUpBackToBack() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    CheckRunner runner = runner(check(1, 3), timeout -> healthy.get(), task -> {
      task.run();
      return () -> { };
    });
    runner.start();
    scheduler.runUntil(0);
    healthy.set(false);
    scheduler.stall(Duration.ofMillis(1_000));
    scheduler.runUntil(1_050 * MS);
    assertEquals(2, runner.runs(), "one late run, not the ten missed ones");
    assertEquals(List.of("0 HEALTHY ok"), heard, "one failure is not a fall of 3");
    scheduler.runUntil(1_300 * MS);
    assertEquals("1200 FAILING failed", heard.get(1), "the schedule keeps its phase: 1100, 1200 ms");
  }
}
