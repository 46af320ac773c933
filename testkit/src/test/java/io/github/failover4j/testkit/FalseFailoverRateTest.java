package io.github.failover4j.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.Role;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With independent loss p, a backup wrongly takes over when it misses three advertisements in a
 * row after hearing one: about p³(1 − p) times per advertisement (Skew_Time is under one interval,
 * so the fourth would arrive after its timer). The master never fails here, so every takeover is
 * false. A statistical check: the run is long enough for an expectation of about 400, and the
 * margin is ±25 % (about five standard deviations).
 */
class FalseFailoverRateTest {

  @ParameterizedTest(name = "loss {0}")
  @ValueSource(doubles = {0.1, 0.2, 0.3})
  void falseFailoversHappenAtTheRateOfThreeLossesInARow(double loss) {
    Scenario scenario = Scenario.pair(7, 200, 100);
    VrrpSimulation sim = scenario.simulation(config -> config.version(io.github.failover4j.vrrp.VrrpVersion.V3)
        .advertInterval(Duration.ofMillis(100)));
    sim.network().conditions(scenario.conditions.withLoss(loss));
    double perAdvert = Math.pow(loss, 3) * (1 - loss);
    long adverts = Math.round(400 / perAdvert);
    sim.routers().forEach(SimulatedRouter::start);

    sim.runFor(Duration.ofMillis(100).multipliedBy(adverts));

    long falseFailovers = sim.timeline().stream()
        .filter(e -> e.router().equals("r2") && e.kind() == Kind.TRANSITION
            && e.transition().orElseThrow().to() == Role.MASTER)
        .count();
    double expected = adverts * perAdvert;
    System.out.printf(Locale.ROOT, "loss %.2f: %d false failovers in %d advertisements, expected %.0f (%+.1f %%)%n",
        loss, falseFailovers, adverts, expected, 100 * (falseFailovers - expected) / expected);
    assertTrue(Math.abs(falseFailovers - expected) <= 0.25 * expected,
        "false failovers: " + falseFailovers + " (expected: " + Math.round(expected) + " ± 25 %)");
  }
}
