package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import io.github.failover4j.notify.GroupFacts;
import io.github.failover4j.notify.NotifyHook;
import java.util.Optional;

/**
 * A group's {@code notify} section: keepalived's {@code notify} ({@code any}) and
 * {@code notify_master|backup|fault|stop} scripts, run by a {@link NotifyHook} of the group's own.
 */
final class NotifyReader {
  private static final Options<NotifyHook.Builder> NOTIFY = Options.of(
      Option.of("any", Type.TEXT, NotifyHook.Builder::any),
      Option.of("master", Type.TEXT, NotifyHook.Builder::master),
      Option.of("backup", Type.TEXT, NotifyHook.Builder::backup),
      Option.of("fault", Type.TEXT, NotifyHook.Builder::fault),
      Option.of("stop", Type.TEXT, NotifyHook.Builder::stop),
      Option.of("timeout", Type.DURATION, NotifyHook.Builder::timeout),
      Option.of("user", Type.TEXT, NotifyHook.Builder::user));

  private NotifyReader() {}

  /**
   * Reads a group's {@code notify} section, if it has one, and builds its hook, judging every
   * script as health-check scripts are judged.
   *
   * @param group the group's map
   * @param facts what its scripts are told of the group, if the group's keys are valid
   * @return the hook, empty without a section or with problems
   */
  static Optional<NotifyHook> read(Node group, Optional<GroupFacts> facts) {
    return group.map("notify", "a map with " + String.join(", ", NOTIFY.keys())).flatMap(node -> {
      NotifyHook.Builder builder = NotifyHook.builder();
      NOTIFY.read(node, builder);
      facts.ifPresent(builder::environment);
      try {
        return Optional.of(builder.build());
      } catch (ConfigurationException e) {
        e.problems().forEach(problem -> node.problems().add(node.at(NOTIFY.renamed(problem))));
        return Optional.empty();
      }
    });
  }
}
