package io.github.failover4j.provider.hetzner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Hetzner Cloud server, as much of it as the alias-IP mover reads: its attachments to private
 * networks.
 *
 * @param id its id
 * @param privateNets the networks it is attached to
 */
record Server(long id, List<PrivateNet> privateNets) {
  /**
   * A server's attachment to a private network.
   *
   * @param network the network's id
   * @param aliasIps the alias IPs the server has in it, as the API wrote them
   */
  record PrivateNet(long network, List<String> aliasIps) {
    /** Copies the list. */
    PrivateNet {
      aliasIps = List.copyOf(aliasIps);
    }
  }

  /** Copies the list. */
  Server {
    privateNets = List.copyOf(privateNets);
  }

  /**
   * Reads one from the API's JSON.
   *
   * @param node a {@code server} object
   * @return the server
   */
  static Server of(JsonNode node) {
    List<PrivateNet> nets = new ArrayList<>();
    for (JsonNode net : node.path("private_net")) {
      List<String> aliases = new ArrayList<>();
      net.path("alias_ips").forEach(a -> aliases.add(a.asText()));
      nets.add(new PrivateNet(net.path("network").asLong(), aliases));
    }
    return new Server(node.path("id").asLong(), nets);
  }

  /**
   * Returns the server's attachment to a network.
   *
   * @param network the network's id
   * @return the attachment, if the server is attached
   */
  Optional<PrivateNet> in(long network) {
    return privateNets.stream().filter(n -> n.network() == network).findFirst();
  }
}
