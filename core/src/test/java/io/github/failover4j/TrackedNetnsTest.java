package io.github.failover4j;

import static io.github.failover4j.linux.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.check.Check;
import io.github.failover4j.check.Probe;
import io.github.failover4j.linux.NetnsLab;
import io.github.failover4j.linux.NetnsLab.Node;
import io.github.failover4j.linux.NetnsServers.OwnedProcess;
import io.github.failover4j.linux.NetnsServers.ScriptDir;
import io.github.failover4j.linux.NetnsServers.TcpService;
import io.github.failover4j.linux.PacketCapture;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpStateMachine;
import io.github.failover4j.vrrp.VrrpVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What a group tracks moves the address, on a real network: two routers, {@code a} (priority 200)
 * and {@code b} (150), and a client in network namespaces on one bridge, VRRPv3 with 100 ms
 * advertisements, real raw sockets, both routers serving TCP on port 8080. Each case breaks
 * something {@code a} tracks and repairs it, and checks, by the wire (a capture on the bridge), by
 * iproute2 and by the client's TCP answer through the virtual address, that {@code b} takes over
 * and that {@code a} takes the address back:
 *
 * <ul>
 *   <li>a TCP check of a's web service, which the test kills and restarts;
 *   <li>a script check, {@code kill -0 $(cat PIDFILE)}, of a process the test started in a's
 *       namespace, which it kills by its PID (seed 004's {@code vrrp_script}: keepalived's
 *       {@code killall -0 nginx});
 *   <li>another interface of a's, {@code eth1}: with weight 0 it is set down (FAULT) and up; with a
 *       negative weight it loses its carrier and gets it back (a lower priority, which the backup
 *       preempts);
 *   <li>a check with weight -60: 200 - 60 = 140 < 150, so the backup preempts; the status and the
 *       wire show 140.
 * </ul>
 *
 * <p>With weight 0 a failing check or interface puts {@code a} in FAULT: it sends priority 0 and
 * releases the address, so {@code b} takes over after its Skew_Time. A check turns FAILING on its
 * {@code fall}-th failed run in a row: the first run after the failure comes within one interval,
 * so FAULT comes between (fall - 1) and fall intervals after it, plus the run's own time; it turns
 * HEALTHY again between (rise - 1) and rise intervals after the repair. The test asserts that
 * window (the lower bound shows that {@code fall} and {@code rise} are honoured), less the time a
 * run already under way may take to see the change ({@link #inFlight}), with {@link #SLACK} on top
 * for a loaded 2-core CI machine. Events are timed by the wall-clock time they carry, taken on the
 * engine thread, not by their delivery. Every wait has a deadline; no timing is judged by a sleep.
 *
 * <p>The TCP check. A check of a group in a namespace probes from that namespace, so the master's
 * check connects to {@code 127.0.0.1:8080} in a's namespace, as an agent on the master checks its
 * local web server; killing the service makes the kernel refuse the check's connections exactly as
 * when a server process dies, and the client can no longer get an answer from a. (The script check,
 * by contrast, watches a real process in a's namespace.)
 */
class TrackedNetnsTest {
  static final int PORT = 8080;
  static final String VIP = "10.0.0.200";
  static final int HIGH = 200;
  static final int LOW = 150;
  static final Duration ADVERT = Duration.ofMillis(100);
  /** How long to wait for what should happen, before failing with what did. */
  static final Duration MARGIN = Duration.ofSeconds(3);
  /** Time on top of a computed bound, for scheduling, forks and event delivery on a busy machine. */
  static final Duration SLACK = Duration.ofMillis(500);
  /** Before a lower bound: the wall clock read on two threads. */
  static final Duration EARLY = Duration.ofMillis(10);

  @Test
  void tcpCheckOfTheMastersServiceFailsOverWhenTheServiceDiesAndBackWhenItReturns() throws Exception {
    try (Pair pair = new Pair()) {
      TcpService web = TcpService.start(pair.a, PORT);
      TcpService.start(pair.b, PORT);
      Check check = Check.builder("web").tcp("127.0.0.1", PORT)
          .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(100)).rise(3).fall(3).build();
      pair.start(pair.group(pair.a, HIGH).track(check, 0), pair.group(pair.b, LOW));

      pair.failOverAndBack("tcp check", check, RoleChange.Cause.CHECK_FAILED, "check web failing", web::kill,
          web::restart);
    }
  }

  @Test
  void scriptCheckOfAProcessFailsOverWhenItIsKilledAndBackWhenItRuns() throws Exception {
    try (Pair pair = new Pair()) {
      TcpService.start(pair.a, PORT);
      TcpService.start(pair.b, PORT);
      ScriptDir dir = pair.a.own(ScriptDir.create());
      OwnedProcess[] service = {OwnedProcess.start(pair.a, "sleep", "1000")};
      dir.file("service.pid", service[0].pid() + "\n");
      Path script = dir.script("service-alive.sh", "kill -0 $(cat " + dir.path().resolve("service.pid") + ")");
      // seed 004: interval 1, timeout 1, rise 1, fall 2; here faster, and rise and fall 3 to see them at work
      Check check = Check.builder("service").script(script.toString())
          .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).rise(3).fall(3).build();
      pair.start(pair.group(pair.a, HIGH).track(check, 0), pair.group(pair.b, LOW));
      assertEquals(TrackState.HEALTHY, tracked(pair.ga, "service").state(), pair.ga.status().toString());

      pair.failOverAndBack("script check", check, RoleChange.Cause.CHECK_FAILED, "check service failing",
          () -> service[0].kill(),
          () -> {
            service[0] = OwnedProcess.start(pair.a, "sleep", "1000");
            dir.file("service.pid", service[0].pid() + "\n");
          });
      assertTrue(tracked(pair.ga, "service").runs() >= 5, pair.ga.status().toString());
    }
  }

  @Test
  void trackedInterfaceWithWeightZeroFaultsTheMasterWhileDown() throws Exception {
    try (Pair pair = new Pair()) {
      TcpService.start(pair.a, PORT);
      TcpService.start(pair.b, PORT);
      addSecondInterface(pair.a);
      pair.start(pair.group(pair.a, HIGH).trackInterface("eth1", 0), pair.group(pair.b, LOW));
      assertEquals(TrackState.HEALTHY, tracked(pair.ga, "eth1").state(), pair.ga.status().toString());

      // link events are immediate: FAULT at once, and back at once
      pair.failOverAndBack("tracked interface", null, RoleChange.Cause.TRACKED_INTERFACE_DOWN, "interface eth1 down",
          () -> pair.a.exec("ip", "link", "set", "eth1", "down"),
          () -> pair.a.exec("ip", "link", "set", "eth1", "up"));
    }
  }

  @Test
  void trackedInterfaceWithNegativeWeightLetsTheBackupPreempt() throws Exception {
    try (Pair pair = new Pair()) {
      TcpService.start(pair.a, PORT);
      TcpService.start(pair.b, PORT);
      addSecondInterface(pair.a);
      pair.start(pair.group(pair.a, HIGH).trackInterface("eth1", -60), pair.group(pair.b, LOW));

      // this time the link loses its carrier (the far end goes down) while it stays administratively up
      pair.preemptedAndBack("tracked interface (weight -60)", null, "eth1", HIGH - 60,
          () -> {
            pair.a.exec("ip", "link", "set", "eth1-peer", "down");
            String eth1 = pair.a.exec("ip", "-o", "link", "show", "eth1");
            assertTrue(eth1.contains("NO-CARRIER") && eth1.contains(",UP"), "eth1 up without carrier: " + eth1);
          },
          () -> pair.a.exec("ip", "link", "set", "eth1-peer", "up"));
    }
  }

  @Test
  void failingCheckWithNegativeWeightLowersThePriorityBelowTheBackups() throws Exception {
    try (Pair pair = new Pair()) {
      TcpService web = TcpService.start(pair.a, PORT);
      TcpService.start(pair.b, PORT);
      Check check = Check.builder("webport").tcp("127.0.0.1", PORT)
          .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(100)).rise(2).fall(3).build();
      pair.start(pair.group(pair.a, HIGH).track(check, -60), pair.group(pair.b, LOW));
      GroupStatus healthy = pair.ga.status();
      assertEquals(HIGH, healthy.priority(), healthy.toString());
      assertEquals("+0", tracked(pair.ga, "webport").effect(), healthy.toString());

      pair.preemptedAndBack("check (weight -60)", check, "webport", HIGH - 60, web::kill, web::restart);
    }
  }

  /**
   * Gives a node a second interface, {@code eth1}, up with carrier: a veth pair whose other end,
   * {@code eth1-peer}, stays in the node too (veth, not dummy: a kernel without the dummy module
   * has veth, which the lab needs anyway).
   */
  static void addSecondInterface(Node node) {
    node.exec("ip", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1-peer");
    node.exec("ip", "link", "set", "eth1-peer", "up");
    node.exec("ip", "link", "set", "eth1", "up");
  }

  static TrackStatus tracked(FailoverGroup group, String name) {
    return group.status().tracked().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not tracked: " + group.status()));
  }

  static Duration mdi(int priority) {
    return Duration.ofNanos(machine(priority).masterDownIntervalNanos());
  }

  static Duration skew(int priority) {
    return Duration.ofNanos(machine(priority).skewTimeNanos());
  }

  private static VrrpStateMachine machine(int priority) {
    VrrpConfig config = VrrpConfig.builder(51).version(VrrpVersion.V3).priority(priority).advertInterval(ADVERT)
        .addresses(List.of(IpLiterals.parse(VIP))).build();
    return new VrrpStateMachine(config, IpLiterals.parse("10.0.0.1"));
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  /** A wall-clock time as nanoseconds since the epoch: how events are stamped, where they happen. */
  static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /**
   * How much earlier than its nominal window a check may change state: a run already under way when
   * the failure or repair happened may still see it (a script's fork of setsid, sh and cat, or a
   * check thread not yet scheduled, take that long on a loaded 2-core machine).
   */
  static Duration inFlight(Check check) {
    return check == null ? Duration.ZERO
        : check.probe() instanceof Probe.Script ? Duration.ofMillis(150) : Duration.ofMillis(50);
  }

  /**
   * When an action (a failure, a repair) began and when it was done, by the wall clock, as the
   * events are stamped (and when it began by {@link System#nanoTime()}, as the capture stamps
   * frames): what it causes may come before it returns (a link event), or only once it is done (a
   * process that must start first).
   */
  record Span(long begun, long done, long begunTicks) {
    static Span of(Runnable action) {
      long ticks = System.nanoTime();
      long begun = nanos(Instant.now());
      action.run();
      return new Span(begun, nanos(Instant.now()), ticks);
    }
  }

  /**
   * Every event of both groups. Timings are judged by the time each event carries, taken on the
   * engine thread when it happened, not by when it reached this listener: delivery may lag on a
   * busy machine, and unevenly.
   */
  static final class Events implements FailoverListener {
    private final List<GroupEvent> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onRoleChange(RoleChange change) {
      // every event goes through onEvent
    }

    @Override
    public void onEvent(GroupEvent event) {
      seen.add(event);
    }

    /** The first event of a group, of a type, matching, that happened at or after a time. */
    <T extends GroupEvent> Optional<T> find(String group, Class<T> type, Predicate<T> match, long since) {
      return seen.stream().filter(e -> nanos(e.at()) >= since && e.group().equals(group) && type.isInstance(e))
          .map(type::cast).filter(match).findFirst();
    }

    /** Waits for an event; fails with every event seen if none comes. */
    <T extends GroupEvent> T await(String group, Class<T> type, Predicate<T> match, long since, Duration timeout,
        String what) {
      eventually(timeout, () -> find(group, type, match, since).isPresent(), () -> what + "; events: " + this);
      return find(group, type, match, since).orElseThrow();
    }

    /** Waits for a role change of a group to a role. */
    RoleChange awaitRole(String group, Role to, long since, Duration timeout) {
      return await(group, RoleChange.class, c -> c.to() == to, since, timeout, group + " did not become " + to);
    }

    @Override
    public String toString() {
      return seen.stream().map(e -> "\n  " + e.at() + " " + e).reduce("", String::concat);
    }
  }

  /**
   * The lab of one case: a (200) and b (150) and a client, a capture on the bridge, and the two
   * groups, closed (groups first) even when the case fails.
   */
  private static final class Pair implements AutoCloseable {
    final NetnsLab lab;
    final Node a;
    final Node b;
    final Node client;
    final PacketCapture wire;
    final Events events = new Events();
    final List<FailoverGroup> groups = new ArrayList<>();
    FailoverGroup ga;
    FailoverGroup gb;

    Pair() {
      lab = NetnsLab.create();
      try {
        a = lab.node("a").address("10.0.0.1/24");
        b = lab.node("b").address("10.0.0.2/24");
        client = lab.node("client").address("10.0.0.100/24");
        wire = lab.captureBridge();
      } catch (RuntimeException | Error e) {
        lab.close();
        throw e;
      }
    }

    FailoverGroup.Builder group(Node node, int priority) {
      return FailoverGroup.builder()
          .name(node.name())
          .networkNamespace(node.namespace())
          .interfaceName("eth0")
          .vrid(51)
          .version(3)
          .priority(priority)
          .advertInterval(ADVERT)
          .virtualIp(VIP + "/24");
    }

    /** Starts both groups; a must be MASTER and answer the client, b BACKUP. */
    void start(FailoverGroup.Builder forA, FailoverGroup.Builder forB) throws InterruptedException {
      ga = forA.build();
      groups.add(ga);
      gb = forB.build();
      groups.add(gb);
      for (FailoverGroup g : groups) {
        g.addListener(events, Runnable::run);
        g.start();
      }
      assertTrue(ga.awaitMaster(mdi(HIGH).plus(MARGIN)), ga.status() + "; events: " + events);
      eventually(MARGIN, () -> gb.role() == Role.BACKUP && a.has(VIP) && !b.has(VIP),
          () -> "b " + gb.role() + ", a has " + a.addresses() + ", b has " + b.addresses());
      expectAnswer("a");
    }

    /**
     * Breaks what a tracks with weight 0 and repairs it: a goes FAULT (with the cause and reason),
     * within the check's fall window if it is a check (at once otherwise), says priority 0 on the
     * wire and releases; b takes over within its Skew_Time and answers the client. After the repair,
     * a recovers (within the rise window) and preempts b after its Master_Down_Interval.
     */
    void failOverAndBack(String what, Check check, RoleChange.Cause cause, String reason, Runnable breakIt,
        Runnable repair) {
      Duration faultEarliest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.fall() - 1);
      Duration faultLatest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.fall());
      Duration recoverEarliest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.rise() - 1);
      Duration recoverLatest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.rise());

      Span broken = Span.of(breakIt);
      RoleChange fault = events.awaitRole("a", Role.FAULT, broken.begun(), faultLatest.plus(MARGIN));
      assertEquals(Role.MASTER, fault.from(), fault.toString());
      assertEquals(cause, fault.cause(), fault.toString());
      assertEquals(reason, fault.reason(), fault.toString());
      after(what + ": FAULT after the failure", fault, broken, faultEarliest.minus(inFlight(check)),
          faultLatest.plus(SLACK));
      RoleChange takeover = events.awaitRole("b", Role.MASTER, broken.begun(), skew(LOW).plus(MARGIN));
      assertEquals(RoleChange.Cause.MASTER_RELEASED, takeover.cause(), events.toString());
      between(what + ": b MASTER after a's FAULT", fault, takeover, Duration.ZERO, skew(LOW).plus(SLACK));
      assertTrue(wire.adverts().stream().anyMatch(ad -> ad.nanos() >= broken.begunTicks()
          && ad.source().equals("10.0.0.1") && ad.priority() == 0), "a sent no priority 0 on its way to FAULT");
      eventually(MARGIN, () -> b.has(VIP) && !a.has(VIP),
          () -> "a has " + a.addresses() + ", b has " + b.addresses());
      assertEquals(Role.FAULT, ga.role());
      assertEquals(List.of(reason), ga.status().faults(), ga.status().toString());
      expectAnswer("b");

      Span repaired = Span.of(repair);
      RoleChange recovered = events.awaitRole("a", Role.BACKUP, repaired.begun(), recoverLatest.plus(MARGIN));
      assertEquals(RoleChange.Cause.RECOVERED, recovered.cause(), events.toString());
      after(what + ": a recovered after the repair", recovered, repaired, recoverEarliest.minus(inFlight(check)),
          recoverLatest.plus(SLACK));
      RoleChange back = events.awaitRole("a", Role.MASTER, nanos(recovered.at()), mdi(HIGH).plus(MARGIN));
      assertEquals(RoleChange.Cause.PREEMPTED_LOWER_PRIORITY, back.cause(), events.toString());
      between(what + ": a preempted after its recovery", recovered, back, mdi(HIGH), mdi(HIGH).plus(SLACK));
      events.awaitRole("b", Role.BACKUP, nanos(recovered.at()), MARGIN);
      eventually(MARGIN, () -> a.has(VIP) && !b.has(VIP), () -> "a has " + a.addresses() + ", b has " + b.addresses());
      assertEquals(List.of(), ga.status().faults(), ga.status().toString());
      expectAnswer("a");
      System.out.printf(Locale.ROOT, "%s: FAULT %s after the failure (%s), b MASTER %s later (Skew_Time %s);"
              + " recovered %s after the repair (%s), MASTER %s later (MDI %s)%n",
          what, ms(nanos(fault.at()) - broken.begun()), window(faultEarliest, faultLatest),
          ms(nanos(takeover.at()) - nanos(fault.at())), ms(skew(LOW).toNanos()),
          ms(nanos(recovered.at()) - repaired.begun()), window(recoverEarliest, recoverLatest),
          ms(nanos(back.at()) - nanos(recovered.at())), ms(mdi(HIGH).toNanos()));
    }

    /**
     * Breaks what a tracks with a negative weight and repairs it: a's priority drops to
     * {@code lowered} (within the fall window of a check), it is never FAULT, its status and the
     * wire show the lowered priority, b (preempt on) takes over after its Master_Down_Interval and
     * answers the client; after the repair a's priority is back and a preempts b.
     */
    void preemptedAndBack(String what, Check check, String name, int lowered, Runnable breakIt, Runnable repair) {
      Duration dropEarliest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.fall() - 1);
      Duration dropLatest = check == null ? Duration.ZERO : check.interval().multipliedBy(check.fall());

      Span broken = Span.of(breakIt);
      PriorityChange drop = events.await("a", PriorityChange.class, c -> c.to() == lowered, broken.begun(),
          dropLatest.plus(MARGIN), "a's priority did not drop to " + lowered);
      assertEquals(HIGH, drop.from(), events.toString());
      after(what + ": priority " + lowered + " after the failure", drop, broken, dropEarliest.minus(inFlight(check)),
          dropLatest.plus(SLACK));
      RoleChange takeover = events.awaitRole("b", Role.MASTER, broken.begun(), mdi(LOW).plus(MARGIN));
      assertEquals(RoleChange.Cause.PREEMPTED_LOWER_PRIORITY, takeover.cause(), events.toString());
      between(what + ": b preempted after a's priority dropped", drop, takeover, Duration.ZERO,
          mdi(LOW).plus(SLACK));
      RoleChange yielded = events.awaitRole("a", Role.BACKUP, broken.begun(), MARGIN);
      assertEquals(RoleChange.Cause.HIGHER_PRIORITY, yielded.cause(), events.toString());
      eventually(MARGIN, () -> b.has(VIP) && !a.has(VIP),
          () -> "a has " + a.addresses() + ", b has " + b.addresses());
      expectAnswer("b");

      GroupStatus status = ga.status();
      assertEquals(Role.BACKUP, status.role(), status.toString());
      assertEquals(lowered, status.priority(), status.toString());
      assertEquals(HIGH, status.basePriority(), status.toString());
      assertEquals(List.of(), status.faults(), status.toString());
      TrackStatus item = tracked(ga, name);
      assertEquals(TrackState.FAILING, item.state(), status.toString());
      assertEquals(lowered - HIGH, item.weight(), status.toString());
      assertEquals(String.valueOf(lowered - HIGH), item.effect(), status.toString());
      assertTrue(wire.adverts().stream().anyMatch(ad -> ad.source().equals("10.0.0.1") && ad.priority() == lowered),
          "a never advertised priority " + lowered);
      assertFalse(events.find("a", RoleChange.class, c -> c.to() == Role.FAULT, broken.begun()).isPresent(),
          "a negative weight must not FAULT: " + events);

      Span repaired = Span.of(repair);
      PriorityChange restored = events.await("a", PriorityChange.class, c -> c.to() == HIGH, repaired.begun(),
          dropLatest.plus(MARGIN), "a's priority did not return to " + HIGH);
      RoleChange back = events.awaitRole("a", Role.MASTER, repaired.begun(), mdi(lowered).plus(MARGIN));
      assertEquals(RoleChange.Cause.PREEMPTED_LOWER_PRIORITY, back.cause(), events.toString());
      between(what + ": a preempted after its priority returned", restored, back, Duration.ZERO,
          mdi(lowered).plus(SLACK));
      events.awaitRole("b", Role.BACKUP, repaired.begun(), MARGIN);
      eventually(MARGIN, () -> a.has(VIP) && !b.has(VIP), () -> "a has " + a.addresses() + ", b has " + b.addresses());
      assertEquals(HIGH, ga.status().priority(), ga.status().toString());
      assertEquals(TrackState.HEALTHY, tracked(ga, name).state(), ga.status().toString());
      expectAnswer("a");
      System.out.printf(Locale.ROOT, "%s: priority %d %s after the failure (%s), b MASTER %s later"
              + " (MDI %s); a MASTER again %s after its priority returned%n",
          what, lowered, ms(nanos(drop.at()) - broken.begun()), window(dropEarliest, dropLatest),
          ms(nanos(takeover.at()) - nanos(drop.at())), ms(mdi(LOW).toNanos()),
          ms(nanos(back.at()) - nanos(restored.at())));
    }

    void expectAnswer(String expected) {
      eventually(MARGIN, () -> client.fetch(VIP, PORT, Duration.ofMillis(300)).equals(Optional.of(expected)),
          () -> "the client did not get \"" + expected + "\" through " + VIP + ": "
              + client.fetch(VIP, PORT, Duration.ofMillis(300)));
    }

    static String window(Duration earliest, Duration latest) {
      return latest.isZero() ? "expected at once" : "window " + earliest.toMillis() + ".." + latest.toMillis() + " ms";
    }

    /**
     * An event happened because of an action: not before {@code earliest} after the action was done
     * (when that is positive), and not after {@code latest} after it began.
     */
    static void after(String what, GroupEvent event, Span action, Duration earliest, Duration latest) {
      long at = nanos(event.at());
      assertTrue(earliest.compareTo(Duration.ZERO) <= 0 || at - action.done() >= earliest.minus(EARLY).toNanos(),
          what + ": " + ms(at - action.done()) + " after it was done (expected at least " + earliest.toMillis()
              + " ms)");
      assertTrue(at - action.begun() <= latest.toNanos(),
          what + ": " + ms(at - action.begun()) + " after it began (expected at most " + latest.toMillis() + " ms)");
    }

    /** One event followed another within a window. */
    static void between(String what, GroupEvent first, GroupEvent then, Duration earliest, Duration latest) {
      long nanos = nanos(then.at()) - nanos(first.at());
      assertTrue(nanos >= earliest.minus(EARLY).toNanos() && nanos <= latest.toNanos(),
          what + ": " + ms(nanos) + " (expected " + earliest.toMillis() + ".." + latest.toMillis() + " ms)");
    }

    @Override
    public void close() {
      try {
        for (int i = groups.size() - 1; i >= 0; i--) {
          try {
            groups.get(i).close();
          } catch (RuntimeException e) {
            // the lab must go whatever else failed
          }
        }
      } finally {
        lab.close();
      }
    }
  }
}
