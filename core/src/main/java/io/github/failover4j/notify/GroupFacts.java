package io.github.failover4j.notify;

import io.github.failover4j.VirtualIp;
import java.util.List;
import java.util.Objects;

/**
 * What a group's notify scripts are told about it besides the event: the facts of its configuration
 * that a role change does not carry. None of them is a secret.
 *
 * @param group the group's name, as its events carry it
 * @param vrid its virtual router identifier ({@code FAILOVER4J_VRID})
 * @param interfaceName the interface it runs on ({@code FAILOVER4J_INTERFACE})
 * @param virtualIps its addresses ({@code FAILOVER4J_VIRTUAL_IPS}, as {@code ADDRESS/PREFIX}
 *     separated by spaces)
 */
public record GroupFacts(String group, int vrid, String interfaceName, List<VirtualIp> virtualIps) {
  /**
   * Checks for nulls and copies the list.
   *
   * @throws NullPointerException if the group, interface or list (or an address in it) is null
   */
  public GroupFacts {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(interfaceName, "interfaceName");
    virtualIps = List.copyOf(virtualIps);
  }
}
