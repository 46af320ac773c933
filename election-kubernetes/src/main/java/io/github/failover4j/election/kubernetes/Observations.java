package io.github.failover4j.election.kubernetes;

import io.github.failover4j.spi.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one candidate has seen of an election's Leases, and when by its own monotonic clock: the
 * facts that decide whether a holder or a candidate is still alive. As client-go does, a Lease
 * counts as renewed when its record changed, at the moment this node saw the change — never by
 * the {@code renewTime} written in it, which another node's clock wrote. A holder that nobody saw
 * renew for its {@code leaseDurationSeconds} has expired, and its Lease may be taken. Pure: the
 * time is given.
 */
final class Observations {
  /** One Lease and when this node first saw its current record. */
  private record Seen(LeaseObject lease, long sinceNanos) {}

  /**
   * What the election looks like to this node now.
   *
   * @param holder the live holder, with what it published
   * @param fencingToken the holder's leaseTransitions; 0 without a holder
   * @param candidates the live candidates other than this node, by id
   */
  record Summary(Optional<Candidate> holder, long fencingToken, List<Candidate> candidates) {}

  private final String election;
  private final Duration defaultDuration;
  private final Map<String, Seen> seen = new HashMap<>();

  /**
   * Creates an empty book.
   *
   * @param election the main Lease's name
   * @param defaultDuration how long a Lease that names no duration lives
   */
  Observations(String election, Duration defaultDuration) {
    this.election = election;
    this.defaultDuration = defaultDuration;
  }

  /**
   * Records a Lease as read now; its time of observation changes only if its record did.
   *
   * @param lease the Lease
   * @param nowNanos the monotonic time it was read
   */
  void saw(LeaseObject lease, long nowNanos) {
    Seen before = seen.get(lease.name());
    if (before == null || !before.lease().sameRecord(lease)) {
      seen.put(lease.name(), new Seen(lease, nowNanos));
    } else {
      seen.put(lease.name(), new Seen(lease, before.sinceNanos())); // a newer resourceVersion, same record
    }
  }

  /**
   * Records that a Lease is gone.
   *
   * @param name its name
   */
  void gone(String name) {
    seen.remove(name);
  }

  /**
   * Records a full listing: Leases not in it are gone (the main Lease only if {@code mainListed}).
   *
   * @param leases the Leases listed
   * @param mainListed whether the listing speaks for the main Lease too
   * @param nowNanos when they were read
   */
  void sawAll(List<LeaseObject> leases, boolean mainListed, long nowNanos) {
    List<String> names = leases.stream().map(LeaseObject::name).toList();
    seen.keySet().removeIf(n -> !names.contains(n) && (mainListed || !n.equals(election)));
    leases.forEach(l -> saw(l, nowNanos));
  }

  /**
   * Returns the main Lease, as last seen.
   *
   * @return the Lease, or empty if it does not exist
   */
  Optional<LeaseObject> main() {
    return Optional.ofNullable(seen.get(election)).map(Seen::lease);
  }

  /**
   * Returns a Lease as last seen.
   *
   * @param name its name
   * @return the Lease, or empty if none was seen
   */
  Optional<LeaseObject> lease(String name) {
    return Optional.ofNullable(seen.get(name)).map(Seen::lease);
  }

  /**
   * Tells whether the main Lease may be taken: nobody holds it, or its record has not changed for
   * its duration by this node's clock.
   *
   * @param nowNanos the time now
   * @return true if free
   */
  boolean free(long nowNanos) {
    Seen main = seen.get(election);
    return main == null || main.lease().holder().isEmpty() || expired(main, nowNanos);
  }

  /**
   * Returns how long until the next Lease expires by this node's clock, when the election could
   * change without a write.
   *
   * @param nowNanos the time now
   * @return the time until the next expiry; empty if nothing is alive
   */
  Optional<Duration> untilNextExpiry(long nowNanos) {
    return seen.values().stream().filter(s -> s.lease().holder().isPresent() && !expired(s, nowNanos))
        .map(s -> Duration.ofNanos(s.sinceNanos() + duration(s.lease()).toNanos() - nowNanos))
        .min(Comparator.naturalOrder());
  }

  /**
   * Summarises the election for a candidate.
   *
   * @param self the candidate's id, left out of the candidates
   * @param nowNanos the time now
   * @return the live holder, its token, and the other live candidates
   */
  Summary summary(String self, long nowNanos) {
    Optional<Candidate> holder = Optional.empty();
    long token = 0;
    Seen main = seen.get(election);
    if (main != null && main.lease().holder().isPresent() && !expired(main, nowNanos)) {
      String id = main.lease().holder().get();
      holder = Optional.of(candidate(id, main.lease()));
      token = main.lease().transitions();
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Seen s : seen.values()) {
      Optional<String> id = s.lease().holder();
      if (!s.lease().name().equals(election) && id.isPresent() && !id.get().equals(self) && !expired(s, nowNanos)) {
        candidates.add(candidate(id.get(), s.lease()));
      }
    }
    candidates.sort(Comparator.comparing(Candidate::id));
    return new Summary(holder, token, candidates);
  }

  private boolean expired(Seen s, long nowNanos) {
    return nowNanos - s.sinceNanos() >= duration(s.lease()).toNanos();
  }

  private Duration duration(LeaseObject lease) {
    return lease.durationSeconds() > 0 ? Duration.ofSeconds(lease.durationSeconds()) : defaultDuration;
  }

  /** A candidate as its Lease publishes it; a priority that is not one reads as 0 (it never wins). */
  private static Candidate candidate(String id, LeaseObject lease) {
    int priority;
    try {
      priority = lease.annotation(LeaseObject.PRIORITY).map(Integer::parseInt).filter(p -> p >= 0 && p <= 255)
          .orElse(0);
    } catch (NumberFormatException e) {
      priority = 0;
    }
    return new Candidate(id, priority, lease.annotation(LeaseObject.PREEMPT).map(Boolean::parseBoolean).orElse(false));
  }
}
