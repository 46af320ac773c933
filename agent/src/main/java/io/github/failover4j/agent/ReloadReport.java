package io.github.failover4j.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a reload did: each group of the new file, and each it left out, with what happened to it;
 * the settings that changed but only apply at the agent's start; the file's warnings.
 *
 * @param file the configuration file read
 * @param groups each group's outcome: the new file's in its order, then those it left out
 * @param notApplied settings that changed and were kept as they are, one line each
 * @param warnings the new file's warnings, as {@code --check-config} prints them
 */
record ReloadReport(String file, List<Outcome> groups, List<String> notApplied, List<String> warnings) {
  /** What a reload did to a group. */
  enum Change {
    /** Left running as it was: same object, no advertisement missed, its addresses kept. */
    UNCHANGED,
    /** Closed (a master sent priority 0 and released its addresses), then started from the new file. */
    RESTARTED,
    /** New in the file: started. */
    STARTED,
    /** Left out of the file: closed. */
    STOPPED;

    /** As people read it: {@code restarted}. */
    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What happened to one group.
   *
   * @param group its name
   * @param change what the reload did
   * @param failure why its start failed (a restarted or started group is then not running)
   */
  record Outcome(String group, Change change, Optional<String> failure) {}

  /** Copies the lists. */
  ReloadReport {
    groups = List.copyOf(groups);
    notApplied = List.copyOf(notApplied);
    warnings = List.copyOf(warnings);
  }

  /**
   * Tells whether every group that was to start did.
   *
   * @return false if one failed to start
   */
  boolean ok() {
    return groups.stream().allMatch(outcome -> outcome.failure().isEmpty());
  }

  /**
   * Returns the names of the groups a change happened to, failed or not.
   *
   * @param change the change
   * @return the names, in the report's order
   */
  List<String> named(Change change) {
    return groups.stream().filter(outcome -> outcome.change() == change).map(Outcome::group).toList();
  }

  /**
   * Says it for people, one line per group: what the log and {@code failover4j-agent reload} show.
   *
   * @return the lines; the first sums it up
   */
  List<String> lines() {
    List<String> counts = new ArrayList<>();
    for (Change change : Change.values()) {
      long n = groups.stream().filter(outcome -> outcome.change() == change && outcome.failure().isEmpty()).count();
      if (n > 0) {
        counts.add(n + " " + change.word());
      }
    }
    long failed = groups.stream().filter(outcome -> outcome.failure().isPresent()).count();
    if (failed > 0) {
      counts.add(failed + " failed to start");
    }
    List<String> lines = new ArrayList<>();
    lines.add("reloaded " + file + ": " + String.join(", ", counts));
    for (Outcome outcome : groups) {
      lines.add("  " + outcome.group() + ": " + switch (outcome.change()) {
        case UNCHANGED -> "unchanged";
        case RESTARTED -> "restarted (its configuration changed; closed first, a master sending priority 0)"
            + outcome.failure().map(why -> ", but failed to start: " + why + "; it is not running").orElse("");
        case STARTED -> outcome.failure().map(why -> "failed to start: " + why + "; it is not running")
            .orElse("started (new)");
        case STOPPED -> "stopped (no longer in the file)";
      });
    }
    notApplied.forEach(line -> lines.add("  " + line));
    warnings.forEach(warning -> lines.add("  warning: " + warning));
    return lines;
  }
}
