package io.github.failover4j.internal;

import io.github.failover4j.Demotion;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A demotion counter, CARP's {@code carpdemote}: the sum of the active demotions, each undone by
 * closing its handle. One per group, and one for the whole process.
 */
public final class Demotions {
  private static final Demotions PROCESS = new Demotions();

  private final List<Entry> active = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();

  /**
   * Returns the process-wide counter, which applies to every group.
   *
   * @return the counter
   */
  public static Demotions process() {
    return PROCESS;
  }

  /**
   * Adds a demotion.
   *
   * @param reason why, shown in status and logs
   * @param amount how much to lower the priority by, 1..254
   * @return the handle whose close undoes it
   * @throws IllegalArgumentException if the amount or reason is invalid
   */
  public Demotion add(String reason, int amount) {
    if (amount < 1 || amount > 254) {
      throw new IllegalArgumentException("demotion amount: " + amount + " (expected: 1..254)");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("demotion reason: blank (expected: why, for the status)");
    }
    Entry entry = new Entry(reason, amount);
    active.add(entry);
    changed("demoted by " + amount + ": " + reason);
    return entry;
  }

  /**
   * Returns the sum of the active demotions.
   *
   * @return the total
   */
  public int total() {
    return active.stream().mapToInt(Entry::amount).sum();
  }

  /**
   * Returns the active demotions' reasons, with their amounts.
   *
   * @return e.g. {@code ["-50 uplink down"]}
   */
  public List<String> describe() {
    return active.stream().map(e -> "-" + e.amount + " " + e.reason).toList();
  }

  /**
   * Watches the counter.
   *
   * @param watcher told why, after each change
   */
  public void watch(Consumer<String> watcher) {
    watchers.add(watcher);
  }

  /**
   * Stops watching.
   *
   * @param watcher as given to {@link #watch}
   */
  public void unwatch(Consumer<String> watcher) {
    watchers.remove(watcher);
  }

  private void changed(String why) {
    for (Consumer<String> watcher : watchers) {
      watcher.accept(why);
    }
  }

  private final class Entry implements Demotion {
    private final String reason;
    private final int amount;

    Entry(String reason, int amount) {
      this.reason = reason;
      this.amount = amount;
    }

    @Override
    public String reason() {
      return reason;
    }

    @Override
    public int amount() {
      return amount;
    }

    @Override
    public void close() {
      if (active.remove(this)) {
        changed("demotion by " + amount + " undone: " + reason);
      }
    }

    @Override
    public String toString() {
      return "Demotion[-" + amount + " " + reason + "]";
    }
  }
}
