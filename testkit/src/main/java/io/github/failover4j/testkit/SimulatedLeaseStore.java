package io.github.failover4j.testkit;

import io.github.failover4j.group.LeaseRequest;
import io.github.failover4j.spi.Candidate;
import io.github.failover4j.spi.ElectionException;
import io.github.failover4j.spi.LeaseTiming;
import io.github.failover4j.spi.LeaseView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A lease store (what etcd or a Kubernetes Lease is to a group elected by a lease) in virtual time:
 * one lease, taken atomically when free, that expires {@link LeaseTiming#duration()} after the
 * store received its last renewal; the candidates' publications, live for a lease's duration; and
 * a revision that changes with the holder and the publications, so that watches wake up (an
 * expiry wakes them too, as etcd's does).
 *
 * <p>Requests travel to the store and answers back with a {@link Latency} each. Faults: an outage
 * (nobody reaches the store), a node cut off from it, answers lost after the store acted (a write
 * that landed but whose reply never came) and slow answers; a call not answered by its deadline
 * fails as CANCELLED, as the driver's cancellation makes it.
 */
public final class SimulatedLeaseStore {
  /** The faults the store injects, counted. */
  public enum Fault {
    /** A request that never reached the store: an outage or a node cut off. */
    UNREACHABLE,
    /** An answer lost on its way back, after the store acted on the request. */
    LOST_ANSWER,
    /** An answer delayed by a lease's duration, past any deadline. */
    SLOW_ANSWER
  }

  /** Where a call's answer goes. */
  interface Answers {
    void viewed(long sentNanos, LeaseView view, LeaseTiming timing);

    void failed(ElectionException.Kind kind, String message);
  }

  private record Publication(Candidate candidate, long seenNanos) {}

  private record Watch(String node, long sinceRevision, long deadline, Answers answers, long sent, boolean[] done) {}

  private final VirtualScheduler scheduler;
  private final Random random;
  private final LeaseTiming timing;
  private final Latency latency;
  private final Latency releaseTime;
  private double lostAnswers;
  private double slowAnswers;
  private String holder; // null when free
  private long expiresAt;
  private long tokens;
  private long fencingToken;
  private final Map<String, Long> lastGrant = new HashMap<>(); // each node's latest term
  private long revision = 1;
  private long downUntil = Long.MIN_VALUE;
  private final Set<String> cutOff = new HashSet<>();
  private final Map<String, Publication> candidates = new LinkedHashMap<>();
  private final List<Watch> watches = new ArrayList<>();
  private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
  private long calls;
  private long grants;

  SimulatedLeaseStore(VirtualScheduler scheduler, Random random, LeaseTiming timing, Latency latency,
      double lostAnswers, double slowAnswers, Latency releaseTime) {
    this.releaseTime = releaseTime;
    this.scheduler = scheduler;
    this.random = random;
    this.timing = timing;
    this.latency = latency;
    this.lostAnswers = lostAnswers;
    this.slowAnswers = slowAnswers;
  }

  /**
   * Returns the lease's times.
   *
   * @return the timing every candidate uses
   */
  public LeaseTiming timing() {
    return timing;
  }

  /**
   * Returns who holds the lease now, in the store's own time.
   *
   * @return the holder; empty when free or expired
   */
  public Optional<String> holder() {
    expire();
    return Optional.ofNullable(holder);
  }

  /**
   * Makes the store unreachable for everyone for a while: requests sent meanwhile are lost.
   *
   * @param duration how long
   */
  public void outage(Duration duration) {
    downUntil = Math.max(downUntil, scheduler.now() + duration.toNanos());
  }

  /**
   * Stops losing and delaying answers from now on (a scenario's faults healed).
   */
  public void answerReliably() {
    lostAnswers = 0;
    slowAnswers = 0;
  }

  /**
   * Cuts a node off from the store (its requests are lost) until {@link #reconnect}.
   *
   * @param node the node's name
   */
  public void cutOff(String node) {
    cutOff.add(node);
  }

  /**
   * Lets a node reach the store again.
   *
   * @param node the node's name
   */
  public void reconnect(String node) {
    cutOff.remove(node);
  }

  /**
   * Returns how many faults of each kind were injected.
   *
   * @return counts by kind
   */
  public Map<Fault, Long> faults() {
    return Map.copyOf(faults);
  }

  /**
   * Returns how many calls the store received.
   *
   * @return the count
   */
  public long calls() {
    return calls;
  }

  /**
   * Returns how many times the lease changed hands (each a new fencing token).
   *
   * @return the count
   */
  public long grants() {
    return grants;
  }

  /** The fencing token of the latest lease a node was granted, 0 if none: the term it claims for. */
  long lastGrant(String node) {
    return lastGrant.getOrDefault(node, 0L);
  }

  /** Draws how long a router takes to release the addresses. */
  long releaseNanos() {
    return releaseTime.draw(random);
  }

  /** Sends a request from a node; its answer, or its failure at the deadline, reaches {@code answers}. */
  void call(String node, LeaseRequest request, Answers answers) {
    long sent = scheduler.now();
    boolean[] done = {false};
    scheduler.at(Math.max(sent, request.deadlineNanos()), () -> {
      if (!done[0]) {
        done[0] = true;
        answers.failed(ElectionException.Kind.CANCELLED, request.kind().name().toLowerCase(java.util.Locale.ROOT)
            + ": deadline passed");
      }
    });
    long arrival = sent + latency.draw(random);
    if (arrival < downUntil || cutOff.contains(node)) {
      count(Fault.UNREACHABLE);
      return; // the request is lost: the deadline answers
    }
    scheduler.at(arrival, () -> {
      if (scheduler.now() < downUntil || cutOff.contains(node)) {
        count(Fault.UNREACHABLE);
        return;
      }
      calls++;
      expire();
      publish(request.self());
      switch (request.kind()) {
        case CAMPAIGN -> campaign(node);
        case RESIGN -> resign(node);
        case OBSERVE -> { }
      }
      if (request.kind() == LeaseRequest.Kind.OBSERVE && revision == request.sinceRevision()) {
        watches.add(new Watch(node, request.sinceRevision(), request.deadlineNanos(), answers, sent, done));
        // a watch returns with the current view shortly before its deadline
        scheduler.at(Math.max(scheduler.now(), request.deadlineNanos() - latency.max().toNanos() - 1), this::wake);
      } else {
        answer(node, answers, sent, done);
      }
      wake();
    });
  }

  private void campaign(String node) {
    if (holder == null) {
      holder = node;
      fencingToken = ++tokens;
      lastGrant.put(node, fencingToken);
      grants++;
      revision++;
    }
    if (holder.equals(node)) {
      expiresAt = scheduler.now() + timing.duration().toNanos();
      long at = expiresAt;
      scheduler.at(at, () -> {
        expire();
        wake();
      });
    }
  }

  private void resign(String node) {
    if (node.equals(holder)) {
      holder = null;
      fencingToken = 0;
      revision++;
    }
  }

  private void publish(Candidate self) {
    Publication previous = candidates.put(self.id(), new Publication(self, scheduler.now()));
    if (previous == null || !previous.candidate().equals(self)) {
      revision++;
    }
  }

  private void expire() {
    long now = scheduler.now();
    if (holder != null && now >= expiresAt) {
      holder = null;
      fencingToken = 0;
      revision++;
    }
    boolean gone = candidates.values().removeIf(p -> now - p.seenNanos() >= timing.duration().toNanos());
    if (gone) {
      revision++;
    }
  }

  /** Answers the watches whose revision is out of date, or whose deadline is near. */
  private void wake() {
    expire();
    long now = scheduler.now();
    for (Watch watch : List.copyOf(watches)) {
      if (watch.done()[0]) {
        watches.remove(watch);
      } else if (watch.sinceRevision() != revision || now >= watch.deadline() - latency.max().toNanos() - 1) {
        watches.remove(watch);
        answer(watch.node(), watch.answers(), watch.sent(), watch.done());
      }
    }
  }

  private void answer(String node, Answers answers, long sent, boolean[] done) {
    LeaseView view = view(node);
    double draw = random.nextDouble();
    if (draw < lostAnswers) {
      count(Fault.LOST_ANSWER);
      return;
    }
    long delay = latency.draw(random);
    if (draw < lostAnswers + slowAnswers) {
      count(Fault.SLOW_ANSWER);
      delay += timing.duration().toNanos();
    }
    scheduler.at(scheduler.now() + delay, () -> {
      if (!done[0]) {
        done[0] = true;
        answers.viewed(sent, view, timing);
      }
    });
  }

  private LeaseView view(String node) {
    Optional<Candidate> held = Optional.ofNullable(holder).map(h -> {
      Publication p = candidates.get(h);
      return p == null ? new Candidate(h, 0, false) : p.candidate();
    });
    List<Candidate> others = candidates.values().stream().map(Publication::candidate)
        .filter(c -> !c.id().equals(node)).toList();
    return new LeaseView(held, fencingToken, revision, others);
  }

  private void count(Fault fault) {
    faults.merge(fault, 1L, Long::sum);
  }
}
