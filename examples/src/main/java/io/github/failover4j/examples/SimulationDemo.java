package io.github.failover4j.examples;

import io.github.failover4j.testkit.NetworkConditions;
import io.github.failover4j.testkit.SimulatedRouter;
import io.github.failover4j.testkit.SimulationEvent;
import io.github.failover4j.testkit.VrrpSimulation;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.Role;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Three simulated routers in virtual time: they elect a master, the master dies, a backup takes
 * over (timed against the RFC's Master_Down_Interval), the old master returns and preempts. Real
 * VRRP state machines and real encoded packets, on a simulated LAN; nothing touches the network.
 */
public final class SimulationDemo {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private SimulationDemo() {}

  /**
   * Runs the demo and prints its timeline.
   *
   * @param args an optional seed for the simulated network
   * @throws UnknownHostException never: every address is a literal
   */
  public static void main(String[] args) throws UnknownHostException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    List<InetAddress> vip = List.of(InetAddress.getByName("192.0.2.10"));
    VrrpSimulation sim = VrrpSimulation.builder(seed)
        .conditions(NetworkConditions.lan())
        .router("node-a", "10.0.0.1", config(200, vip))
        .router("node-b", "10.0.0.2", config(150, vip))
        .router("node-c", "10.0.0.3", config(100, vip))
        .build();

    System.out.println("failover4j simulation demo: VRRPv3, VRID 51, an advertisement every "
        + INTERVAL.toMillis() + " ms, virtual address 192.0.2.10");
    sim.routers().forEach(r -> System.out.printf(Locale.ROOT, "  %s %s priority %d%n",
        r.name(), r.address().getHostAddress(), r.config().priority()));
    System.out.println("  on a simulated LAN (100 us delay, up to 50 us jitter), in virtual time, seed " + seed);
    System.out.println();

    sim.routers().forEach(SimulatedRouter::start);
    sim.runFor(Duration.ofSeconds(2));
    SimulatedRouter first = sim.masters().get(0);
    long lastAdvert = first.lastSentNanos();
    first.crash();
    sim.runFor(Duration.ofSeconds(2));
    SimulatedRouter second = sim.masters().get(0);
    first.start();
    sim.runFor(Duration.ofSeconds(2));

    sim.timeline().forEach(System.out::println);
    System.out.println();
    long takeover = sim.timeline().stream()
        .filter(e -> e.router().equals(second.name()) && e.nanos() > lastAdvert
            && e.transition().map(t -> t.to() == Role.MASTER).orElse(false))
        .mapToLong(SimulationEvent::nanos).findFirst().orElseThrow() - lastAdvert;
    VrrpStateMachine fresh = new VrrpStateMachine(second.config(), second.address());
    System.out.printf(Locale.ROOT, "%s died; %s took over %.3f ms after %s's last advertisement.%n",
        first.name(), second.name(), takeover / 1e6, first.name());
    System.out.printf(Locale.ROOT,
        "RFC 9568 Master_Down_Interval for priority %d: 3 x %d ms + Skew_Time %.3f ms = %.3f ms"
            + " (the rest is the simulated network delay).%n",
        second.config().priority(), INTERVAL.toMillis(), fresh.skewTimeNanos() / 1e6,
        fresh.masterDownIntervalNanos() / 1e6);
    System.out.printf(Locale.ROOT, "Now MASTER: %s.%n", sim.masters().get(0).name());
  }

  private static VrrpConfig config(int priority, List<InetAddress> vip) {
    return VrrpConfig.builder(51).priority(priority).advertInterval(INTERVAL).addresses(vip).build();
  }
}
