package io.github.failover4j.agent;

import io.github.failover4j.FailoverGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Running groups for tests of what serves them: groups built, not started, as if run without a file. */
final class Running {
  private Running() {}

  static RunningGroups of(FailoverGroup... groups) {
    RunningGroups running = new RunningGroups();
    for (FailoverGroup group : groups) {
      running.add(new AgentGroup(group, List.of(), Optional.empty(), Optional.empty()),
          GroupDefinition.unread(group.name()));
    }
    return running;
  }

  /** A control handler of an agent run without a file: reload is refused. */
  static ControlHandler handler(FailoverGroup... groups) {
    RunningGroups running = of(groups);
    return new ControlHandler(running, new Reloader(Optional.empty(), running, GroupRunner.LIVE, Map.of()));
  }
}
