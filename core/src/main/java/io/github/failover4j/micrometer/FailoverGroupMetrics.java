package io.github.failover4j.micrometer;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.GroupCounters;
import io.github.failover4j.GroupEvent;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.MoverState;
import io.github.failover4j.MoverStatus;
import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.TrackStatus;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for one {@link FailoverGroup}: its role, priority, counters, dropped packets by
 * reason, and the state of its IP movers and of what it tracks. Every meter is tagged
 * {@code group}; Prometheus shows {@code failover4j.group.role} as {@code failover4j_group_role}.
 *
 * <pre>{@code
 * FailoverGroupMetrics metrics = new FailoverGroupMetrics(group);
 * metrics.bindTo(registry);   // before or after group.start()
 * ...
 * metrics.close();            // removes the meters, e.g. when the group goes away
 * }</pre>
 *
 * <p>Every value is read from {@link FailoverGroup#status()} when the registry asks for it, on the
 * registry's thread, never on the engine thread; one snapshot serves every meter read within 100 ms
 * (by the registry's clock), so one scrape sees one state. Roles and states are one gauge per
 * possible value, 1 for the current one and 0 for the others ({@code failover4j_group_role{role=
 * "master"} == 1}); counters count from the group's start. A group not started, or closed, reads as
 * role {@code initialize} (its counters stay as they were at close). A group's tracked items are
 * known once it has started: bound earlier, their meters appear at its first event.
 *
 * <p>The meters hold their values weakly, as Micrometer's do: the group holds this binder through a
 * listener, and nothing holds the group for the registry. Bind a group to a registry once.
 * Thread-safe.
 */
// micrometer.core is required static, not transitive (an automatic module cannot be): whoever binds
// metrics has a registry, so reads micrometer.core already
@SuppressWarnings("exports")
public final class FailoverGroupMetrics implements MeterBinder, AutoCloseable {
  private static final String PREFIX = "failover4j.";

  /** A drop reason that is not a decode failure: a valid packet the group's filter refused. */
  private record Drop(String reason, ToLongFunction<GroupCounters> count) {}

  /** One registry's meters, and the tracked items they cover so far. */
  private record Binding(MeterRegistry registry, Snapshots snapshots, List<Meter> meters, Set<String> tracked) {}

  private final StatusSource source;
  private final Tags groupTag;
  private final List<Binding> bindings = new ArrayList<>();
  private final FailoverListener trackedWatcher = new TrackedWatcher();

  /**
   * Describes a group's meters; {@link #bindTo} registers them.
   *
   * @param group the group, started or not
   */
  public FailoverGroupMetrics(FailoverGroup group) {
    this(StatusSource.of(group));
  }

  FailoverGroupMetrics(StatusSource source) {
    this.source = source;
    this.groupTag = Tags.of("group", source.name());
  }

  /**
   * Registers the group's meters.
   *
   * @param registry where
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Binding binding = new Binding(registry, new Snapshots(source, registry.config().clock()), new ArrayList<>(),
        new HashSet<>());
    synchronized (bindings) {
      if (bindings.isEmpty()) {
        source.watch(trackedWatcher);
      }
      bindings.add(binding);
      bindGroup(binding);
      source.moverNames().forEach(mover -> bindMover(binding, mover));
      bindTracked(binding, source.status().tracked());
    }
  }

  /** Removes every meter this binder registered, from every registry it was bound to. Idempotent. */
  @Override
  public void close() {
    synchronized (bindings) {
      if (!bindings.isEmpty()) {
        source.unwatch(trackedWatcher);
      }
      for (Binding binding : bindings) {
        binding.meters().forEach(binding.registry()::remove);
      }
      bindings.clear();
    }
  }

  private void bindGroup(Binding b) {
    states(b, "group.role", "1 for the group's role now, 0 for the others", "role", Role.values(), Optional::of,
        GroupStatus::role, Role.INITIALIZE, Tags.empty());
    gauge(b, "group.priority", "the priority the group advertises now", GroupStatus::priority, Tags.empty());
    gauge(b, "group.demotion", "what demotions take off the group's priority now", GroupStatus::demotion,
        Tags.empty());
    gauge(b, "group.held", "1 while the group is MASTER and every mover has verified that it holds the addresses",
        s -> s.held() ? 1 : 0, Tags.empty());
    gauge(b, "group.faults", "why the group is in FAULT: the number of reasons", s -> s.faults().size(),
        Tags.empty());
    counter(b, "group.transitions", "role changes", counts(GroupCounters::transitions), Tags.empty());
    for (Role role : Role.values()) {
      keep(b, FunctionCounter.builder(PREFIX + "group.role.time", b.snapshots(),
              snapshots -> seconds(snapshots.get().counters().timeInRole().getOrDefault(role, Duration.ZERO)))
          .description("time spent in each role").baseUnit("seconds")
          .tags(groupTag.and("role", tagValue(role))).register(b.registry()));
    }
    counter(b, "adverts.sent", "advertisements sent, to each unicast peer counted once",
        counts(GroupCounters::advertsSent), Tags.empty());
    counter(b, "adverts.received", "valid advertisements received", counts(GroupCounters::advertsReceived),
        Tags.empty());
    counter(b, "adverts.priority.zero.sent", "releases (priority 0) sent", counts(GroupCounters::priorityZeroSent),
        Tags.empty());
    counter(b, "adverts.priority.zero.received", "releases (priority 0) received",
        counts(GroupCounters::priorityZeroReceived), Tags.empty());
    counter(b, "adverts.address.list.mismatches", "valid advertisements listing other addresses than ours",
        counts(GroupCounters::addressListMismatches), Tags.empty());
    counter(b, "adverts.send.errors", "advertisements the kernel refused", counts(GroupCounters::sendErrors),
        Tags.empty());
    counter(b, "engine.stalls", "times the engine thread woke a quarter of the shortest interval late or more",
        counts(GroupCounters::engineStalls), Tags.empty());
    List<Drop> drops = new ArrayList<>();
    for (VrrpDecodeException.Reason reason : VrrpDecodeException.Reason.values()) {
      drops.add(new Drop(tagValue(reason), c -> c.invalid().getOrDefault(reason, 0L)));
    }
    drops.add(new Drop("not-from-peer", GroupCounters::notFromPeer));
    drops.add(new Drop("wrong-destination", GroupCounters::wrongDestination));
    for (Drop drop : drops) {
      counter(b, "adverts.dropped", "packets for the group dropped, by reason", counts(drop.count()),
          Tags.of("reason", drop.reason()));
    }
  }

  private void bindMover(Binding b, String mover) {
    Tags tags = Tags.of("mover", mover);
    Function<GroupStatus, Optional<MoverStatus>> find = s -> mover(s, mover);
    // before the group starts its movers have no status: idle, as they are then
    states(b, "mover.state", "1 for the mover's state now, 0 for the others", "state",
        MoverState.values(), find, MoverStatus::state, MoverState.IDLE, tags);
    ToLongFunction<GroupStatus> attempts = field(find, MoverStatus::attempts);
    gauge(b, "mover.attempts", "failed attempts since the mover last succeeded", attempts::applyAsLong, tags);
    counter(b, "mover.operations", "operations the mover ran", field(find, MoverStatus::operations), tags);
    counter(b, "mover.failures", "operations of the mover that failed", field(find, MoverStatus::failures), tags);
    latency(b, "mover.latency", "how long the mover's last successful operation took; NaN before one",
        s -> find.apply(s).flatMap(MoverStatus::lastLatency), tags);
  }

  /** A time gauge of a duration the status may not hold yet (NaN then). */
  private void latency(Binding b, String name, String description, Function<GroupStatus, Optional<Duration>> of,
      Tags tags) {
    keep(b, TimeGauge.builder(PREFIX + name, b.snapshots(), TimeUnit.NANOSECONDS,
            snapshots -> of.apply(snapshots.get()).map(d -> (double) d.toNanos()).orElse(Double.NaN))
        .description(description)
        .tags(groupTag.and(tags)).register(b.registry()));
  }

  private void bindTracked(Binding b, List<TrackStatus> tracked) {
    for (TrackStatus item : tracked) {
      String kind = tagValue(item.kind());
      if (!b.tracked().add(kind + " " + item.name())) {
        continue;
      }
      Function<GroupStatus, Optional<TrackStatus>> find = s -> trackStatus(s, item);
      states(b, "tracked.state", "1 for the tracked item's state now, 0 for the others", "state",
          TrackState.values(), find, TrackStatus::state, TrackState.UNKNOWN,
          Tags.of("kind", kind, "tracked", item.name()));
      if (item.kind() == TrackChange.Kind.CHECK) {
        Tags check = Tags.of("check", item.name());
        counter(b, "check.runs", "runs of the check", field(find, TrackStatus::runs), check);
        counter(b, "check.timeouts", "runs of the check stopped at its timeout", field(find, TrackStatus::timeouts),
            check);
        counter(b, "check.skipped", "runs skipped because the previous one still ran",
            field(find, TrackStatus::skipped), check);
        latency(b, "check.latency", "how long the check's last run took that ended by itself; NaN before one",
            s -> find.apply(s).flatMap(TrackStatus::lastLatency), check);
      }
    }
  }

  /**
   * One gauge per possible state, tagged {@code key}, 1 for the current one; {@code absent} is the
   * state of something the status does not list (yet).
   */
  private <T, E extends Enum<E>> void states(Binding b, String name, String description, String key, E[] values,
      Function<GroupStatus, Optional<T>> find, Function<T, E> stateOf, E absent, Tags tags) {
    for (E state : values) {
      gauge(b, name, description, s -> find.apply(s).map(stateOf).orElse(absent) == state ? 1 : 0,
          tags.and(key, tagValue(state)));
    }
  }

  /** A number of something the status lists, 0 while it is not there. */
  private static <T> ToLongFunction<GroupStatus> field(Function<GroupStatus, Optional<T>> find,
      ToLongFunction<T> value) {
    return s -> find.apply(s).map(value::applyAsLong).orElse(0L);
  }

  private void gauge(Binding b, String name, String description, ToDoubleFunction<GroupStatus> value, Tags tags) {
    keep(b, Gauge.builder(PREFIX + name, b.snapshots(), snapshots -> value.applyAsDouble(snapshots.get()))
        .description(description).tags(groupTag.and(tags)).register(b.registry()));
  }

  private void counter(Binding b, String name, String description, ToLongFunction<GroupStatus> value, Tags tags) {
    keep(b, FunctionCounter.builder(PREFIX + name, b.snapshots(), snapshots -> value.applyAsLong(snapshots.get()))
        .description(description).tags(groupTag.and(tags)).register(b.registry()));
  }

  /** A counter of {@link GroupCounters}, read from the status. */
  private static ToLongFunction<GroupStatus> counts(ToLongFunction<GroupCounters> counter) {
    return status -> counter.applyAsLong(status.counters());
  }

  private static void keep(Binding b, Meter meter) {
    b.meters().add(meter);
  }

  private static Optional<MoverStatus> mover(GroupStatus status, String name) {
    for (MoverStatus mover : status.movers()) {
      if (mover.name().equals(name)) {
        return Optional.of(mover);
      }
    }
    return Optional.empty();
  }

  private static Optional<TrackStatus> trackStatus(GroupStatus status, TrackStatus wanted) {
    for (TrackStatus item : status.tracked()) {
      if (item.kind() == wanted.kind() && item.name().equals(wanted.name())) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /** As Micrometer's own binders write states: {@code timed-waiting}. */
  private static String tagValue(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Registers the meters of tracked items that appeared since: a group's tracked items are in its
   * status once it has started, and starting is an event.
   */
  private final class TrackedWatcher implements FailoverListener {
    @Override
    public void onRoleChange(RoleChange change) {
      onEvent(change);
    }

    @Override
    public void onEvent(GroupEvent event) {
      List<TrackStatus> tracked = source.status().tracked();
      synchronized (bindings) {
        bindings.forEach(binding -> bindTracked(binding, tracked));
      }
    }
  }
}
