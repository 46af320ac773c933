package io.github.failover4j.provider.openstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the MAC address of the group's interface, which picks this node's port among the ports of
 * its instance (Neutron gives each port the MAC of the interface it plugs).
 */
@FunctionalInterface
interface InterfaceMacs {
  /**
   * sysfs of the process's own network namespace. A group in another namespace gets nothing: the
   * process's {@code /sys} shows its own interfaces, so {@code macAddress}, {@code fixedIp} or
   * {@code port} pick the port there.
   */
  InterfaceMacs SYSFS = (name, namespace) -> {
    if (namespace.isPresent() || name.contains("/") || name.startsWith(".")) {
      return Optional.empty();
    }
    try {
      String mac = Files.readString(Path.of("/sys/class/net", name, "address"), StandardCharsets.US_ASCII).strip();
      return mac.isEmpty() ? Optional.empty() : Optional.of(mac.toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      return Optional.empty();
    }
  };

  /**
   * Reads an interface's MAC address.
   *
   * @param name the interface, e.g. {@code eth0}
   * @param namespace its network namespace, if not the process's own
   * @return the MAC, lower case, or empty if it cannot be read
   */
  Optional<String> of(String name, Optional<String> namespace);
}
