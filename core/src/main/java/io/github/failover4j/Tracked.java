package io.github.failover4j;

import io.github.failover4j.check.Check;
import java.nio.file.Path;

/**
 * One thing a group tracks, with its weight for that group. Weight 0 makes the group FAULT while it
 * fails; otherwise a check or interface adds a positive weight while healthy and a negative weight
 * while failing (keepalived's arithmetic), and {@code reverse} turns the direction round; a file's
 * value is multiplied by its weight.
 */
public sealed interface Tracked {
  /** The lowest weight, as keepalived's. */
  int MIN_WEIGHT = -253;
  /** The highest weight, as keepalived's. */
  int MAX_WEIGHT = 253;

  /**
   * Returns the kind.
   *
   * @return check, interface or file
   */
  TrackChange.Kind kind();

  /**
   * Says what it is, as problems and logs name it.
   *
   * @return e.g. {@code check nginx}, {@code interface eth1}, {@code file /run/web.prio}
   */
  default String label() {
    return kind().name().toLowerCase(java.util.Locale.ROOT) + " " + name();
  }

  /**
   * Returns the name shown in status and events.
   *
   * @return the check's name, the interface, or the path
   */
  String name();

  /**
   * Returns the weight.
   *
   * @return -253..253 (a file's up to ±254 so that a negative value can fault)
   */
  int weight();

  /**
   * Returns whether the weight works the other way round.
   *
   * @return keepalived's {@code reverse}
   */
  boolean reverse();

  /**
   * A tracked health check.
   *
   * @param check the check, shared with other groups that track it
   * @param weight its weight here
   * @param reverse whether reversed
   */
  record OfCheck(Check check, int weight, boolean reverse) implements Tracked {
    @Override
    public TrackChange.Kind kind() {
      return TrackChange.Kind.CHECK;
    }

    @Override
    public String name() {
      return check.name();
    }
  }

  /**
   * A tracked interface: healthy while up (administratively and with carrier).
   *
   * @param interfaceName its name; one that does not exist counts as down
   * @param weight its weight
   * @param reverse whether reversed
   */
  record OfInterface(String interfaceName, int weight, boolean reverse) implements Tracked {
    @Override
    public TrackChange.Kind kind() {
      return TrackChange.Kind.INTERFACE;
    }

    @Override
    public String name() {
      return interfaceName;
    }
  }

  /**
   * A tracked file holding an integer (keepalived's {@code track_file}): with weight 0 a non-zero
   * value is a fault; otherwise value × weight is added, and a sum below -253 is a fault.
   *
   * @param path the file
   * @param weight its weight
   */
  record OfFile(Path path, int weight) implements Tracked {
    @Override
    public TrackChange.Kind kind() {
      return TrackChange.Kind.FILE;
    }

    @Override
    public String name() {
      return path.toString();
    }

    @Override
    public boolean reverse() {
      return false;
    }
  }
}
