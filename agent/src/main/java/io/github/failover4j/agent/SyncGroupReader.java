package io.github.failover4j.agent;

import io.github.failover4j.SyncGroup;
import io.github.failover4j.notify.NotifyHook;
import io.github.failover4j.notify.SyncGroupNotifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file's {@code syncGroups} (keepalived's {@code vrrp_sync_group}): groups of the file that move
 * together, each in one sync group at most.
 */
final class SyncGroupReader {
  /** A sync group being read. */
  private static final class Entry {
    String name;
    List<String> groups;
    Optional<NotifyHook> notify = Optional.empty();
  }

  private static final Options<Entry> SYNC_GROUP = Options.of(
      Option.of("name", Type.TEXT, (entry, value) -> entry.name = value),
      Option.of("groups", Type.TEXTS, (entry, value) -> entry.groups = value),
      Option.custom("notify", "notify", (node, entry) -> entry.notify = NotifyReader.read(node, Optional.empty())));

  private SyncGroupReader() {}

  /**
   * Reads the file's {@code syncGroups}.
   *
   * @param root the file's top map
   * @param groupNames the names of the file's groups
   * @return the sync group of each member group, by the group's name
   */
  static Map<String, SyncMembership> read(Node root, Collection<String> groupNames) {
    Map<String, SyncMembership> byGroup = new LinkedHashMap<>();
    Map<String, String> memberOf = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    root.eachMap("syncGroups", "a map with " + String.join(", ", SYNC_GROUP.keys()), node -> {
      Entry entry = new Entry();
      SYNC_GROUP.read(node, entry);
      if (!node.has("name")) {
        node.problem("name", "missing (expected: a name, unique in the file)");
      } else if (entry.name != null && names.putIfAbsent(entry.name, node.path()) != null) {
        node.problem("name", entry.name + " (expected: unique; " + names.get(entry.name) + " has it too)");
      }
      if (!node.has("groups")) {
        node.problem("groups", "missing (expected: two or more names of groups)");
      } else if (entry.groups != null && entry.groups.size() < 2) {
        node.problem("groups", entry.groups + " (expected: two or more names of groups)");
      }
      SyncGroup sync = SyncGroup.named(entry.name == null ? node.path() : entry.name);
      List<String> members = entry.groups == null ? List.of() : entry.groups;
      SyncMembership membership = new SyncMembership(sync,
          entry.notify.map(hook -> new SyncGroupNotifier(sync.name(), members, hook)));
      for (int i = 0; i < members.size(); i++) {
        String group = members.get(i);
        String at = node.at("groups") + "[" + i + "]";
        if (!groupNames.contains(group)) {
          node.problems().add(at + ": " + Node.unknownName("group", "groups", group, groupNames));
        } else if (memberOf.putIfAbsent(group, node.path()) != null) {
          node.problems().add(at + ": " + group + " is in " + memberOf.get(group) + " too (expected: one sync group"
              + " per group)");
        } else {
          byGroup.put(group, membership);
        }
      }
    });
    return byGroup;
  }
}
