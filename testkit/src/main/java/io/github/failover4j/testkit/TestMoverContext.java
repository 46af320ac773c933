package io.github.failover4j.testkit;

import io.github.failover4j.Announcements;
import io.github.failover4j.VirtualIp;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.spi.MoverContext;
import io.github.failover4j.spi.VirtualAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MoverContext} for making a mover in a test with
 * {@link io.github.failover4j.spi.IpMoverProvider#create}: the addresses and settings given, and a
 * {@link #schedule} that only queues, so that the test decides when later work runs
 * ({@link #runScheduled()}) instead of a clock.
 *
 * <pre>{@code
 * IpMover mover = new MyMoverProvider().create(
 *     TestMoverContext.of(MoverConfig.of(Map.of("server", "42")), "192.0.2.10/24"));
 * }</pre>
 */
public final class TestMoverContext implements MoverContext {
  private final VirtualAddresses target;
  private final MoverConfig config;
  private final List<Scheduled> scheduled = new ArrayList<>(); // guarded by this

  private record Scheduled(Duration delay, long order, Runnable task) {}

  private TestMoverContext(VirtualAddresses target, MoverConfig config) {
    this.target = Objects.requireNonNull(target, "target");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Makes a context for a group {@code test}, VRID 51, on {@code eth0}.
   *
   * @param config the provider's settings
   * @param virtualIps the addresses, e.g. {@code 192.0.2.10/24}
   * @return the context
   */
  public static TestMoverContext of(MoverConfig config, String... virtualIps) {
    List<VirtualIp> addresses = Arrays.stream(virtualIps).map(VirtualIp::parse).toList();
    return of(new VirtualAddresses("test", 51, "eth0", Optional.empty(), addresses, Announcements.DEFAULT, false),
        config);
  }

  /**
   * Makes a context for given addresses.
   *
   * @param target the addresses and where they live
   * @param config the provider's settings
   * @return the context
   */
  public static TestMoverContext of(VirtualAddresses target, MoverConfig config) {
    return new TestMoverContext(target, config);
  }

  @Override
  public VirtualAddresses target() {
    return target;
  }

  @Override
  public MoverConfig config() {
    return config;
  }

  /** Queues the task; it runs when the test calls {@link #runScheduled()}. */
  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    scheduled.add(new Scheduled(delay, scheduled.size(), task));
  }

  /**
   * Runs the tasks scheduled so far, on this thread, the shortest delay first (ties: in the order
   * they were scheduled), as if all their delays had passed. Tasks they schedule wait for the next
   * call.
   *
   * @return how many ran
   */
  public int runScheduled() {
    List<Scheduled> due;
    synchronized (this) {
      due = new ArrayList<>(scheduled);
      scheduled.clear();
    }
    due.sort(Comparator.comparing(Scheduled::delay).thenComparingLong(Scheduled::order));
    due.forEach(s -> s.task().run());
    return due.size();
  }
}
