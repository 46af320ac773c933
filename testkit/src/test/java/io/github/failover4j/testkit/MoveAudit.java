package io.github.failover4j.testkit;

import io.github.failover4j.MoverOptions;
import io.github.failover4j.MoverState;
import io.github.failover4j.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks every move of a simulation's cloud as it lands (an invariant, so right after the event
 * that landed it) against who was MASTER when:
 *
 * <ul>
 *   <li>a claim moves the address only to a node that was MASTER when the claim started, had been
 *       for at least its settle time (a shorter flap moves nothing), and still is when the write
 *       lands. A claim cancelled because the role was lost lands only if its write landed before
 *       the cancellation, that is while the node was still MASTER: the cloud records the instant
 *       each write took effect, so this holds exactly. The one exception is a node that crashed
 *       after sending its claim: the request was on its way and nobody could call it off;
 *   <li>a release unassigns only under the UNASSIGN policy (KEEP never does), only for a call that
 *       started while its node was not MASTER, and lands only while that node is still not MASTER
 *       (again unless it crashed after sending it).
 * </ul>
 *
 * <p>Masterships are followed through the routers' role changes; a crash, which makes none, is
 * seen as the router stopping while MASTER.
 */
final class MoveAudit {
  private record Mastership(long from, long to, boolean crashed) {
    boolean contains(long nanos) {
      return from <= nanos && nanos < to;
    }
  }

  private final VrrpSimulation sim;
  private final Function<String, MoverOptions> options;
  private final Map<String, List<Mastership>> past = new HashMap<>();
  private final Map<String, Long> masterSince = new HashMap<>();
  private final Map<String, List<Long>> crashes = new HashMap<>();
  private final Map<String, List<Long>> holding = new HashMap<>();
  private int audited;
  private long landedAfterCrash;

  MoveAudit(VrrpSimulation sim, Function<String, MoverOptions> options) {
    this.sim = sim;
    this.options = options;
    for (SimulatedRouter router : sim.routers()) {
      past.put(router.name(), new ArrayList<>());
      crashes.put(router.name(), new ArrayList<>());
      holding.put(router.name(), new ArrayList<>());
      router.watch(change -> {
        if (change.to() == Role.MASTER) {
          masterSince.put(router.name(), sim.now());
        } else if (change.from() == Role.MASTER) {
          end(router.name(), false);
        }
      });
      router.watchMover(change -> {
        if (change.to() == MoverState.HOLDING) {
          holding.get(router.name()).add(sim.now());
        }
      });
    }
    sim.addInvariant("every cloud move was made by a node entitled to it", () -> {
      followCrashes();
      List<CloudMove> moves = sim.cloud().moves();
      while (audited < moves.size()) {
        audit(moves.get(audited++));
      }
      return true;
    });
  }

  /** When the router's current mastership began, if it is MASTER. */
  Optional<Long> masterSince(String router) {
    return Optional.ofNullable(masterSince.get(router));
  }

  /** How many claims landed after the node that sent them had crashed. */
  long landedAfterCrash() {
    return landedAfterCrash;
  }

  /** The first time the router's mover reached HOLDING at or after a time. */
  Optional<Long> holdingAfter(String router, long nanos) {
    return holding.get(router).stream().filter(t -> t >= nanos).findFirst();
  }

  private void followCrashes() {
    for (SimulatedRouter router : sim.routers()) {
      if (masterSince.containsKey(router.name()) && !router.isRunning()) {
        end(router.name(), true);
        crashes.get(router.name()).add(sim.now());
      }
    }
  }

  private void end(String router, boolean crashed) {
    Long since = masterSince.remove(router);
    if (since != null) {
      past.get(router).add(new Mastership(since, sim.now(), crashed));
    }
  }

  private void audit(CloudMove move) {
    String node = move.by();
    Optional<Mastership> when = mastershipAt(node, move.requestedNanos());
    if (move.unassigned()) {
      sim.check(options.apply(node).release() == MoverOptions.Release.UNASSIGN,
          move + ": unassigned under the release policy KEEP");
      sim.check(when.isEmpty(), move + ": a release sent while " + node + " was MASTER");
      sim.check(!masterSince.containsKey(node) || crashedSince(node, move.requestedNanos()),
          move + ": a release landed while " + node + " is MASTER again");
      return;
    }
    sim.check(move.to().equals(Optional.of(node)), move + ": a claim moved the address to another node");
    sim.check(when.isPresent(), move + ": a claim sent while " + node + " was not MASTER");
    Mastership mastership = when.orElseThrow();
    long settle = options.apply(node).settle().toNanos();
    sim.check(move.requestedNanos() - mastership.from() >= settle, String.format(Locale.ROOT,
        "%s: claimed %.6f s after becoming MASTER at %.6f s (expected: after the settle time, %.3f s)", move,
        (move.requestedNanos() - mastership.from()) / 1e9, mastership.from() / 1e9, settle / 1e9));
    sim.check(mastership.to() == Long.MAX_VALUE || mastership.crashed(), String.format(Locale.ROOT,
        "%s: landed after %s stopped being MASTER at %.6f s (a cancelled claim must not land later)", move, node,
        mastership.to() / 1e9));
    landedAfterCrash += mastership.crashed() ? 1 : 0;
  }

  private Optional<Mastership> mastershipAt(String router, long nanos) {
    Long since = masterSince.get(router);
    if (since != null && since <= nanos) {
      return Optional.of(new Mastership(since, Long.MAX_VALUE, false));
    }
    return past.get(router).stream().filter(m -> m.contains(nanos)).findFirst();
  }

  private boolean crashedSince(String router, long nanos) {
    return crashes.get(router).stream().anyMatch(t -> t >= nanos);
  }
}
