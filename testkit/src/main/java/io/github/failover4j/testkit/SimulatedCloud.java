package io.github.failover4j.testkit;

import io.github.failover4j.group.MoverOutcome;
import io.github.failover4j.group.MoverStep;
import io.github.failover4j.internal.MoverDriver;
import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cloud API that routes each virtual address to one node (a floating IP, an alias IP, a VIP
 * port), in virtual time: what the simulation's routers claim through when a simulation has one
 * ({@link VrrpSimulation.Builder#cloud}).
 *
 * <p>It behaves as the APIs in the field do, as far as a mover can tell: every call takes a seeded
 * random latency; a write takes effect at a random instant within it, so a call cancelled midway
 * may or may not have moved the address (the request was on its way); a call cancelled in its last
 * few milliseconds, when the answer has already arrived, returns that answer, as an HTTP call whose
 * response was read does; a write is refused as
 * locked while another write on the same address runs; a read may lag the writes by up to the
 * {@linkplain CloudConditions#staleness() staleness}; and failures are injected per call with the
 * {@linkplain CloudConditions conditions}' probabilities, plus {@linkplain #outage outages} and
 * {@linkplain #forbid forbidden nodes}. Every move is recorded, and every call checks that its
 * client has no other operation in flight: a violation fails the simulation with its seed.
 */
public final class SimulatedCloud {
  private static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(1);
  // at most this long before a call returns, its answer is in the client's hands: too late to cancel
  private static final long LONGEST_RETURN = Duration.ofMillis(20).toNanos();

  private final VirtualScheduler scheduler;
  private final Random random;
  private CloudConditions conditions;
  private final Map<String, Optional<String>> holders = new HashMap<>();
  // per address, who held it from when: reads that lag are served from here
  private final Map<String, TreeMap<Long, Optional<String>>> history = new HashMap<>();
  private final Map<String, Long> lockedUntil = new HashMap<>();
  private final Set<String> forbidden = new HashSet<>();
  private long outageUntil = -1;
  private final List<CloudMove> moves = new ArrayList<>();
  private final Map<CloudFault, Long> faults = new EnumMap<>(CloudFault.class);
  private long calls;
  private long writes;
  private long cancelled;
  private long cancelledAfterMoving;
  private long staleReads;
  private int maxInFlight;
  private Optional<String> violation = Optional.empty();
  private Consumer<CloudMove> moved = move -> { };

  SimulatedCloud(VirtualScheduler scheduler, Random random, CloudConditions conditions) {
    this.scheduler = scheduler;
    this.random = random;
    this.conditions = conditions;
  }

  /**
   * Changes how calls are answered from now on (calls in flight keep what they drew).
   *
   * @param newConditions the conditions
   */
  public void conditions(CloudConditions newConditions) {
    this.conditions = newConditions;
  }

  /**
   * Returns the current conditions.
   *
   * @return the conditions
   */
  public CloudConditions conditions() {
    return conditions;
  }

  /**
   * Returns the node an address is routed to now, as the cloud knows it (reads may lag this).
   *
   * @param address the address, as the routers' configuration spells it (e.g. {@code 10.0.0.200})
   * @return the node, or empty if nobody has it
   */
  public Optional<String> holder(String address) {
    return holders.getOrDefault(address, Optional.empty());
  }

  /**
   * Takes the whole API down: every call that arrives in the next while fails with a 503.
   *
   * @param duration how long, from now
   */
  public void outage(Duration duration) {
    outageUntil = Math.max(outageUntil, scheduler.now() + duration.toNanos());
  }

  /**
   * Refuses every call of one node with a 403 from now on, as for a revoked token: a permanent
   * failure that retrying does not fix.
   *
   * @param node the node's name
   */
  public void forbid(String node) {
    forbidden.add(node);
  }

  /**
   * Accepts a node's calls again.
   *
   * @param node the node's name
   */
  public void permit(String node) {
    forbidden.remove(node);
  }

  /**
   * Returns every move so far, oldest first.
   *
   * @return a read-only view
   */
  public List<CloudMove> moves() {
    return Collections.unmodifiableList(moves);
  }

  /**
   * Returns what the cloud has done so far.
   *
   * @return the counters
   */
  public CloudCounters counters() {
    return new CloudCounters(calls, writes, moves.size(), cancelled, cancelledAfterMoving, staleReads,
        Map.copyOf(faults), maxInFlight);
  }

  /** The first time a client started an operation while another was in flight, if ever. */
  Optional<String> violation() {
    return violation;
  }

  void onMove(Consumer<CloudMove> listener) {
    this.moved = listener;
  }

  /**
   * Makes a client for one run of a node's mover: the operations of one driver, checked to never
   * overlap. A restarted node gets a new client; the old one's calls still run to their end.
   */
  MoverDriver.Operations client(String node, String address) {
    return new Client(node, address, scheduler.now());
  }

  private Optional<CloudFault> fault(String node, String address, boolean write) {
    long now = scheduler.now();
    if (forbidden.contains(node)) {
      return Optional.of(CloudFault.FORBIDDEN);
    }
    if (now < outageUntil) {
      return Optional.of(CloudFault.OUTAGE);
    }
    if (write && now < lockedUntil.getOrDefault(address, -1L)) {
      return Optional.of(CloudFault.LOCKED);
    }
    double draw = random.nextDouble();
    if (draw < conditions.timeouts()) {
      return Optional.of(CloudFault.TIMEOUT);
    }
    if (draw < conditions.timeouts() + conditions.serverErrors()) {
      return Optional.of(CloudFault.SERVER_ERROR);
    }
    if (draw < conditions.timeouts() + conditions.serverErrors() + conditions.rateLimits()) {
      return Optional.of(CloudFault.RATE_LIMITED);
    }
    return Optional.empty();
  }

  private IpMoverException failure(CloudFault fault, MoverStep step, String address) {
    String what = step.name().toLowerCase(Locale.ROOT) + " " + address + ": ";
    return switch (fault) {
      case SERVER_ERROR -> IpMoverException.ofHttpStatus(what + "HTTP 503 service unavailable", 503, Optional.empty());
      case OUTAGE -> IpMoverException.ofHttpStatus(what + "HTTP 503 outage", 503, Optional.empty());
      case LOCKED -> IpMoverException.ofHttpStatus(what + "HTTP 423 locked", 423, Optional.empty());
      case FORBIDDEN -> IpMoverException.ofHttpStatus(what + "HTTP 403 forbidden", 403, Optional.empty());
      case RATE_LIMITED -> {
        long longest = Math.max(FIRST_RETRY_AFTER.toNanos(), conditions.retryAfter().toNanos());
        Duration wait = Duration.ofNanos(FIRST_RETRY_AFTER.toNanos()
            + (long) (random.nextDouble() * (longest - FIRST_RETRY_AFTER.toNanos())));
        yield IpMoverException.ofHttpStatus(what + "HTTP 429 too many requests", 429, Optional.of(wait));
      }
      case TIMEOUT -> throw new IllegalArgumentException("a timeout has no answer");
    };
  }

  /** Serves a read as the cloud stood a random lag before a random instant within the call. */
  private Holder read(String node, String address, long start, long latency) {
    long instant = start + (long) (random.nextDouble() * latency);
    long seen = Math.max(0, instant - (long) (random.nextDouble() * conditions.staleness().toNanos()));
    TreeMap<Long, Optional<String>> past = history.computeIfAbsent(address, a -> initialHistory());
    Optional<String> holder = past.floorEntry(seen).getValue();
    if (!holder.equals(past.floorEntry(instant).getValue())) {
      staleReads++;
    }
    return holder.isEmpty() ? Holder.nobody() : holder.get().equals(node) ? Holder.self() : Holder.other(holder.get());
  }

  private static TreeMap<Long, Optional<String>> initialHistory() {
    TreeMap<Long, Optional<String>> initial = new TreeMap<>();
    initial.put(0L, Optional.empty());
    return initial;
  }

  /** Applies a write that reached the cloud: a claim takes the address, a release frees it only if held. */
  private void land(Operation operation) {
    Optional<String> from = holder(operation.client.address);
    Optional<String> to = operation.step == MoverStep.CLAIM ? Optional.of(operation.client.node)
        : from.equals(Optional.of(operation.client.node)) ? Optional.empty() : from;
    if (to.equals(from)) {
      return;
    }
    long now = scheduler.now();
    holders.put(operation.client.address, to);
    history.computeIfAbsent(operation.client.address, a -> initialHistory()).put(now, to);
    CloudMove move = new CloudMove(now, operation.client.address, from, to, operation.client.node, operation.start);
    operation.moved = true;
    moves.add(move);
    moved.accept(move);
  }

  /** One call: answered once, by the cloud or by its cancellation, whichever comes first. */
  private final class Operation {
    final Client client;
    final MoverStep step;
    final long start;
    final Consumer<MoverOutcome> done;
    long returning = Long.MAX_VALUE; // from then on the answer is on its way back: a cancel changes nothing
    boolean answered;
    boolean cancelled;
    boolean moved;

    Operation(Client client, MoverStep step, long start, Consumer<MoverOutcome> done) {
      this.client = client;
      this.step = step;
      this.start = start;
      this.done = done;
    }

    /** Answers at a time, unless cancelled first; the last moments before it, a cancel is too late. */
    void answerAt(long nanos, Supplier<MoverOutcome> outcome) {
      long latency = nanos - start;
      returning = nanos - (long) (random.nextDouble() * Math.min(latency, LONGEST_RETURN));
      scheduler.at(nanos, () -> {
        if (!answered) {
          answer(outcome.get());
        }
      });
    }

    void answer(MoverOutcome outcome) {
      answered = true;
      client.inFlight = null; // first: the driver may start its next operation from done
      done.accept(outcome);
    }

    /**
     * The caller gave up: a write not landed yet never will, and the answer is CANCELLED at once,
     * unless the real answer is already on its way back.
     */
    void cancel() {
      if (!answered && scheduler.now() < returning) {
        answered = true; // by the cancellation: the cloud's own answer, due later, goes nowhere
        cancelled = true;
        SimulatedCloud.this.cancelled++;
        cancelledAfterMoving += moved ? 1 : 0;
        scheduler.at(scheduler.now(), () -> answer(MoverOutcome.failed(
            IpMoverException.cancelled(step.name().toLowerCase(Locale.ROOT) + " " + client.address + ": cancelled"))));
      }
    }
  }

  /** What one run of a node's mover calls. */
  private final class Client implements MoverDriver.Operations {
    final String node;
    final String address;
    final long opened;
    Operation inFlight;

    Client(String node, String address, long opened) {
      this.node = node;
      this.address = address;
      this.opened = opened;
    }

    @Override
    public void run(MoverStep step, Holder current, MoverCall call, Consumer<MoverOutcome> done) {
      long now = scheduler.now();
      calls++;
      if (inFlight != null && violation.isEmpty()) {
        violation = Optional.of(String.format(Locale.ROOT,
            "the mover of %s (run since %.6f s) started %s while %s (started at %.6f s) was in flight", node,
            opened / 1e9, step, inFlight.step, inFlight.start / 1e9));
      }
      Operation operation = new Operation(this, step, now, done);
      maxInFlight = Math.max(maxInFlight, inFlight == null ? 1 : 2);
      inFlight = operation;
      boolean write = step == MoverStep.CLAIM || step == MoverStep.RELEASE;
      if (write) {
        writes++;
      }
      long latency = (write ? conditions.writes() : conditions.reads()).draw(random);
      Optional<CloudFault> fault = fault(node, address, write);
      fault.ifPresent(f -> faults.merge(f, 1L, Long::sum));
      call.onCancel(operation::cancel);
      if (fault.isPresent() && fault.get() != CloudFault.TIMEOUT) {
        IpMoverException failure = failure(fault.get(), step, address);
        operation.answerAt(now + latency, () -> MoverOutcome.failed(failure));
        return;
      }
      boolean answers = fault.isEmpty();
      if (write) {
        lockedUntil.merge(address, now + latency + conditions.lockWindow().toNanos(), Math::max);
        if (answers || random.nextBoolean()) {
          scheduler.at(now + (long) (random.nextDouble() * latency), () -> {
            if (!operation.cancelled) {
              land(operation);
            }
          });
        }
      }
      if (answers) {
        operation.answerAt(now + latency, () -> step == MoverStep.OBSERVE
            ? MoverOutcome.observed(read(node, address, now, latency)) : MoverOutcome.done());
      }
    }

    @Override
    public void close() {
      // nothing held: calls in flight run to their end at the cloud
    }
  }
}
