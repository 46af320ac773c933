package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.group.MoverOutcome;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverCall;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Where a mover's operations run: a local mover's (the address and the first gratuitous ARP of a new
 * master) on the claim lane, never behind a cloud call; a cloud mover's on the mover pool. The
 * executors run tasks at once, on the test's thread, and say which of them ran each.
 */
class MoverWorkerLaneTest {
  private final List<String> ran = new ArrayList<>();
  private final Executor movers = task -> run("movers", task);
  private final Executor claims = task -> run("claims", task);
  private final ManualScheduler scheduler = new ManualScheduler();

  private void run(String lane, Runnable task) {
    ran.add(lane);
    task.run();
  }

  /** A mover of a kind that records its operations in the same list as the executors. */
  private final class Recording implements IpMover {
    private final Kind kind;
    private MoverContext context;

    Recording(Kind kind) {
      this.kind = kind;
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public Holder observe(MoverCall call) {
      return Holder.nobody();
    }

    @Override
    public void claim(MoverCall call, Holder current) {
      ran.add("claim");
      context.schedule(Duration.ofMillis(10), () -> ran.add("announce again"));
    }

    @Override
    public void release(MoverCall call) {
      ran.add("release");
    }

    @Override
    public void close() {}
  }

  private List<String> claimAndRepeat(IpMover.Kind kind) {
    MoverWorker worker = new MoverWorker(MoverDriverTest.TARGET, MoverConfig.empty(), movers, claims, scheduler);
    worker.start(context -> {
      Recording mover = new Recording(kind);
      mover.context = context;
      return mover;
    });
    List<MoverOutcome> outcomes = new ArrayList<>();
    worker.run(MoverStep.CLAIM, Holder.nobody(), new OperationCall(scheduler, Long.MAX_VALUE), outcomes::add);
    scheduler.runUntil(scheduler.now() + Duration.ofMillis(10).toNanos());
    assertEquals(List.of(MoverOutcome.done()), outcomes);
    return ran;
  }

  @Test
  void aLocalMoverClaimsAndAnnouncesOnTheClaimLane() {
    assertEquals(List.of("claims", "claim", "claims", "announce again"), claimAndRepeat(IpMover.Kind.LOCAL));
  }

  @Test
  void aCloudMoverClaimsOnTheMoverPool() {
    assertEquals(List.of("movers", "claim", "movers", "announce again"), claimAndRepeat(IpMover.Kind.CLOUD));
  }
}
