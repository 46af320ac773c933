package io.github.failover4j.micrometer;

import io.github.failover4j.FailoverGroup;
import io.github.failover4j.FailoverListener;
import io.github.failover4j.GroupStatus;
import java.util.List;

/** What the meters read, and what tells them that a group's tracked items may now be known. */
interface StatusSource {
  /** The group's name, the {@code group} tag. */
  String name();

  /** Its movers' names: known from the start, unlike its tracked items before it starts. */
  List<String> moverNames();

  /** A snapshot, taken on the calling thread. */
  GroupStatus status();

  /** Tells a listener of the group's events; it runs on failover4j's event thread. */
  void watch(FailoverListener listener);

  /** Stops telling it. */
  void unwatch(FailoverListener listener);

  /** A real group. */
  static StatusSource of(FailoverGroup group) {
    return new StatusSource() {
      @Override
      public String name() {
        return group.name();
      }

      @Override
      public List<String> moverNames() {
        return group.moverNames();
      }

      @Override
      public GroupStatus status() {
        return group.status();
      }

      @Override
      public void watch(FailoverListener listener) {
        group.addListener(listener, Runnable::run);
      }

      @Override
      public void unwatch(FailoverListener listener) {
        group.removeListener(listener);
      }
    };
  }
}
