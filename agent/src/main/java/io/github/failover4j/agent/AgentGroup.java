package io.github.failover4j.agent;

import io.github.failover4j.Tracked;
import io.github.failover4j.FailoverGroup;
import io.github.failover4j.GroupStatus;
import io.github.failover4j.notify.NotifyHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A group of the configuration file, built and not started, with what the file says about it
 * beyond the builder: what it tracks, its sync group and its notify hook.
 *
 * @param group the group
 * @param track what it tracks, in the file's order
 * @param syncGroup the sync group it is a member of, shared with the other members
 * @param notifyHook its notify scripts, to add as a listener before it starts
 */
record AgentGroup(FailoverGroup group, List<Tracked> track, Optional<SyncMembership> syncGroup,
    Optional<NotifyHook> notifyHook) {

  /** Copies the list. */
  AgentGroup {
    track = List.copyOf(track);
  }

  /**
   * Describes the group in one line, for {@code --check-config}: never a script's command line.
   *
   * @return e.g. {@code web: eth0 vrid 51 priority 150; movers local; track check nginx fault; sync group edge; notify
   *     (master, any; timeout 30000 ms)}
   */
  String describe() {
    GroupStatus status = group.status();
    List<String> parts = new ArrayList<>(List.of(status.name() + ": " + status.interfaceName() + " vrid "
        + status.vrid() + " priority " + status.basePriority()));
    parts.add(group.moverNames().isEmpty() ? "no movers" : "movers " + String.join(", ", group.moverNames()));
    if (!track.isEmpty()) {
      parts.add("track " + track.stream().map(TrackReader::describe).collect(Collectors.joining(", ")));
    }
    syncGroup.ifPresent(sync -> parts.add("sync group " + sync.group().name()
        + sync.notifier().map(n -> " " + n.hook()).orElse("")));
    notifyHook.ifPresent(hook -> parts.add(hook.toString()));
    return String.join("; ", parts);
  }
}
