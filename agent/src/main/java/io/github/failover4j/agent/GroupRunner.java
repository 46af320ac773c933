package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts and closes the agent's groups: at its start and stop, and for a reload. The agent's own
 * is {@link #LIVE}; tests give one that records what it is asked.
 */
interface GroupRunner {
  /** Starts groups for real: their notify scripts listen first, then VRRP starts. */
  GroupRunner LIVE = new GroupRunner() {
    @Override
    public void start(AgentGroup group) {
      // the hook only queues: on the event thread, it sees the group's changes from the first on
      group.notifyHook().ifPresent(hook -> group.group().addListener(hook, Runnable::run));
      group.syncGroup().flatMap(SyncMembership::notifier)
          .ifPresent(notifier -> group.group().addListener(notifier, Runnable::run));
      group.group().start();
    }

    @Override
    public void close(List<AgentGroup> groups) {
      List<Thread> closing = new ArrayList<>();
      for (AgentGroup group : groups) {
        FailoverGroup failover = group.group();
        Thread thread = new Thread(failover::close, "close-" + failover.name());
        thread.start();
        closing.add(thread);
      }
      for (Thread thread : closing) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  };

  /**
   * Starts a group.
   *
   * @param group the group, built and not started
   * @throws io.github.failover4j.FailoverException if it cannot start; it is then closed
   */
  void start(AgentGroup group);

  /**
   * Closes groups at once, each master sending priority 0 without waiting for the others, and
   * returns when they are all closed (their addresses released).
   *
   * @param groups the groups
   */
  void close(List<AgentGroup> groups);
}
