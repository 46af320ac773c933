package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's running groups, by name, in the file's order, with the definition each was started
 * from: what the control socket, SIGUSR1 and the stop see, and what a reload compares the new file
 * with. Reloads change it; {@link Listener}s hear of every group that starts or stops.
 */
final class RunningGroups {
  /**
   * Hears of the groups that start and stop: at the agent's start, through reloads, and at its stop.
   * Called on the thread that starts or closes them (a reload's, a signal's), in order, outside
   * this registry's lock; must be quick and must not throw.
   */
  interface Listener {
    /**
     * A group started and is now one of the running groups: at the agent's start, added by a
     * reload, or the new one of a group a reload restarted.
     *
     * @param group the group
     */
    void started(FailoverGroup group);

    /**
     * A group was closed and is no longer one of the running groups: left out of the file by a
     * reload, the old one of a group a reload restarted (then {@link #started} follows for the new
     * one, unless it fails to start), or at the agent's stop.
     *
     * @param group the group
     */
    void stopped(FailoverGroup group);

    /**
     * A reload ended: valid or not, what it did.
     *
     * @param report what it did to each group
     */
    default void reloaded(ReloadReport report) {}
  }

  /**
   * A running group.
   *
   * @param group the group and what the file says about it
   * @param definition what it was started from
   */
  record Entry(AgentGroup group, GroupDefinition definition) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Adds a listener; it hears at once of the groups running now, as started.
   *
   * @param listener the listener
   */
  void addListener(Listener listener) {
    List<FailoverGroup> now;
    synchronized (this) {
      listeners.add(listener);
      now = groups();
    }
    now.forEach(listener::started);
  }

  /**
   * Records a group that started, after the others.
   *
   * @param group the group
   * @param definition what it was started from
   */
  void add(AgentGroup group, GroupDefinition definition) {
    synchronized (this) {
      entries.put(group.group().name(), new Entry(group, definition));
    }
    listeners.forEach(listener -> listener.started(group.group()));
  }

  /**
   * Forgets a group that was closed.
   *
   * @param name its name
   */
  void remove(String name) {
    Entry gone;
    synchronized (this) {
      gone = entries.remove(name);
    }
    if (gone != null) {
      listeners.forEach(listener -> listener.stopped(gone.group().group()));
    }
  }

  /**
   * Puts the groups in the order of a file; those it does not name go last.
   *
   * @param names the file's group names, in its order
   */
  synchronized void order(List<String> names) {
    Map<String, Entry> ordered = new LinkedHashMap<>();
    names.stream().filter(entries::containsKey).forEach(name -> ordered.put(name, entries.get(name)));
    ordered.putAll(entries);
    entries.clear();
    entries.putAll(ordered);
  }

  /** Tells the listeners a reload ended. */
  void reloaded(ReloadReport report) {
    listeners.forEach(listener -> listener.reloaded(report));
  }

  /**
   * Returns the running groups.
   *
   * @return a copy, in the file's order
   */
  synchronized List<FailoverGroup> groups() {
    return entries.values().stream().map(entry -> entry.group().group()).toList();
  }

  /**
   * Returns the running groups with what the file says about them.
   *
   * @return a copy, in the file's order
   */
  synchronized List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /**
   * Returns a running group.
   *
   * @param name its name
   * @return the group, empty if none of that name runs
   */
  synchronized Optional<FailoverGroup> group(String name) {
    return Optional.ofNullable(entries.get(name)).map(entry -> entry.group().group());
  }

  /**
   * Returns the running groups' names.
   *
   * @return a copy, in the file's order
   */
  synchronized List<String> names() {
    return List.copyOf(entries.keySet());
  }
}
