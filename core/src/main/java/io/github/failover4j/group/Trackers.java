package io.github.failover4j.group;

import io.github.failover4j.Tracked;
import io.github.failover4j.RoleChange;
import io.github.failover4j.TrackState;
import io.github.failover4j.vrrp.VrrpConfig;
import java.util.List;

/**
 * The state of everything a group tracks, and what it makes of the group: keepalived's arithmetic
 * ({@code vrrp_track.c}). A check or interface with weight w adds max(w, 0) while healthy and
 * min(w, 0) while failing, nothing before its first result; {@code reverse} negates that. With
 * weight 0 it is a fault while failing (while healthy, if reversed). A file adds value × weight,
 * and is a fault when that is below -253, or, with weight 0, when its value is not 0. Confined to
 * the thread that drives the group.
 */
final class Trackers {
  private static final int FAULT_BELOW = -253;

  private final Tracked[] tracked;
  private final TrackState[] states;
  private final long[] values;
  private final String[] details;

  Trackers(List<Tracked> tracked) {
    this.tracked = tracked.toArray(Tracked[]::new);
    this.states = new TrackState[this.tracked.length];
    this.values = new long[this.tracked.length];
    this.details = new String[this.tracked.length];
    java.util.Arrays.fill(states, TrackState.UNKNOWN);
    java.util.Arrays.fill(details, "");
  }

  int size() {
    return tracked.length;
  }

  Tracked get(int index) {
    return tracked[index];
  }

  TrackState state(int index) {
    return states[index];
  }

  String detail(int index) {
    return details[index];
  }

  /** Records a result; returns whether anything shown changed. */
  boolean update(int index, TrackState state, long value, String detail) {
    boolean changed = states[index] != state || values[index] != value || !details[index].equals(detail);
    states[index] = state;
    values[index] = value;
    details[index] = detail;
    return changed;
  }

  /** What tracker {@code index} adds to the priority now. */
  int contribution(int index) {
    Tracked t = tracked[index];
    if (t.weight() == 0 || states[index] == TrackState.UNKNOWN) {
      return 0;
    }
    if (t instanceof Tracked.OfFile) {
      return states[index] == TrackState.HEALTHY ? (int) Math.max(FAULT_BELOW - 1, Math.min(254, values[index] * t.weight())) : 0;
    }
    int sign = t.reverse() ? -1 : 1;
    return sign * (states[index] == TrackState.HEALTHY ? Math.max(t.weight(), 0) : Math.min(t.weight(), 0));
  }

  /** Whether tracker {@code index} puts the group in FAULT now. */
  boolean faulty(int index) {
    Tracked t = tracked[index];
    if (states[index] == TrackState.UNKNOWN) {
      return false;
    }
    if (t instanceof Tracked.OfFile) {
      return states[index] == TrackState.HEALTHY
          && (t.weight() == 0 ? values[index] != 0 : values[index] * t.weight() < FAULT_BELOW);
    }
    return t.weight() == 0 && (states[index] == TrackState.FAILING) != t.reverse();
  }

  /** Whether the group must wait before it starts: a weight-0 tracker without a first result. */
  boolean pending() {
    for (int i = 0; i < tracked.length; i++) {
      if (tracked[i].weight() == 0 && states[i] == TrackState.UNKNOWN) {
        return true;
      }
    }
    return false;
  }

  /** What tracker {@code index} does to the group, for status and events. */
  String effect(int index) {
    if (faulty(index)) {
      return "fault";
    }
    int c = contribution(index);
    return c > 0 ? "+" + c : c < 0 ? String.valueOf(c) : tracked[index].weight() == 0 ? "none" : "+0";
  }

  /** Why tracker {@code index} is a fault, as status and logs say it. */
  String faultReason(int index) {
    Tracked t = tracked[index];
    return switch (t.kind()) {
      case CHECK -> "check " + t.name() + (states[index] == TrackState.FAILING ? " failing" : " healthy (reversed)");
      case INTERFACE -> "interface " + t.name() + (states[index] == TrackState.FAILING ? " down" : " up (reversed)");
      case FILE -> "file " + t.name() + " holds " + values[index];
    };
  }

  /** The cause a fault of tracker {@code index} gives a role change. */
  RoleChange.Cause faultCause(int index) {
    return switch (tracked[index].kind()) {
      case CHECK -> RoleChange.Cause.CHECK_FAILED;
      case INTERFACE -> RoleChange.Cause.TRACKED_INTERFACE_DOWN;
      case FILE -> RoleChange.Cause.TRACKED_FILE;
    };
  }

  /**
   * The priority to advertise: base + contributions - demotion, clamped to 1..254; the owner's 255
   * never changes.
   */
  int effectivePriority(int base, int demotion) {
    if (base == VrrpConfig.OWNER_PRIORITY) {
      return base;
    }
    long sum = base - (long) demotion;
    for (int i = 0; i < tracked.length; i++) {
      sum += contribution(i);
    }
    return (int) Math.max(1, Math.min(VrrpConfig.OWNER_PRIORITY - 1, sum));
  }
}
