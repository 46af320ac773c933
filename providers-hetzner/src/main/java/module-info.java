/**
 * The {@code hetzner} IP mover: moves a group's virtual address through Hetzner's APIs when the
 * group becomes MASTER — a Hetzner Cloud floating IP, an alias IP in a Hetzner Cloud private
 * network, or a Hetzner Robot failover IP of dedicated servers.
 *
 * <p>Choose it by name ({@code mover("hetzner", settings)}); {@link java.util.ServiceLoader} finds it.
 */
module io.github.failover4j.provider.hetzner {
  requires transitive io.github.failover4j;
  requires io.github.failover4j.provider.support;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.github.failover4j.provider.hetzner;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.provider.hetzner.HetznerMoverProvider;
}
