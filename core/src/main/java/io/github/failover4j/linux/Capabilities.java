package io.github.failover4j.linux;

import io.github.failover4j.MissingCapabilityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's effective capabilities, from {@code /proc/self/status}: checked before the first
 * operation that needs one, so that the error names the capability instead of a bare EPERM later.
 */
final class Capabilities {
  private Capabilities() {}

  static void require(int capability, String name, String neededFor) {
    if (!effective(Path.of("/proc/self/status"), capability)) {
      throw new MissingCapabilityException(name, neededFor);
    }
  }

  static boolean effective(Path status, int capability) {
    try {
      List<String> lines = Files.readAllLines(status);
      for (String line : lines) {
        if (line.startsWith("CapEff:")) {
          long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
          return (mask >>> capability & 1) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unreadable: let the call itself fail and report EPERM as a missing capability
      return true;
    }
    return true;
  }
}
