package io.github.failover4j.provider.openstack;

import io.github.failover4j.provider.support.AddressText;
import io.github.failover4j.provider.support.MetadataClient;
import io.github.failover4j.provider.support.SelfId;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Neutron port: configured, or found on the first operation that needs it (never when
 * the mover is made, so that a configuration check needs no network) and kept from then on. To
 * find it, the metadata service tells the instance's id, Neutron lists the instance's ports
 * ({@code device_id}), and the one the group's interface plugs is picked: by the configured MAC
 * address, the configured fixed IP, or the interface's own MAC; an instance with one port needs
 * none of them.
 */
final class NodePort {
  private static final Logger LOG = LoggerFactory.getLogger(NodePort.class);

  /**
   * What picks the port among the instance's.
   *
   * @param macAddress the configured MAC, lower case
   * @param fixedIp the configured fixed IP
   * @param interfaceName the group's interface, whose MAC is read when neither is configured
   * @param namespace its network namespace, if not the process's own
   */
  record Selector(Optional<String> macAddress, Optional<InetAddress> fixedIp, String interfaceName,
      Optional<String> namespace) {}

  private final NeutronApi api;
  private final MetadataClient metadata;
  private final InterfaceMacs macs;
  private final Selector selector;
  private final String group;
  private final SelfId<String> id;

  /**
   * Creates the identity.
   *
   * @param configured the port from the settings, or empty to find it
   * @param selector what picks it among the instance's ports
   * @param metadata the metadata service, where the instance's id is asked
   * @param api where its ports are listed
   * @param macs reads the interface's MAC
   * @param group the group's name, for logs
   */
  NodePort(Optional<String> configured, Selector selector, MetadataClient metadata, NeutronApi api,
      InterfaceMacs macs, String group) {
    this.id = new SelfId<>(configured, this::find);
    this.selector = selector;
    this.metadata = metadata;
    this.api = api;
    this.macs = macs;
    this.group = group;
  }

  /**
   * Returns this node's port's id.
   *
   * @param call the operation, for the requests that find it
   * @return the id
   * @throws IpMoverException PERMANENT if the instance has no such port, or several and nothing
   *     picks one; or the failure of a request
   */
  String id(MoverCall call) throws IpMoverException {
    return id.get(call);
  }

  private String find(MoverCall call) throws IpMoverException {
    String instance = metadata.openStackInstanceId(call,
        "on a host that is not an OpenStack instance, set port to this node's port id");
    List<Port> ports = api.ports(call, "device_id", instance);
    Port found = pick(ports, instance);
    LOG.info("[{}] this node's port is {} of instance {}", group, found, instance);
    return found.id();
  }

  private Port pick(List<Port> ports, String instance) throws IpMoverException {
    if (ports.isEmpty()) {
      throw IpMoverException.permanent("instance " + instance + " has no port (set port to this node's port id)");
    }
    Optional<String> mac = selector.macAddress();
    String why = "macAddress " + mac.orElse("");
    if (mac.isEmpty() && selector.fixedIp().isEmpty()) {
      mac = macs.of(selector.interfaceName(), selector.namespace());
      why = "the MAC " + mac.orElse("") + " of " + selector.interfaceName();
    }
    Predicate<Port> matches = p -> true;
    if (mac.isPresent()) {
      String wanted = mac.get();
      matches = matches.and(p -> p.macAddress().equals(wanted));
    }
    if (selector.fixedIp().isPresent()) {
      InetAddress wanted = selector.fixedIp().get();
      matches = matches.and(p -> p.fixedIps().stream().anyMatch(ip -> Addresses.is(ip, wanted)));
      why = (mac.isPresent() ? why + " and " : "") + "fixedIp " + AddressText.of(wanted);
    }
    if (mac.isEmpty() && selector.fixedIp().isEmpty()) {
      if (ports.size() == 1) {
        return ports.get(0);
      }
      throw IpMoverException.permanent("instance " + instance + " has " + ports.size() + " ports " + ports
          + " (set macAddress or fixedIp to pick this node's, or port)");
    }
    List<Port> picked = ports.stream().filter(matches).toList();
    if (picked.size() != 1) {
      throw IpMoverException.permanent("instance " + instance + " has " + (picked.isEmpty() ? "no port" : picked.size()
          + " ports") + " with " + why + " among " + ports + " (set macAddress, fixedIp or port)");
    }
    return picked.get(0);
  }
}
