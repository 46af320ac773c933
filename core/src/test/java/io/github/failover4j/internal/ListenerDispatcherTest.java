package io.github.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.Role;
import io.github.failover4j.RoleChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenerDispatcherTest {
  static RoleChange change(int n) {
    return new RoleChange("g", Role.BACKUP, Role.MASTER, RoleChange.Cause.MASTER_DOWN, "#" + n, 100, Instant.EPOCH);
  }

  @Test
  void aListenerSeesChangesInOrderEvenOnAPool() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      ListenerDispatcher dispatcher = new ListenerDispatcher();
      List<String> seen = new ArrayList<>(); // unsynchronized on purpose: calls must not overlap
      dispatcher.add(change -> seen.add(change.reason()), pool);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        dispatcher.fire(dispatcher.snapshot(), change(i));
        sent.add("#" + i);
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      assertEquals(sent, seen);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() {
    ListenerDispatcher dispatcher = new ListenerDispatcher();
    List<String> seen = new ArrayList<>();
    dispatcher.add(change -> {
      throw new IllegalStateException("listener bug");
    }, Runnable::run);
    dispatcher.add(change -> seen.add(change.reason()), Runnable::run);

    dispatcher.fire(dispatcher.snapshot(), change(1));
    dispatcher.fire(dispatcher.snapshot(), change(2));

    assertEquals(List.of("#1", "#2"), seen);
  }
}
