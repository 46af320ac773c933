package io.github.failover4j;

import java.time.Instant;

/**
 * Something a group tracks changed state: a check, an interface, or a file's value.
 *
 * @param group the group's name
 * @param kind what is tracked
 * @param name the check's name, the interface, or the file's path
 * @param state its state now
 * @param effect what it does to the group now, e.g. {@code "fault"}, {@code "-60"}, {@code "none"}
 * @param at when, by the wall clock
 */
public record TrackChange(String group, Kind kind, String name, TrackState state, String effect, Instant at)
    implements GroupEvent {

  /** What a group tracks. */
  public enum Kind {
    /** A health check. */
    CHECK,
    /** An interface other than the group's own. */
    INTERFACE,
    /** A file holding a number (keepalived's {@code track_file}). */
    FILE
  }

  @Override
  public String toString() {
    return group + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " " + state + " (" + effect
        + ")";
  }
}
