package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MoverDriverTest {
  static final VirtualAddresses TARGET = new VirtualAddresses("g", "eth0", Optional.empty(),
      List.of(VirtualIp.parse("192.0.2.10/24")), Announcements.DEFAULT, false);

  /** Records operations; the first {@code failures} claims fail. */
  static final class RecordingMover implements IpMover {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch released = new CountDownLatch(1);
    final CountDownLatch gate;
    int failures;

    RecordingMover(int failures, CountDownLatch gate) {
      this.failures = failures;
      this.gate = gate;
    }

    @Override
    public void claim() throws IpMoverException {
      await();
      calls.add("claim");
      if (failures-- > 0) {
        throw new IpMoverException("provider said 502");
      }
    }

    @Override
    public void release() {
      await();
      calls.add("release");
      released.countDown();
    }

    private void await() {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theLatestWishWinsAndStaleClaimsNeverRun() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    RecordingMover mover = new RecordingMover(0, gate);
    MoverDriver driver = new MoverDriver("test", TARGET, MoverConfig.empty());
    driver.start(context -> mover);

    driver.release(); // the start-up cleanup, held at the gate
    driver.claim();
    driver.release();
    driver.claim();
    driver.release();
    gate.countDown();
    assertTrue(driver.close(Duration.ofSeconds(5)));

    // the first release ran before the flapping; afterwards the wish was "released" again: nothing to do
    assertEquals(List.of("release"), mover.calls);
  }

  @Test
  void aClaimThatFailedHalfwayIsUndoneByTheNextRelease() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch firstRelease = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(2);
    IpMover mover = new IpMover() {
      @Override
      public void claim() throws IpMoverException {
        calls.add("claim: address added");
        claimed.countDown();
        throw new IpMoverException("announce: network is down"); // after the address went on
      }

      @Override
      public void release() {
        calls.add("release");
        firstRelease.countDown();
        released.countDown();
      }
    };
    MoverDriver driver = new MoverDriver("test", TARGET, MoverConfig.empty());
    driver.start(context -> mover);

    driver.release(); // start-up cleanup: now known released
    assertTrue(firstRelease.await(5, TimeUnit.SECONDS));
    driver.claim(); // fails halfway
    assertTrue(claimed.await(5, TimeUnit.SECONDS));
    driver.release(); // FAULT: must not be skipped as "already released"
    assertTrue(released.await(5, TimeUnit.SECONDS), calls.toString());
    assertEquals(List.of("release", "claim: address added", "release"), calls);
    assertTrue(driver.close(Duration.ofSeconds(5)));
  }

  @Test
  void aFailedClaimIsRetriedWhileStillWanted() throws Exception {
    RecordingMover mover = new RecordingMover(1, new CountDownLatch(0));
    MoverDriver driver = new MoverDriver("test", TARGET, MoverConfig.empty());
    driver.start(context -> mover);

    driver.claim();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (mover.calls.size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(List.of("claim", "claim"), mover.calls);
    assertEquals(1, driver.failures());
    driver.release();
    assertTrue(mover.released.await(5, TimeUnit.SECONDS));
    assertTrue(driver.close(Duration.ofSeconds(5)));
  }
}
