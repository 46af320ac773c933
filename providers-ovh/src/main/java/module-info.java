/**
 * The {@code ovh} IP mover: moves a group's virtual address through OVHcloud's API when the group
 * becomes MASTER — a Public Cloud additional ("failover") IP attached to this instance, or an
 * additional IP of a dedicated server (or another service) moved with {@code /ip/{ip}/move}.
 *
 * <p>Choose it by name ({@code mover("ovh", settings)}); {@link java.util.ServiceLoader} finds it.
 */
module io.github.failover4j.provider.ovh {
  requires transitive io.github.failover4j;
  requires io.github.failover4j.provider.support;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.github.failover4j.provider.ovh;

  provides io.github.failover4j.spi.IpMoverProvider with io.github.failover4j.provider.ovh.OvhMoverProvider;
}
