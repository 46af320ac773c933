package io.github.failover4j.testkit;

import io.github.failover4j.testkit.SimulationEvent.Kind;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What the seeded cloud simulations of one test class did, summed over their seeds. */
final class CloudStatistics {
  /** Mean and maximum of a set of durations. */
  private static final class Spread {
    long count;
    long sum;
    long max;

    void add(long nanos) {
      count++;
      sum += nanos;
      max = Math.max(max, nanos);
    }

    @Override
    public String toString() {
      return count == 0 ? "-" : String.format(Locale.ROOT, "%.2f s / %.2f s (%d runs)", sum / 1e9 / count, max / 1e9,
          count);
    }
  }

  private long seeds;
  private long events;
  private long virtualNanos;
  private long calls;
  private long moves;
  private long unassigns;
  private long cancelled;
  private long cancelledAfterMoving;
  private long landedAfterCrash;
  private long staleReads;
  private long splitBrains;
  private long claimFailing;
  private final Map<CloudFault, Long> faults = new EnumMap<>(CloudFault.class);
  private int maxInFlight;
  private final Spread electionToHolding = new Spread();
  private final Spread electedInQuietTail = new Spread();

  /**
   * Adds one run.
   *
   * @param sim the simulation, at its end
   * @param audit its moves' audit
   * @param elected when the final master became MASTER
   * @param holding when its mover then reached HOLDING
   * @param quiet when the quiet tail began
   */
  void add(VrrpSimulation sim, MoveAudit audit, long elected, long holding, long quiet) {
    CloudCounters counters = sim.cloud().counters();
    seeds++;
    events += sim.scheduler().executed();
    virtualNanos += sim.now();
    calls += counters.calls();
    moves += counters.moves();
    unassigns += sim.cloud().moves().stream().filter(CloudMove::unassigned).count();
    cancelled += counters.cancelled();
    cancelledAfterMoving += counters.cancelledAfterMoving();
    landedAfterCrash += audit.landedAfterCrash();
    staleReads += counters.staleReads();
    counters.faults().forEach((kind, count) -> faults.merge(kind, count, Long::sum));
    maxInFlight = Math.max(maxInFlight, counters.maxInFlight());
    for (SimulationEvent event : sim.timeline()) {
      splitBrains += event.kind() == Kind.SPLIT_BRAIN ? 1 : 0;
      claimFailing += event.kind() == Kind.CLAIM_FAILING && event.detail().startsWith("applies") ? 1 : 0;
    }
    electionToHolding.add(holding - elected);
    if (elected >= quiet) {
      electedInQuietTail.add(holding - elected);
    }
  }

  boolean isEmpty() {
    return seeds == 0;
  }

  @Override
  public String toString() {
    long injected = faults.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, """
        | what | value |
        |---|---|
        | seeds | %d |
        | events (virtual time) | %d (%.1f h) |
        | cloud calls | %d |
        | moves (of which unassigns) | %d (%d) |
        | injected faults | %d %s |
        | stale reads served | %d |
        | calls cancelled by the driver (writes that had already moved the address) | %d (%d) |
        | claims that landed after their node crashed | %d |
        | split brains found / claim-failure policies applied | %d / %d |
        | max operations in flight per mover | %d |
        | final master's election to HOLDING, mean / max | %s |
        | the same, masters elected in the quiet tail | %s |""",
        seeds, events, virtualNanos / 3.6e12, calls, moves, unassigns, injected, faults, staleReads, cancelled,
        cancelledAfterMoving, landedAfterCrash, splitBrains, claimFailing, maxInFlight, electionToHolding, electedInQuietTail);
  }
}
